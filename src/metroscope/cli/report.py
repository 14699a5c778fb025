"""``metroscope report``: build the bilingual HTML (and PDF) report of a region."""

from __future__ import annotations

from pathlib import Path

import typer


def app(
    region: str = typer.Argument("changchun", help="Dataset name or bundle folder."),
    scenario: list[str] = typer.Option(
        [], "--scenario", "-s", help="Scenario spec (shipped name or file); repeat for more."),
    lang: str = typer.Option("zh", "--lang", help="Language shown on opening: zh or en."),
    out: Path = typer.Option(
        None, "--out", "-o", help="HTML file to write (default <region>-report.html)."),
    pdf: Path = typer.Option(None, "--pdf", help="Also print a paginated PDF here."),
    area: str = typer.Option(
        None, "--area", help="A national metropolitan area of the china dataset (南京都市圈, or "
        "its short form 南京); `metroscope areas` lists them. REGION is then ignored."),
) -> None:
    """Build one self-contained bilingual HTML report (both languages, in-page switch)."""
    import logging
    import time

    from rich.console import Console

    from ..report import build_report, write_html, write_pdf
    from .data import open_region

    if lang not in ("zh", "en"):
        raise typer.BadParameter(f"--lang must be zh or en, not {lang!r}.")
    console = Console(stderr=True)
    start = time.perf_counter()
    from .._atomic import check_output_file

    reg = open_region("china").metro_area(area) if area else open_region(region)
    target = out or Path(f"{reg.name}-report.html")
    check_output_file(target, what="the report")  # before the minutes of work, not after
    if scenario:  # a scenario asked for by name must exist: a typo is a usage error (exit 2),
        from ..scenario import load_scenario  # not a report that quietly lacks it

        for spec in scenario:
            load_scenario(spec)
    if pdf is not None:
        check_output_file(pdf, what="the PDF")
        if _same(pdf, target):
            raise typer.BadParameter("--pdf and --out name the same file.", param_hint="--pdf")
    ctx = build_report(reg, scenarios=scenario, lang=lang)
    path = write_html(ctx, target)
    logging.getLogger(__name__).info("report built in %.1f s", time.perf_counter() - start)
    missing = sum(len(s.missing()) for s in ctx.sections)
    console.print(f"[bold green]Report[/] {path} ({path.stat().st_size / 1e6:.1f} MB, "
                  f"{time.perf_counter() - start:.1f} s"
                  + (f", {missing} missing item(s) listed in section {ctx.sections[-1].number}"
                     if missing else "") + ")")
    if pdf is not None:
        try:
            pdf_path = write_pdf(ctx, pdf)
        except (FileNotFoundError, RuntimeError) as exc:
            console.print(f"[red]PDF not written:[/] {exc}")
            raise typer.Exit(1) from None
        console.print(f"[bold green]PDF[/] {pdf_path} ({pdf_path.stat().st_size / 1e6:.1f} MB)")
    typer.echo(str(path))


def _same(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve()
