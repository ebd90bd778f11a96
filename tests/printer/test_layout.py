"""The ticket image: size, Kazakh letters, wrapping, the number, the QR code."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
import qrcode  # type: ignore[import-untyped]
from PIL import Image, ImageChops, ImageDraw

from printer.layout import (
    PAPER_58MM,
    PAPER_80MM,
    TicketPrint,
    _Metrics,
    _number_band,
    qr_image,
    render_ticket,
)
from printer.testing.samples import ENGLISH, KAZAKH, RUSSIAN, SAMPLES, write_samples
from printer.text import FONT_BOLD, FONT_REGULAR, KAZAKH_LETTERS, font, wrap_balanced, wrap_text

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "printer"


def ink_box(image: Image.Image) -> tuple[int, int, int, int] | None:
    """Bounding box of the black dots (mode "1": black is 0)."""
    return Image.eval(image.convert("L"), lambda value: 255 - value).getbbox()


def differing_box(a: Image.Image, b: Image.Image) -> tuple[int, int, int, int] | None:
    return ImageChops.difference(a.convert("L"), b.convert("L")).getbbox()


def test_fonts_ship_with_the_package_and_stay_small() -> None:
    for path in (FONT_REGULAR, FONT_BOLD):
        assert path.is_file()
        assert path.stat().st_size < 200_000
    total = sum(path.stat().st_size for path in FONT_REGULAR.parent.iterdir())
    assert total < 1_000_000
    assert (FONT_REGULAR.parent / "LICENSE-DejaVu.txt").is_file()


@pytest.mark.parametrize("bold", [False, True], ids=["regular", "bold"])
@pytest.mark.parametrize("letter", list(KAZAKH_LETTERS))
def test_every_kazakh_letter_has_its_own_glyph(letter: str, bold: bool) -> None:
    fnt = font(40, bold=bold)
    glyph = bytes(fnt.getmask(letter, mode="1"))
    missing = bytes(fnt.getmask("中", mode="1"))  # not in the font: the .notdef box
    question = bytes(fnt.getmask("?", mode="1"))
    assert glyph
    assert glyph != missing
    assert glyph != question


@pytest.mark.parametrize("width", [PAPER_58MM, PAPER_80MM])
@pytest.mark.parametrize("language", list(SAMPLES))
def test_render_is_one_bit_and_exactly_the_paper_width(language: str, width: int) -> None:
    image = render_ticket(SAMPLES[language], width)
    assert image.mode == "1"
    assert image.width == width
    assert 300 < image.height < 2 * width + 400
    box = ink_box(image)
    assert box is not None
    margin = _Metrics.for_width(width).margin
    left, top, right, bottom = box
    assert left >= margin
    assert right <= width - margin
    assert top > 0
    assert bottom < image.height


def test_render_is_deterministic(width: int) -> None:
    assert differing_box(render_ticket(KAZAKH, width), render_ticket(KAZAKH, width)) is None


def test_kazakh_letters_are_drawn_not_question_marks(width: int) -> None:
    kazakh = render_ticket(replace(RUSSIAN, zone_name="ққққ"), width)
    questions = render_ticket(replace(RUSSIAN, zone_name="????"), width)
    missing = render_ticket(replace(RUSSIAN, zone_name="中中中中"), width)  # .notdef boxes
    assert kazakh.size == questions.size == missing.size
    box = differing_box(kazakh, questions)
    assert box is not None, "ққққ rendered exactly like ????"
    assert differing_box(kazakh, missing) is not None, "ққққ rendered as missing glyphs"
    # Only the zone line (above the number, in the upper half) differs ...
    assert box[3] < kazakh.height // 2
    # ... and there the ticket shows exactly the font's қ glyphs, which are not its ?.
    m = _Metrics.for_width(width)
    zone_font = font(m.zone)
    assert bytes(zone_font.getmask("қ", mode="1")) != bytes(zone_font.getmask("?", mode="1"))
    expected = Image.new("1", (width, zone_font.getmetrics()[0] * 2), 1)
    ImageDraw.Draw(expected).text((width // 2, 0), "ққққ", font=zone_font, anchor="ma")
    drawn = ink_box(kazakh.crop((0, box[1], width, box[3])))
    wanted = ink_box(expected)
    assert drawn is not None
    assert wanted is not None
    assert kazakh.crop((drawn[0], box[1] + drawn[1], drawn[2], box[1] + drawn[3])).tobytes() == (
        expected.crop(wanted).tobytes()
    )


def test_every_letter_of_the_kazakh_alphabet_changes_the_image() -> None:
    base = render_ticket(replace(RUSSIAN, zone_name="?"), PAPER_58MM)
    images = {}
    for letter in KAZAKH_LETTERS:
        image = render_ticket(replace(RUSSIAN, zone_name=letter), PAPER_58MM)
        assert differing_box(image, base) is not None, letter
        images[letter] = image.tobytes()
    assert len(set(images.values())) == len(KAZAKH_LETTERS)


def test_long_centre_name_wraps_and_nothing_is_lost(width: int) -> None:
    name = (
        "Шығыс Қазақстан облысы Үржар ауданы әкімдігінің азаматтарды қабылдау және "
        "өтініштерді қарау жөніндегі біріккен орталығы "
        "Аааааааааааааааааааааааааааааааааааааааааааааааааааққққққққ"
    )
    fnt = font(_Metrics.for_width(width).title, bold=True)
    available = width - 2 * _Metrics.for_width(width).margin
    lines = wrap_balanced(name, fnt, available)
    assert len(lines) >= 3
    assert all(fnt.getlength(line) <= available for line in lines)
    assert "".join(lines).replace(" ", "") == name.replace(" ", "")
    short = render_ticket(KAZAKH, width)
    long = render_ticket(replace(KAZAKH, centre_name=name, zone_name=name), width)
    assert long.height > short.height
    box = ink_box(long)
    assert box is not None
    margin = _Metrics.for_width(width).margin
    assert box[0] >= margin
    assert box[2] <= width - margin


def test_wrap_text_keeps_every_word_and_breaks_only_overlong_ones() -> None:
    fnt = font(24)
    text = "Алматы қаласы әкімдігінің азаматтарды қабылдау орталығы"
    lines = wrap_text(text, fnt, 200)
    assert " ".join(lines) == text
    assert all(fnt.getlength(line) <= 200 for line in lines)
    assert wrap_text("", fnt, 200) == [""]
    assert wrap_text("бір\nекі", fnt, 200) == ["бір", "екі"]
    pieces = wrap_text("ә" * 80, fnt, 100)
    assert "".join(pieces) == "ә" * 80
    assert all(fnt.getlength(piece) <= 100 for piece in pieces)


def test_balanced_wrap_avoids_a_lone_last_word() -> None:
    fnt = font(34, bold=True)
    text = "Алматы қаласы әкімдігінің азаматтарды қабылдау орталығы"
    greedy = wrap_text(text, fnt, 540)
    balanced = wrap_balanced(text, fnt, 540)
    assert len(balanced) == len(greedy)
    widths = [fnt.getlength(line) for line in balanced]
    assert max(widths) - min(widths) <= max(fnt.getlength(line) for line in greedy) - min(
        fnt.getlength(line) for line in greedy
    )


@pytest.mark.parametrize("display", ["7", "115", "К-115", "ҚБ-12345", "ӘҒҚҢӨҰҮҺІ-999999"])
def test_the_number_is_very_large_and_always_fits(display: str, width: int) -> None:
    image = render_ticket(replace(RUSSIAN, display=display), width)
    box = ink_box(image)
    assert box is not None
    margin = _Metrics.for_width(width).margin
    assert box[0] >= margin
    assert box[2] <= width - margin


def test_a_three_digit_number_is_over_a_third_of_the_paper_width_tall(width: int) -> None:
    band = _number_band("115", _Metrics.for_width(width))
    box = ink_box(band)
    assert box is not None
    assert box[3] - box[1] >= width * 0.36  # 58 mm: >= 17 mm tall; 80 mm: >= 26 mm


def test_out_of_turn_mark_adds_a_black_band(width: int) -> None:
    plain = render_ticket(replace(KAZAKH, priority_label=None), width)
    marked = render_ticket(KAZAKH, width)
    assert marked.height > plain.height
    # The mark is a wide black band: some row is black across most of the paper.
    rows = [marked.crop((0, y, width, y + 1)).tobytes() for y in range(marked.height)]
    blackest = max(bin(int.from_bytes(row, "big") ^ ((1 << width) - 1)).count("1") for row in rows)
    assert blackest > width * 0.8


def test_missing_estimate_is_left_out(width: int) -> None:
    with_estimate = render_ticket(KAZAKH, width)
    without = render_ticket(replace(KAZAKH, estimated_wait_minutes=None), width)
    assert without.height < with_estimate.height


def test_issued_at_is_printed_as_given() -> None:
    a = render_ticket(KAZAKH, PAPER_58MM)
    b = render_ticket(replace(KAZAKH, issued_at=KAZAKH.issued_at.replace(minute=8)), PAPER_58MM)
    box = differing_box(a, b)
    assert box is not None
    assert box[3] - box[1] < 40  # only the date line changed


@pytest.mark.parametrize("target", [200, 232])
def test_qr_modules_are_whole_dots_and_match_the_data(target: int) -> None:
    url = KAZAKH.status_url
    image = qr_image(url, target)
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    modules = len(matrix)
    assert image.width == image.height
    assert image.width % modules == 0
    step = image.width // modules
    assert step >= 3
    assert image.width <= target
    pixels = image.load()
    assert pixels is not None
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            assert (pixels[x * step + step // 2, y * step + step // 2] == 0) == dark


def test_qr_code_appears_on_the_ticket(width: int) -> None:
    a = render_ticket(KAZAKH, width)
    b = render_ticket(replace(KAZAKH, status_url=KAZAKH.status_url[:-1] + "X"), width)
    box = differing_box(a, b)
    assert box is not None
    assert box[1] > a.height // 2  # in the lower half, where the QR code is


def test_invalid_tickets_and_widths_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        replace(KAZAKH, issued_at=datetime(2026, 11, 24, 10, 7))
    with pytest.raises(ValueError, match="ahead"):
        replace(KAZAKH, ahead=-1)
    with pytest.raises(ValueError, match="display"):
        replace(KAZAKH, display=" ")
    with pytest.raises(ValueError, match="width_dots"):
        render_ticket(KAZAKH, 380)
    with pytest.raises(ValueError, match="width_dots"):
        render_ticket(KAZAKH, 128)


def test_ticket_print_is_frozen() -> None:
    with pytest.raises(AttributeError):
        KAZAKH.display = "1"  # type: ignore[misc]
    assert isinstance(ENGLISH, TicketPrint)


def test_sample_renders_are_written_for_review() -> None:
    written = write_samples(ARTIFACTS)
    assert len(written) == 2 * len(SAMPLES)
    for path in written:
        with Image.open(path) as image:
            assert image.width in (PAPER_58MM, PAPER_80MM)
