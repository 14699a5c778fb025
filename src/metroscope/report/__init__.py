"""The metropolitan-area report: one self-contained bilingual HTML file (and a PDF of it).

::

    from metroscope import load
    from metroscope.report import build_report, write_html

    ctx = build_report(load("changchun"), scenarios=["hsr-350"], lang="zh")
    write_html(ctx, "out/changchun.html")

The page inlines plotly.js and a stub world topology (so maps render with no network), carries
both languages with an in-page switch (``lang`` picks the default), and prints a source line
beside every number. Sections are registered in :mod:`metroscope.report.sections`; analyses
that are not available yet are shown as such, never faked. The command line is
``metroscope report``.
"""

from __future__ import annotations

from .build import build_report, render_html, write_html, write_pdf
from .context import ReportContext, Section, Text

__all__ = ["ReportContext", "Section", "Text", "build_report", "render_html", "write_html",
           "write_pdf"]
