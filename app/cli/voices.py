"""`qabyldau voices build`: render the voice pack of the configured centre ahead of time."""

from __future__ import annotations

from typing import Annotated

import typer

from app.config.centre import LANGUAGES, ConfigError, load_centre
from app.config.settings import Settings

voices = typer.Typer(help="Voice announcements: the voice pack.", no_args_is_help=True)


@voices.command("build")
def build(
    languages: Annotated[
        str, typer.Option(help="Comma-separated languages to build, e.g. kk,ru")
    ] = ",".join(LANGUAGES),
) -> None:
    """Render every piece a call can need (phrases, prefix letters, every ticket number of the
    zones' ranges, every workplace number) into the pack in QABYLDAU_VOICES_DIR (default
    <QABYLDAU_DATA_DIR>/voices), and list them in <lang>/pieces.tsv for recording. Pieces
    with a recorded clip are left alone; already rendered ones are reused."""
    # Imported here, not at the top: every `qabyldau` command loads this module.
    from voices import build_voice_pack
    from voices.pack import rich_progress

    chosen = [code.strip() for code in languages.split(",") if code.strip()]
    unknown = [code for code in chosen if code not in LANGUAGES]
    if not chosen or unknown:
        typer.secho(
            f"--languages: unknown {', '.join(unknown) or '(none given)'}; "
            f"choose from {','.join(LANGUAGES)}",
            fg=typer.colors.RED,
            err=True,
        )
        raise typer.Exit(2)
    settings = Settings()
    try:
        centre = load_centre(settings.config)
    except ConfigError as exc:
        typer.secho(f"Configuration error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from exc
    pack = settings.resolved_voices_dir
    with rich_progress(f"Voice pack {','.join(chosen)}") as progress:
        report = build_voice_pack(
            chosen,
            [z.range for z in centre.zones if z.range is not None],
            pack,
            progress,
            workplaces=[(w.kind, w.number) for w in centre.workplaces],
            prefixes=[z.prefix for z in centre.zones if z.prefix],
            phrasebook=centre.speech.phrasebook(),
        )
    typer.echo(f"Voice pack: {pack}")
    for language in chosen:
        failed = report.failed[language]
        typer.echo(
            f"  {language}: {report.pieces[language]} pieces, {report.recorded[language]} "
            f"recorded, {report.rendered[language]} newly rendered, {len(failed)} failed"
            f" (list: {pack / language / 'pieces.tsv'})"
        )
    if report.removed:
        typer.echo(f"  {report.removed} pieces of the older WAV format converted and removed")
    if not report.ok:
        first = next(name for names in report.failed.values() for name in names)
        typer.secho(
            f"Announcements is unavailable (first failed piece: {first}). Is espeak-ng installed? "
            "Calls still show, with a chime only.",
            fg=typer.colors.RED,
            err=True,
        )
        raise typer.Exit(1)
