"""``metroscope demo`` (``make demo``): build the Changchun report with the shipped scenarios
and print its headline numbers.

Works whatever analyses exist: the report says what is not available yet, and when a headline
is missing the terminal also shows the plain overview (units by role, population 2010 -> 2020,
latest GDP, rail lines, sources).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from ..report.context import ReportContext


def shipped_scenarios() -> tuple[list[str], str | None]:
    """Names of the shipped scenario specs, or a reason why there are none."""
    from ..messages import Message
    from ..scenario import list_scenarios

    names = list_scenarios()
    return names, None if names else Message("cli_demo_no_scenarios")


def print_headlines(ctx: ReportContext, console: Console, lang: str) -> int:
    """Print the summary section's headline numbers; returns how many are missing."""
    from rich.table import Table

    from ..messages import render

    summary = next((s for s in ctx.sections if s.key == "summary"), None)
    table = Table(title=f"{ctx.title.zh} · {ctx.title.en} — "
                        + ("核心数字" if lang == "zh" else "headline numbers"))
    heads = (("", "数值", "年份", "质量", "来源") if lang == "zh"
             else ("", "value", "year", "quality", "source"))
    wide = console.width >= 110  # the source column only where it fits; the HTML has them all
    table.add_column(heads[0], overflow="fold", ratio=3, min_width=18)
    # a scenario's headline carries its explanation: the value wraps, year and quality do not
    table.add_column(heads[1], overflow="fold", ratio=3, min_width=12)
    for col in heads[2:4]:
        table.add_column(col, no_wrap=True, min_width=len(col) if lang == "en" else 4)
    if wide:
        table.add_column(heads[4], overflow="ellipsis", no_wrap=True, ratio=2, max_width=32)
    missing = 0
    for block in summary.blocks if summary else []:
        if block.kind != "headlines":
            continue
        for h in block.items:
            if h.missing is not None:
                missing += 1
                table.add_row(h.label.get(lang),
                              f"[yellow]{render('cli_demo_missing_cell', lang)}[/]", "", "",
                              *([f"[yellow]{h.missing.get(lang)}[/]"] if wide else []))
                continue
            src = ""
            if h.source:
                n = len(h.source.sources)
                src = h.source.text.get(lang).split("; ")[0] + (
                    f" ({n} {'个来源' if lang == 'zh' else 'sources'})" if n else "")
            table.add_row(h.label.get(lang), f"[bold]{h.display.get(lang)}[/]", h.year,
                          h.quality, *([src] if wide else []))
    console.print(table)
    return missing


def app(
    out: Path = typer.Option(Path("out"), "--out", "-o",
                             help="Folder for the report files."),
    region: str = typer.Option("changchun", "--region", help="Dataset name or bundle folder."),
    lang: str = typer.Option("zh", "--lang", help="Language shown on opening: zh or en."),
    pdf: bool = typer.Option(False, "--pdf/--no-pdf", help="Also print a PDF (needs Chromium)."),
) -> None:
    """Build the embedded Changchun report with the shipped scenarios; print its headlines."""
    import time

    from rich.console import Console

    from ..messages import render, text
    from ..report import build_report, write_html, write_pdf
    from ._output import make_folders
    from .data import open_region

    console = Console()
    make_folders(out / f"{region}-report.html", lang)  # a new folder is said, not silent
    start = time.perf_counter()
    reg = open_region(region)
    scenarios, why = shipped_scenarios()
    ctx = build_report(reg, scenarios=scenarios, lang=lang)
    path = write_html(ctx, out / f"{reg.name}-report.html")
    elapsed = time.perf_counter() - start
    missing = print_headlines(ctx, console, lang)
    if ctx.scenarios:
        console.print("Scenarios 情景: " + ", ".join(f"{s.zh} / {s.en}" for s in ctx.scenarios))
    elif why:
        console.print(f"[yellow]Scenarios 情景: {text(why, lang)}[/]")
    pending = [n.text.en for s in ctx.sections for n in s.missing()]
    if pending:
        console.print(f"[yellow]{render('cli_demo_pending', lang, {'n': len(pending)})}[/]")
    if missing:
        from .summary import print_summary

        console.print(f"[dim]{render('cli_demo_some_missing', lang)}[/]")
        print_summary(region)
    if pdf:
        pdf_path = write_pdf(ctx, out / f"{reg.name}-report.pdf")
        console.print(f"PDF: {pdf_path}")
    size = {"mb": f"{path.stat().st_size / 1e6:.1f}", "s": f"{elapsed:.1f}"}
    console.print(f"[bold green]{render('cli_demo_report', lang, size)}[/] "
                  f"[bold]{path.resolve()}[/]")
