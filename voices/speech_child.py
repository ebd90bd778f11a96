"""The child's side of voices/speech_process.py: `python -m voices.speech_child` loads the
engine once and renders each request it reads (the protocol is described there)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from typing import IO, Any


def serve(requests: IO[bytes], answers: IO[bytes], engine_factory: Callable[[], Any]) -> None:
    """The child's loop: render each request with the one engine, answer its errors."""
    try:
        engine = engine_factory()
    except Exception as exc:  # told to the server, which shows it in health
        answers.write(json.dumps({"failed": f"{type(exc).__name__}: {exc}"}).encode() + b"\n")
        return
    answers.write(b'{"ready": true}\n')
    answers.flush()
    errors: list[str] = []
    engine.connect("error", lambda **kw: errors.append(repr(kw.get("exception"))))
    for line in requests:
        request = json.loads(line)
        errors.clear()
        for name, value in request["settings"]:
            engine.setProperty(name, value)
        engine.save_to_file(request["text"], request["file"])
        engine.runAndWait()
        answers.write(json.dumps({"errors": errors}).encode() + b"\n")
        answers.flush()


def main() -> None:
    from voices.espeak import pyttsx3_engine  # the engine loads here, in the child only

    answers = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)  # what libespeak-ng or pyttsx3 print goes to the log, not into answers
    serve(sys.stdin.buffer, answers, pyttsx3_engine)


if __name__ == "__main__":
    main()
