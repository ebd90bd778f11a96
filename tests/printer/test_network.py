"""A real TCP listener on 127.0.0.1 as the network printer: what bytes does it get?"""

from __future__ import annotations

from dataclasses import replace

from PIL import Image, ImageChops

from printer.escpos_job import build_job
from printer.escpos_printer import EscposPrinter
from printer.layout import render_ticket
from printer.status import PaperLevel
from printer.testing.decode import decode, rasters
from printer.testing.emulator import NetworkPrinterEmulator
from printer.testing.samples import RUSSIAN
from printer.urls import open_printer


def same_pixels(a: Image.Image, b: Image.Image) -> bool:
    return (
        a.size == b.size and ImageChops.difference(a.convert("L"), b.convert("L")).getbbox() is None
    )


def test_ticket_arrives_as_init_raster_of_paper_width_and_cut(
    emulator: NetworkPrinterEmulator, width: int, kazakh_image: Image.Image
) -> None:
    printer = open_printer(emulator.url, width, timeout=3)
    printer.print_ticket(kazakh_image)

    [job] = emulator.wait_for_jobs(1)
    stream = emulator.received()
    assert job.raw.startswith(b"\x1b@")  # ESC @
    assert b"\x1dv0" in job.raw  # GS v 0
    assert job.cut is not None
    assert job.cut.raw in (b"\x1dV\x00", b"\x1dV\x01")  # GS V: cut
    assert job.raw.endswith(job.cut.raw)
    # The whole stream decodes strictly: status requests around one job, and no text
    # commands at all — nothing that a code page could turn into "?".
    names = [command.name for command in decode(stream)]
    bands = names.count("raster")
    assert bands == -(-kazakh_image.height // 960)  # python-escpos sends 960-row bands
    names = [name for i, name in enumerate(names) if name != "raster" or names[i - 1] != "raster"]
    assert names == [
        "realtime_status",
        "realtime_status",
        "init",
        "raster",
        "feed",
        "cut",
        "transmit_status",
    ]
    sent = rasters(job.commands)
    assert all(band.width == width and band.width_bytes == width // 8 for band in sent)
    assert sum(band.height for band in sent) == kazakh_image.height
    assert job.image is not None
    assert same_pixels(job.image, kazakh_image)


def test_the_job_is_exactly_what_build_job_makes(
    emulator: NetworkPrinterEmulator, width: int, russian_image: Image.Image
) -> None:
    open_printer(emulator.url, width, timeout=3).print_ticket(russian_image)
    [job] = emulator.wait_for_jobs(1)
    assert job.raw == build_job(russian_image, width)


def test_without_status_requests_the_printer_gets_only_the_job(
    emulator: NetworkPrinterEmulator, width: int, russian_image: Image.Image
) -> None:
    open_printer(f"{emulator.url}?status=0", width, timeout=3).print_ticket(russian_image)
    emulator.wait_for_jobs(1)
    assert emulator.received() == build_job(russian_image, width)


def test_kazakh_text_reaches_the_printer_drawn(
    emulator: NetworkPrinterEmulator, width: int
) -> None:
    kazakh = render_ticket(replace(RUSSIAN, zone_name="ққққ"), width)
    questions = render_ticket(replace(RUSSIAN, zone_name="????"), width)
    printer = open_printer(emulator.url, width, timeout=3)
    printer.print_ticket(kazakh)
    printer.print_ticket(questions)
    first, second = emulator.wait_for_jobs(2)
    assert first.image is not None
    assert second.image is not None
    assert same_pixels(first.image, kazakh)
    assert same_pixels(second.image, questions)
    box = ImageChops.difference(first.image.convert("L"), second.image.convert("L")).getbbox()
    assert box is not None, "the printer got ? where қ should be"
    assert box[3] < first.image.height // 2  # the zone line, above the number


def test_tall_image_goes_in_bands_and_decodes_whole(emulator: NetworkPrinterEmulator) -> None:
    image = Image.new("1", (576, 2500), 1)
    image.paste(0, (100, 100, 476, 2400))
    open_printer(emulator.url, 576, timeout=3).print_ticket(image)
    [job] = emulator.wait_for_jobs(1)
    assert len(rasters(job.commands)) == 3  # 960 + 960 + 580 rows
    assert job.image is not None
    assert same_pixels(job.image, image)


def test_narrower_image_is_centred_on_the_paper(emulator: NetworkPrinterEmulator) -> None:
    image = Image.new("1", (200, 50), 0)
    open_printer(emulator.url, 384, timeout=3).print_ticket(image)
    [job] = emulator.wait_for_jobs(1)
    assert job.image is not None
    assert job.width == 384
    inverted = Image.eval(job.image.convert("L"), lambda value: 255 - value)
    assert inverted.getbbox() == (92, 0, 292, 50)


def test_partial_cut_from_the_url(emulator: NetworkPrinterEmulator) -> None:
    image = Image.new("1", (384, 40), 1)
    open_printer(f"{emulator.url}?cut=partial", 384, timeout=3).print_ticket(image)
    [job] = emulator.wait_for_jobs(1)
    assert job.cut is not None
    assert job.cut.raw == b"\x1dV\x01"


def test_status_reports_paper(emulator: NetworkPrinterEmulator) -> None:
    printer = open_printer(emulator.url, 576, timeout=2)
    status = printer.status()
    assert status.reachable
    assert status.responded
    assert status.ready
    assert status.paper is PaperLevel.OK
    emulator.paper = PaperLevel.LOW
    assert printer.status().paper is PaperLevel.LOW
    emulator.paper = PaperLevel.OUT
    out = printer.status()
    assert out.paper is PaperLevel.OUT
    assert out.online is False
    assert not out.ready
    assert emulator.jobs() == []  # asking prints nothing


def test_paper_low_still_prints_and_is_reported(emulator: NetworkPrinterEmulator) -> None:
    emulator.paper = PaperLevel.LOW
    printer = open_printer(emulator.url, 384, timeout=2)
    assert isinstance(printer, EscposPrinter)
    printer.print_ticket(Image.new("1", (384, 40), 1))
    assert len(emulator.wait_for_jobs(1)) == 1
    assert printer.last_status is not None
    assert printer.last_status.paper is PaperLevel.LOW


def test_one_connection_per_job(emulator: NetworkPrinterEmulator) -> None:
    printer = open_printer(emulator.url, 384, timeout=2)
    for _ in range(3):
        printer.print_ticket(Image.new("1", (384, 40), 1))
    assert len(emulator.wait_for_jobs(3)) == 3
    assert len(emulator.connections) == 3


def test_host_names_are_resolved(emulator: NetworkPrinterEmulator) -> None:
    printer = open_printer(f"tcp://localhost:{emulator.port}", 384, timeout=2)
    printer.print_ticket(Image.new("1", (384, 40), 1))
    assert len(emulator.wait_for_jobs(1)) == 1
