"""``/industry``: location quotients (heatmap, cells from small census samples flagged),
division of labour, the largest radiation-model flows on a map, and the core's share of each
member's flows."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from ...indicators.lq_evidence import MIN_SAMPLE_PERSONS
from ..api._common import call
from ..auth import require_read
from . import _figs
from ._render import Page, figure_json, geo_url, page, render, state_of, table_view

router = APIRouter(dependencies=[Depends(require_read)])

TOP_FLOWS = 40


def lq_with_flags(p: Page) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The LQ table (units x industries) and its flags, from
    :func:`~metroscope.indicators.lq_evidence.lq_evidence`: a cell is flagged when it is not
    reliable by the rule of ``metroscope analyze lq`` and the report (fewer than
    :data:`~metroscope.indicators.lq_evidence.MIN_SAMPLE_PERSONS` sampled persons, or a 95 %
    interval containing 1). One rule for every view: the dashboard once flagged 9 of 180 cells
    by the sample alone while the command line and the report flagged 28."""
    from ...indicators.lq_evidence import lq_evidence

    st = state_of(p.request)
    ev = call(lambda: st.cached(p.region_name, "indicator", {"name": "lq_evidence", "kwargs": {}},
                                lambda: lq_evidence(p.region)))
    lq = ev["lq"].unstack()
    lq.attrs = dict(ev.attrs)
    flags = (~ev["reliable"].astype(bool)).unstack().reindex_like(lq).fillna(True).astype(bool)
    return lq, flags


def _labels(p: Page, keys: list[str]) -> list[str]:
    from ...measures import industry_indicator, label

    return [label(industry_indicator(k), p.lang).replace("从业人口(长表)", "")
            .replace("Employed: ", "").replace(" (sample)", "") for k in keys]


def localised_names(p: Page, df: pd.DataFrame) -> pd.DataFrame:
    """``df`` (indexed by unit ``code``, maybe also ``industry``) with one ``name_zh`` or
    ``name_en`` column in the page language and, for the industry level, the sector's label in
    that language in ``industry_zh``/``industry`` (never an English key on a Chinese page)."""
    u = p.region.units
    out = df.copy()
    codes = [str(c) for c in out.index.get_level_values("code")]
    names = [p.pick(u.at[c, "name_zh"], u.at[c, "name_en"]) if c in u.index else c
             for c in codes]
    out = out.drop(columns=[c for c in ("name_zh", "name_en") if c in out.columns])
    out.insert(0, "name_zh" if p.lang == "zh" else "name_en", names)
    if "industry" in out.index.names:
        keys = [str(k) for k in out.index.get_level_values("industry")]
        shown = _labels(p, keys)
        out = out.reset_index("industry", drop=True)
        out = out.drop(columns=[c for c in ("industry_zh",) if c in out.columns])
        out.insert(1, "industry_zh" if p.lang == "zh" else "industry", shown)
    return out


def industry_context(p: Page) -> dict[str, Any]:
    """LQ heatmap with flags, division of labour, flows map and core share."""
    from ...flows import core_share, locations_from_region, radiation
    from ...indicators.industry import division_of_labour

    st = state_of(p.request)
    lq, flags = lq_with_flags(p)
    u = p.region.units
    rows = [p.pick(u.at[c, "name_zh"], u.at[c, "name_en"]) if c in u.index else c
            for c in lq.index]
    heat = _figs.lq_heatmap(lq, rows, _labels(p, [str(c) for c in lq.columns]), flags=flags,
                            title="")
    dol = call(lambda: st.cached(p.region_name, "indicator",
                                 {"name": "division_of_labour", "kwargs": {}},
                                 lambda: division_of_labour(p.region)))
    flows = call(lambda: st.cached(
        p.region_name, "radiation",
        {"year": 2020, "level": "county", "tie_rule": "inclusive", "normalisation": "row",
         "model": "original", "alpha": 1.0, "k_nearest": None, "cutoff_km": None,
         "colocated": "merge"},  # the same key as the API's default radiation
        lambda: radiation(locations_from_region(p.region, year=2020, level="county"))))
    share = call(lambda: core_share(flows, p.region))
    flows_fig = _figs.flows_map(p.region, flows, p.lang, top=TOP_FLOWS)
    n_flagged = int(flags.to_numpy().sum())
    return {"lq": figure_json(heat), "n_flagged": n_flagged, "n_cells": int(flags.size),
            "division": table_view(localised_names(p, dol), digits=2, lang=p.lang),
            "division_notes": p.notes(dol.attrs.get("metroscope", {}).get("notes")),
            "flows": figure_json(flows_fig), "share": table_view(localised_names(p, share), digits=0,
                                                    lang=p.lang),
            "min_sample": MIN_SAMPLE_PERSONS,
            "rse_pct": round(100 / math.sqrt(MIN_SAMPLE_PERSONS)),
            "top": TOP_FLOWS}


@router.get("/industry", response_class=HTMLResponse)
def industry_page(request: Request) -> HTMLResponse:
    p = page(request, "web_nav_industry", needs_core=True)
    return render(p, "industry.html.j2", i=industry_context(p), geo=geo_url(p))
