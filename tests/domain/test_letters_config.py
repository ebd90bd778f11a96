"""The centre file's [letters]: the body whose letterhead, outgoing number, signatory and
executor the letters to applicants carry (000 p.29, p.5, p.30, p.32), checked at load."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config.centre import CentreConfig, ConfigError, load_centre
from app.config.settings import DEMO_CENTRE
from tests.domain.test_centre_config import VALID

LETTERS = """
[letters]
issuer = { kk = "Аудан әкімінің аппараты", ru = "Аппарат акима района", en = "Office" }
address = { kk = "Абай көшесі, 5", ru = "ул. Абая, 5", en = "5 Abay Street" }
phone = "8 (72351) 2-10-00"
outgoing_index = "04-12"
regulation = { kk = "Жеке қабылдау регламентінің", ru = "Регламента приёма", en = "the Regulation" }

[letters.signatory]
position = { kk = "Аппарат басшысы", ru = "Руководитель аппарата", en = "Head of the Office" }
name = { kk = "Д. Сапаров", ru = "Д. Сапаров", en = "D. Saparov" }

[letters.executor]
name = { kk = "А. Нұрланова", ru = "А. Нурланова", en = "A. Nurlanova" }
phone = "+7 701 000 00 00"
"""


def load(tmp_path: Path, letters: str) -> CentreConfig:
    path = tmp_path / "centre.toml"
    path.write_text(VALID + letters, encoding="utf-8")
    return load_centre(path)


def test_the_demo_centre_names_the_akims_apparatus() -> None:
    letters = load_centre(DEMO_CENTRE).letters
    assert letters is not None
    assert letters.issuer.kk == "Аудан әкімінің аппараты"  # the legal entity, not the centre
    assert letters.signatory.name.ru == "Д. Сапаров"
    assert letters.executor.phone == "8 (72351) 2-10-45"


def test_letters_are_optional(tmp_path: Path) -> None:
    path = tmp_path / "centre.toml"
    path.write_text(VALID, encoding="utf-8")
    assert load_centre(path).letters is None


def test_a_valid_letters_table_loads(tmp_path: Path) -> None:
    centre = load(tmp_path, LETTERS)
    assert centre.letters is not None
    assert centre.letters.unit is None  # the centre's own name goes under the issuer


WITHOUT_EXECUTOR = LETTERS.split("[letters.executor]")[0]


@pytest.mark.parametrize(
    ("broken", "field"),
    [
        (LETTERS.replace('phone = "8 (72351) 2-10-00"', 'phone = "call us"'), "letters.phone"),
        (LETTERS.replace('phone = "+7 701 000 00 00"', 'phone = "12"'), "letters.executor.phone"),
        (LETTERS.replace('"04-12"', '"04 12 / x"'), "letters.outgoing_index"),
        # The regulation reads before «29-тармағына»: its Kazakh name in the genitive.
        (LETTERS.replace("қабылдау регламентінің", "қабылдау регламенті"), "regulation.kk"),
        (LETTERS.replace('kk = "Д. Сапаров"', 'kk = "Д. Сапаров\\u202e"'), "signatory.name.kk"),
        (WITHOUT_EXECUTOR, "letters.executor"),
        (LETTERS.replace("phone = ", "telephone = ", 1), "letters.telephone"),
    ],
)
def test_a_broken_letters_table_stops_the_start_naming_the_field(
    tmp_path: Path, broken: str, field: str
) -> None:
    assert broken != LETTERS
    with pytest.raises(ConfigError) as raised:
        load(tmp_path, broken)
    assert field in str(raised.value), str(raised.value)
