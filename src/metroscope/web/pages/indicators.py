"""``/indicators``: a statistic by unit and year (table, chart, unit, sources, quality,
breaks; CSV/Parquet through the API) and any registered analysis with its formula, notes and
provenance."""

from __future__ import annotations

import inspect
import re
from math import isnan
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from ...measures import MEASURES
from ...measures import label as measure_label
from ..api._common import call
from ..api.indicators import indicator_result
from ..auth import require_read
from . import _figs
from ._render import Page, figure_json, page, render, table_view

router = APIRouter(dependencies=[Depends(require_read)])

LEVELS = ("prefecture", "county", "province")
DEFAULT_STAT = "gdp"


def stat_choices(p: Page) -> list[tuple[str, str]]:
    """(name, label) of the region's statistics."""
    return [(n, f"{measure_label(n, p.lang)} ({n})") for n in p.region.indicators()]


def series_context(p: Page, indicator: str, level: str, start: int | None,
                   end: int | None, codes: list[str]) -> dict[str, Any]:
    """Table, chart, notes and download links of one statistic."""
    region = p.region
    if indicator not in region.indicators():
        return {"error": f"{p.t('no_data')}: {indicator}"}
    wide = call(lambda: region.series(indicator, level=level))
    if codes:
        wide = wide.reindex([c for c in codes if c in wide.index])
    years = [y for y in wide.columns if (start is None or y >= start)
             and (end is None or y <= end)]
    wide = wide[years].dropna(how="all")
    st = region.stats
    rows = st[(st["indicator"] == indicator) & st["code"].isin(wide.index)
              & st["year"].isin(years)]
    u = region.units
    names = {c: p.pick(u.at[c, "name_zh"], u.at[c, "name_en"]) for c in wide.index}
    shown = wide.copy()
    shown.insert(0, p.t("unit"), [names[c] for c in shown.index])
    shown.index.name = p.t("code")
    shown.columns = [str(c) for c in shown.columns]
    unit = MEASURES[indicator].unit if indicator in MEASURES else ""
    title = f"{measure_label(indicator, p.lang)} ({unit})" if unit else measure_label(
        indicator, p.lang)
    fig = _figs.series_chart(wide.head(15), names, title=title, y_title=unit, lang=p.lang)
    breaks = rows[rows["break"].fillna(False).astype(bool)]
    q = {"indicator": indicator, "level": level}
    q_years = [("year", y) for y in years]
    base = f"/api/v1/regions/{p.region_name}/stats?" + urlencode(list(q.items()) + q_years
                                                                 + [("code", c) for c in codes])
    return {
        "error": "", "title": title, "table": table_view(shown, digits=2, lang=p.lang),
        "chart": figure_json(fig), "unit": unit,
        "description": MEASURES[indicator].name_en if indicator in MEASURES else "",
        "sources": sorted({str(s) for s in rows["source"].dropna() if str(s)})[:12],
        "quality": ", ".join(sorted({str(x) for x in rows["quality"].dropna()})),
        "breaks": [f"{names.get(c, c)} {y}" for c, y in zip(breaks["code"], breaks["year"],
                                                             strict=True)],
        "n_rows": len(rows), "csv": base + "&format=csv", "parquet": base + "&format=parquet",
        "json": base,
    }


def _formula(fn: Any) -> tuple[str, str]:
    """The first paragraph of a function's docstring and its ``.. math::`` block."""
    doc = inspect.getdoc(fn) or ""
    summary = doc.split("\n\n")[0].replace("\n", " ")
    m = re.search(r"\.\. math::\n((?:\n|[ \t]+.*\n?)+)", doc)
    return summary, (inspect.cleandoc(m.group(1)) if m else "")


def analysis_context(p: Page, name: str, opts: dict[str, Any]) -> dict[str, Any]:
    """An indicator's result table with its provenance, formula and download links."""
    from ...indicators import get

    ind = call(lambda: get(name))
    result = indicator_result(p.request, name, opts, p.region_name)
    meta: dict[str, Any] = result.attrs.get("metroscope", {})
    summary, math = _formula(ind.function)
    q = {k: v for k, v in opts.items() if v not in (None, "", [])}
    q["region"] = p.region_name
    url = f"/api/v1/indicators/{ind.name}?" + urlencode(q, doseq=True)
    from ...messages import text

    params = {k: text(v, p.lang) if isinstance(v, str) else v  # a message in the page language
              for k, v in (meta.get("parameters") or {}).items()
              if not isinstance(v, dict | list) and v is not None
              and not (isinstance(v, float) and isnan(v))}  # not known: not "nan"
    return {"name": ind.name, "description": p.pick(ind.zh, ind.en), "summary": summary,
            "math": math, "table": table_view(result, digits=3, lang=p.lang),
            "notes": p.notes(meta.get("notes")),
            "reference": text(meta.get("reference") or "", p.lang),
            "sources": [str(s) for s in (meta.get("sources") or [])][:12],
            "params": params, "year": meta.get("year"), "level": meta.get("level"),
            "json": url, "csv": url + "&format=csv", "parquet": url + "&format=parquet"}


def _codes(values: list[str] | None) -> list[str]:
    return [c for c in (values or []) if c]


@router.get("/indicators", response_class=HTMLResponse)
def indicators_page(
    request: Request,
    indicator: str = Query(DEFAULT_STAT, max_length=80),
    level: str = Query("prefecture", pattern="^(prefecture|county|province)$"),
    start: int | None = Query(None, ge=1900, le=2100),
    end: int | None = Query(None, ge=1900, le=2100),
    code: list[str] | None = Query(None),
    analysis: str = Query("primacy", max_length=60),
) -> HTMLResponse:
    from ...indicators import REGISTRY

    p = page(request, "web_nav_indicators")
    if indicator not in p.region.indicators() and p.region.indicators():
        indicator = p.region.indicators()[0]
    units = p.region.units
    unit_choices = [(c, p.pick(units.at[c, "name_zh"], units.at[c, "name_en"]))
                    for c in p.region.codes(level=level)]
    return render(p, "indicators.html.j2", stats=stat_choices(p), indicator=indicator,
                  level=level, levels=LEVELS, years=p.region.years(indicator) or [],
                  start=start, end=end, codes=_codes(code), unit_choices=unit_choices,
                  series=series_context(p, indicator, level, start, end, _codes(code)),
                  analyses=[(n, f"{n}: {p.pick(i.zh, i.en)}") for n, i in REGISTRY.items()],
                  analysis=analysis, analysis_result=None)


@router.get("/fragments/series", response_class=HTMLResponse)
def series_fragment(
    request: Request,
    indicator: str = Query(DEFAULT_STAT, max_length=80),
    level: str = Query("prefecture", pattern="^(prefecture|county|province)$"),
    start: int | None = Query(None, ge=1900, le=2100),
    end: int | None = Query(None, ge=1900, le=2100),
    code: list[str] | None = Query(None),
) -> HTMLResponse:
    p = page(request, "web_nav_indicators")
    return render(p, "_series.html.j2",
                  series=series_context(p, indicator, level, start, end, _codes(code)))


@router.get("/fragments/analysis", response_class=HTMLResponse)
def analysis_fragment(
    request: Request,
    name: str = Query("primacy", max_length=60),
    level: str | None = Query(None, pattern="^(prefecture|county|province|)$"),
    year: str | None = Query(None, pattern=r"^(\d{4}|)$"),
    measure: str | None = Query(None, max_length=80),
) -> HTMLResponse:
    p = page(request, "web_nav_indicators")
    opts = {"level": level or None, "year": int(year) if year else None,
            "measure": measure or None}
    try:
        ctx = analysis_context(p, name, opts)
    except Exception as exc:  # an analysis that refuses these options: say why, in place
        from ..errors import ApiError
        from ..problems import messages

        if not isinstance(exc, ApiError):
            raise
        return render(p, "_analysis.html.j2", a=None, error=exc.message,
                      details=messages(exc.details))
    return render(p, "_analysis.html.j2", a=ctx, error="", details=[])

