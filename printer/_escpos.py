"""python-escpos, imported once and without litter.

On import python-escpos calls ``tempfile.mkdtemp()`` (whether it needs it or not) and caches
its printer capabilities there as a pickle: one more /tmp/tmpXXXX left behind by every
process. It reads the pickle only at import, so the import runs with the temporary
directory pointed at a private one, removed straight after. (A shared, fixed directory via
ESCPOS_CAPABILITIES_PICKLE_DIR would race: one process can read the pickle while another
is still writing it.)
"""

from __future__ import annotations

import shutil
import tempfile

_private = tempfile.mkdtemp(prefix="qabyldau-escpos-")
_saved = tempfile.tempdir
tempfile.tempdir = _private  # import `printer` at start-up, before threads make temp files
try:
    from escpos.capabilities import Profile, get_profile  # type: ignore[import-untyped]
    from escpos.exceptions import DeviceNotFoundError  # type: ignore[import-untyped]
    from escpos.printer import Dummy, Network, Serial, Usb  # type: ignore[import-untyped]
finally:
    tempfile.tempdir = _saved
    shutil.rmtree(_private, ignore_errors=True)

__all__ = ["DeviceNotFoundError", "Dummy", "Network", "Profile", "Serial", "Usb", "get_profile"]
