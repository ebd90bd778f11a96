"""Sample tickets in Kazakh, Russian and English, for tests, the benchmark and previews.

``python -m printer.testing.samples [DIR]`` writes PNG renders at 58 mm and 80 mm to DIR
(default test-artifacts/printer).
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Final

from printer.layout import PAPER_58MM, PAPER_80MM, TicketLabels, TicketPrint, render_ticket

ALMATY: Final = timezone(timedelta(hours=5))
ISSUED_AT: Final = datetime(2026, 11, 24, 10, 7, tzinfo=ALMATY)
STATUS_URL: Final = "https://qabyldau.example.kz/t/9fK3qLw2ZpX7aB4cD8eF1g"

KAZAKH: Final = TicketPrint(
    centre_name="Алматы қаласы әкімдігінің азаматтарды қабылдау орталығы",
    zone_name="Өтініш беру (мәтіні бар)",
    display="К-115",
    issued_at=ISSUED_AT,
    ahead=4,
    estimated_wait_minutes=15,
    priority_label="Кезектен тыс",
    status_url=STATUS_URL,
    labels=TicketLabels(
        people_ahead="Сіздің алдыңызда",
        estimated_wait="Күту уақыты",
        minutes="мин",
        scan_hint="Кезегіңізді бақылау үшін сканерлеңіз",
    ),
)

RUSSIAN: Final = TicketPrint(
    centre_name="Центр приёма граждан акимата города Алматы",
    zone_name="Подача обращения (есть текст)",
    display="115",
    issued_at=ISSUED_AT,
    ahead=12,
    estimated_wait_minutes=45,
    priority_label=None,
    status_url=STATUS_URL,
    labels=TicketLabels(
        people_ahead="Перед вами",
        estimated_wait="Ожидание",
        minutes="мин",
        scan_hint="Отсканируйте, чтобы следить за очередью",
    ),
)

ENGLISH: Final = TicketPrint(
    centre_name="Citizens' Reception Centre of the Almaty City Akimat",
    zone_name="Reception with the akimat's leadership",
    display="Р-007",
    issued_at=ISSUED_AT,
    ahead=0,
    estimated_wait_minutes=None,
    priority_label="Out of turn: person with a disability of group I",
    status_url=STATUS_URL,
    labels=TicketLabels(
        people_ahead="People ahead",
        estimated_wait="Estimated wait",
        minutes="min",
        scan_hint="Scan to follow your turn",
    ),
)

SAMPLES: Final = {"kk": KAZAKH, "ru": RUSSIAN, "en": ENGLISH}


def write_samples(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for language, ticket in SAMPLES.items():
        for width, paper in ((PAPER_58MM, "58mm"), (PAPER_80MM, "80mm")):
            path = directory / f"ticket-{language}-{paper}.png"
            render_ticket(ticket, width).save(path)
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    directory = Path(args[0]) if args else Path("test-artifacts/printer")
    for path in write_samples(directory):
        print(path)


if __name__ == "__main__":
    main()
