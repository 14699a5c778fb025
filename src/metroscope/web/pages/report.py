"""``/report``: build and download the bilingual HTML or PDF report
(:func:`metroscope.report.build_report`) for the current region and chosen scenarios.

The report is a self-contained file with its own inline scripts; it is sent as an attachment
(never rendered under the dashboard's origin and CSP)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse

from ..api._common import call
from ..api.scenarios import resolve_spec
from ..auth import require_read
from ._render import page, render, state_of
from .overview import scenario_choices

router = APIRouter(dependencies=[Depends(require_read)])


@router.get("/report", response_class=HTMLResponse)
def report_page(request: Request) -> HTMLResponse:
    p = page(request, "web_nav_report")
    return render(p, "report.html.j2", choices=scenario_choices(p)[1:])


@router.get("/report/download")
def report_download(
    request: Request,
    scenario: list[str] | None = Query(None, max_length=5),
    lang: str = Query("zh", pattern="^(zh|en)$"),
    format: str = Query("html", pattern="^(html|pdf)$"),
) -> Response:
    from ...report import build_report, render_html, write_pdf

    p = page(request, "web_nav_report")
    st = state_of(request)
    names = [s for s in (scenario or []) if s]
    specs = [resolve_spec(st, s) for s in names]

    def build() -> bytes:
        ctx = build_report(p.region, scenarios=[s.source_file or s.name for s in specs],
                           lang=lang)
        if format == "html":
            return render_html(ctx).encode("utf-8")
        with tempfile.TemporaryDirectory() as tmp:
            return write_pdf(ctx, Path(tmp) / "report.pdf").read_bytes()

    body: bytes = call(lambda: st.cached(p.region_name, "report",
                                         {"specs": [s.model_dump_json() for s in specs],
                                          "lang": lang, "format": format}, build))
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in p.region_name)[-40:]
    media = "text/html; charset=utf-8" if format == "html" else "application/pdf"
    return Response(body, media_type=media, headers={
        "Content-Disposition": f'attachment; filename="metroscope-{safe}.{format}"',
        "Cache-Control": "no-store"})
