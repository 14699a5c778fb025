"""``/areas``: "Among China's national metropolitan areas": the comparison of
:func:`metroscope.areas.compare` with this area's value, rank and the median of the areas on
every measure (the report's table and dot plot), and the list of the 18 areas."""

from __future__ import annotations

from typing import Any

import pandas as pd
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from ...areas import members_status_key
from ...report.sections.areas import comparison_table, dot_plot, focus_area
from ..api.areas import area_list, china, comparison
from ..auth import require_read
from ._render import Page, page, render, state_of

router = APIRouter(dependencies=[Depends(require_read)])


def cell_text(c: Any, lang: str) -> dict[str, Any]:
    """A report table cell in ``lang``: text, numeric, tooltip (reason of a missing value)."""
    return {"text": c.text.get(lang), "numeric": c.numeric,
            "title": c.title.get(lang) if c.title is not None else ""}


def persons_10k(v: Any) -> str:
    """Persons as 10,000s with one decimal (``—`` when missing)."""
    return "—" if pd.isna(v) else f"{float(v) / 1e4:,.1f}"


def list_rows(p: Page, df: pd.DataFrame, focus: str | None) -> list[dict[str, Any]]:
    """The 18 areas as template rows, this area marked."""
    return [{"area": str(name), "order": int(r["order"]), "reply": str(r["ndrc_reply"]),
             "core": p.pick(r["core_name"], str(r["name_en"]).removesuffix(
                 " Metropolitan Area")),
             "units": f"{int(r['n_units'])} ({int(r['n_core'])})",
             "population": persons_10k(r["population_2020"]),
             "core_population": persons_10k(r["core_population_2020"]),
             "members": p.t(members_status_key(str(r["members_status"]))),
             "focus": name == focus}
            for name, r in df.iterrows()]


@router.get("/areas", response_class=HTMLResponse)
def areas_page(request: Request) -> HTMLResponse:
    from ... import areas

    p = page(request, "web_nav_areas")
    st = state_of(request)
    table = comparison(st)
    focus = focus_area(p.region, china(st))
    context: dict[str, Any] = {"focus": focus, "rows": [], "columns": [], "dots": None}
    if focus is not None:
        ranks = st.cached(None, "areas_ranks", {}, lambda: areas.ranks(table))
        tab = comparison_table(table, ranks, focus)
        context["columns"] = [c.get(p.lang) for c in tab.columns]
        context["rows"] = [[cell_text(c, p.lang) for c in row] for row in tab.rows]
        context["caption"] = tab.caption.get(p.lang)
        context["short"] = str(table.at[focus, "short_name"])
        context["listed"] = bool(table.at[focus, "members_status"] == "listed")
        fig = dot_plot(table, focus)
        context["dots"] = {"spec": fig.specs[p.lang], "height": fig.height_px}
    return render(p, "areas.html.j2", listing=list_rows(p, area_list(st), focus), **context)
