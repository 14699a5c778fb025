"""``metroscope report``: build the bilingual HTML (and PDF) report of a region."""

from __future__ import annotations

from pathlib import Path

import typer


def app(
    region: str = typer.Argument("changchun", help="Dataset name or bundle folder."),
    scenario: list[str] = typer.Option(
        [], "--scenario", "-s", help="Scenario spec (shipped name or file); repeat for more."),
    lang: str = typer.Option(None, "--lang", help="Language shown on opening: zh or en "
                             "(default zh); also of this command's messages."),
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

    from .._errors import error_text
    from ..report import build_report, write_html, write_pdf
    from ._lang import current, t, use
    from .data import open_region

    use(lang)  # the messages: --lang, else METROSCOPE_LANGUAGE; the report opens in zh
    lang = lang or "zh"
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
            raise typer.BadParameter(t("cli_report_same_file"), param_hint="--pdf")
    from ._output import make_folders

    for path in (target, pdf):
        if path is not None:
            make_folders(path)  # a missing folder is created and said on stderr
    ctx = build_report(reg, scenarios=scenario, lang=lang)
    path = write_html(ctx, target)
    logging.getLogger(__name__).info("report built in %.1f s", time.perf_counter() - start)
    missing = sum(len(s.missing()) for s in ctx.sections)
    console.print(f"[bold green]{t('cli_report_label')}[/] " + t(
        "cli_report_size", path=path, mb=f"{path.stat().st_size / 1e6:.1f}",
        s=f"{time.perf_counter() - start:.1f}",
        missing=t("cli_report_missing", n=missing, section=ctx.sections[-1].number)
        if missing else ""))
    if pdf is not None:
        try:
            pdf_path = write_pdf(ctx, pdf)
        except (FileNotFoundError, RuntimeError) as exc:
            console.print(f"[red]{t('cli_pdf_not_written')}[/] {error_text(exc, current())}")
            raise typer.Exit(1) from None
        console.print("[bold green]PDF[/] " + t("cli_pdf_size", path=pdf_path,
                                                  mb=f"{pdf_path.stat().st_size / 1e6:.1f}"))
    typer.echo(str(path))


def _same(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve()
