"""The ESC/POS decoder the tests rely on."""

from __future__ import annotations

import pytest
from PIL import Image

from printer.escpos_job import build_job
from printer.testing.decode import DecodeError, decode, jobs, scan


def test_round_trip_of_a_job_with_several_bands() -> None:
    image = Image.new("1", (384, 300), 1)
    image.paste(0, (8, 8, 100, 290))
    job_bytes = build_job(image, 384, fragment_height=128)
    names = [command.name for command in decode(job_bytes)]
    assert names == ["init", "raster", "raster", "raster", "feed", "cut"]
    [job] = jobs(job_bytes)
    assert job.image is not None
    assert job.image.tobytes() == image.tobytes()


def test_incomplete_stream_is_scanned_up_to_the_cut_short_command() -> None:
    job_bytes = build_job(Image.new("1", (384, 50), 0), 384)
    commands, consumed = scan(job_bytes[:100])
    assert [command.name for command in commands] == ["init"]
    assert consumed == 2
    more, consumed = scan(job_bytes, consumed)
    assert [command.name for command in more] == ["raster", "feed", "cut"]
    assert consumed == len(job_bytes)
    with pytest.raises(DecodeError):
        decode(job_bytes[:100])


def test_text_and_unknown_commands() -> None:
    assert [c.name for c in decode(b"\x1b@Hello?\n\x1dV\x00")] == ["init", "text", "lf", "cut"]
    with pytest.raises(DecodeError):
        decode(b"\x1b\x7f")
    assert [c.name for c in decode(b"\x1b\x7f", strict=False)] == ["unknown"]


def test_status_requests_between_jobs_are_not_jobs() -> None:
    one = build_job(Image.new("1", (384, 8), 1), 384)
    stream = b"\x10\x04\x01\x10\x04\x04" + one + b"\x1dr\x01" + one
    assert len(jobs(stream)) == 2
