"""Building the report: Region (+ scenarios) -> ReportContext -> HTML (-> PDF)."""

from __future__ import annotations

import datetime as _dt
import json
import logging
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .._errors import ParameterError, shorten
from ..messages import Message
from ._assets import assets
from ._i18n import t
from ._inputs import ReportInputs, ScenarioRun, load_scenarios
from ._maps import polygons_geojson
from ._render import render
from .context import ReportContext, Text

if TYPE_CHECKING:
    from ..region import Region

logger = logging.getLogger(__name__)

LANGS = ("zh", "en")


def build_report(
    region: Region,
    *,
    scenarios: Sequence[str | ScenarioRun] = (),
    lang: str = "zh",
    strict: bool = False,
    for_print: bool = False,
    generated: str | None = None,
) -> ReportContext:
    """Run the analyses on ``region`` and lay out the report.

    Parameters
    ----------
    region
        The Region (e.g. ``metroscope.load("changchun")``).
    scenarios
        Scenario specs (shipped names or file paths, see ``metroscope.scenario``) or already
        applied :class:`~metroscope.report._inputs.ScenarioRun` objects.
    lang
        Language shown when the page opens: ``zh`` or ``en`` (both are in the file).
    strict
        Re-raise unexpected errors of analyses instead of showing them as failed (tests).
    for_print
        Lay out for Chromium's print-to-PDF (fixed figure widths, one section per page).
    generated
        Build date printed in the footer (ISO date; default today).

    Raises
    ------
    ParameterError
        When ``lang`` is not ``zh`` or ``en``.

    Examples
    --------
    Not run as a test (+SKIP): it runs every analysis of the report (about 20 s).

    >>> ctx = build_report(region, lang="en")  # doctest: +SKIP
    >>> [s.key for s in ctx.sections][:4]  # doctest: +SKIP
    ['summary', 'primacy', 'population', 'commuting']
    """
    from .. import __version__
    from .sections import build_sections

    if lang not in LANGS:
        msg = Message("err_report_lang", got=shorten(lang))
        raise ParameterError(msg)
    start = time.perf_counter()
    specs = [s for s in scenarios if isinstance(s, str)]
    runs = [s for s in scenarios if isinstance(s, ScenarioRun)]
    loaded, notes = load_scenarios(region, specs, strict=strict)
    inp = ReportInputs(region=region, scenarios=[*runs, *loaded], strict=strict, notes=notes)
    sections = build_sections(inp)
    title = Text(str(region.meta.get("title_zh", region.title_zh)),
                 str(region.meta.get("title_en", region.title)))
    ctx = ReportContext(
        title=title,
        subtitle=t("report") + Text(f" · {region.name}", f" · {region.name}"),
        region_name=region.name,
        default_lang=lang,
        sections=sections,
        assets=assets(),
        scenarios=[s.title for s in inp.scenarios],
        geojson=json.dumps(polygons_geojson(region), separators=(",", ":")).replace("</", "<\\/"),
        generated=generated or _dt.date.today().isoformat(),
        version=__version__,
        for_print=for_print,
    )
    logger.info("Built the report of %r (%d sections, %d scenarios) in %.2f s", region.name,
                len(sections), len(inp.scenarios), time.perf_counter() - start)
    return ctx


def render_html(ctx: ReportContext) -> str:
    """The report as one self-contained HTML string.

    Raises
    ------
    Nothing of its own; ``jinja2.TemplateError`` only if the packaged template is broken or
    missing.

    Examples
    --------
    >>> from metroscope.report.context import Assets, Note, ReportContext, Section, Text
    >>> section = Section("notes", 1, Text("说明", "Notes"), blocks=[Note(Text("你好", "hello"))])
    >>> ctx = ReportContext(title=Text("示例", "Example"), subtitle=Text.same(""), region_name="demo",
    ...                     default_lang="en", sections=[section], assets=Assets("", "", "", ""))
    >>> html = render_html(ctx)
    >>> html.startswith("<!DOCTYPE html>"), "hello" in html
    (True, True)
    """
    return render(ctx)


def write_html(ctx: ReportContext, path: str | Path) -> Path:
    """Write the report to ``path`` atomically (parent folders are created); returns the path.

    Raises
    ------
    OutputError
        When ``path`` is a folder or cannot be written (a previous file stays whole).

    Examples
    --------
    >>> from metroscope.report.context import Assets, Note, ReportContext, Section, Text
    >>> section = Section("notes", 1, Text("说明", "Notes"), blocks=[Note(Text("你好", "hello"))])
    >>> ctx = ReportContext(title=Text("示例", "Example"), subtitle=Text.same(""), region_name="demo",
    ...                     default_lang="en", sections=[section], assets=Assets("", "", "", ""))
    >>> path = write_html(ctx, tmp_path / "report" / "index.html")
    >>> path.name, path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    ('index.html', True)
    """
    from .._atomic import check_output_file, write_text

    out = check_output_file(path, what="the report")
    write_text(out, render(ctx), what="the report")
    logger.info("Wrote %s (%.1f MB)", out, out.stat().st_size / 1e6)
    return out


def write_pdf(ctx: ReportContext, path: str | Path, *, chromium: str | None = None,
              timeout_s: float = 120.0) -> Path:
    """Print the report to a paginated PDF with Chromium (headless), with a table of contents.

    The HTML is rendered in print layout (``for_print``) in the context's default language.

    Raises
    ------
    FileNotFoundError
        When no Chromium executable is found (install the ``chromium`` Debian package).
    RuntimeError
        When Chromium fails or writes no PDF.
    OutputError
        When ``path`` is a folder or cannot be written (a previous file stays whole).

    Examples
    --------
    Not run as a test (+SKIP): it starts the system Chromium (a few seconds).

    >>> from metroscope.report.context import Assets, Note, ReportContext, Section, Text
    >>> section = Section("notes", 1, Text("说明", "Notes"), blocks=[Note(Text("你好", "hello"))])
    >>> ctx = ReportContext(title=Text("示例", "Example"), subtitle=Text.same(""), region_name="demo",
    ...                     default_lang="en", sections=[section], assets=Assets("", "", "", ""))
    >>> path = write_pdf(ctx, tmp_path / "report.pdf")  # doctest: +SKIP
    >>> path.read_bytes()[:5]  # doctest: +SKIP
    b'%PDF-'
    """
    from dataclasses import replace

    from ._pdf import print_pdf

    toc = {s.anchor: [f"{s.number}{s.title.zh}", f"{s.number}{s.title.en}"]
           for s in ctx.sections}
    return print_pdf(render(replace(ctx, for_print=True)), Path(path), toc=toc,
                     chromium=chromium, timeout_s=timeout_s)
