"""``/``: the overview. Indicator cards, the map of the area, the commuting circle with a
scenario switch (an htmx fragment, ``/fragments/circle``), and the project tracker."""

from __future__ import annotations

from typing import Any

import pandas as pd
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from ..api._common import call
from ..api.scenarios import resolve_spec, saved_names
from ..auth import require_read
from . import _cards, _figs
from ._render import Page, figure_json, geo_url, page, render, state_of
from .monitor import overview_context as monitor_overview

router = APIRouter(dependencies=[Depends(require_read)])


def status_text(p: Page, status: str) -> str:
    """A link or project status in the page language."""
    from ...report._i18n import status as status_label

    return status_label(status).get(p.lang)


def scenario_choices(p: Page) -> list[tuple[str, str]]:
    """(name, title) of the baseline and every shipped or saved scenario."""
    from ...scenario import list_scenarios, load_scenario

    out = [("", p.t("baseline"))]
    for name in list_scenarios():
        s = load_scenario(name)
        out.append((name, p.pick(s.title_zh or name, s.title or name)))
    out += [(n, n) for n in saved_names(state_of(p.request))]
    return out


THRESHOLDS_MIN = (60, 90, 120)
#: the plan area of the card: the units of the share's denominator (partial units apart)
PLAN_ROLES = ("core", "member")


def mean_time_to_core(circle: pd.DataFrame) -> tuple[float | None, int]:
    """Unweighted mean door-to-door minutes to the core over the plan area's core and member
    units that reach it (the units of the share beside it), and the count of those that do
    not."""
    t = circle.loc[circle["role"].isin(PLAN_ROLES), "travel_time_min"].astype(float)
    ok = t[t.notna() & (t != float("inf"))]
    return (float(ok.mean()) if len(ok) else None), int(len(t) - len(ok))


def circle_context(p: Page, scenario: str | None, minutes: int = 60) -> dict[str, Any]:
    """Numbers and map of the (fastest-mode) commuting circle (``minutes``), baseline or under
    ``scenario``, with the units that join against the baseline. Built once per region
    content, scenario content, threshold and language (the map alone takes ~0.3 s)."""
    st = state_of(p.request)
    spec = resolve_spec(st, scenario) if scenario else None
    key = {"spec": spec.model_dump_json() if spec is not None else "", "minutes": minutes,
           "lang": p.lang, "scenario": scenario or ""}
    return dict(st.cached(p.region_name, "page_circle_context", key,
                          lambda: _circle_context(p, scenario, spec, minutes)))


def _circle_context(p: Page, scenario: str | None, spec: Any, minutes: int) -> dict[str, Any]:
    from ...network import commuting_circle
    from ...scenario import apply

    st = state_of(p.request)
    base = p.region
    region = base
    title = p.t("baseline")
    if spec is not None:
        region = st.cached(p.region_name, "scenario_region", {"scenario": spec.model_dump_json()},
                           lambda: apply(spec, base))
        title = p.pick(spec.title_zh or spec.name, spec.title or spec.name)

    def circ(r: Any, key: str) -> pd.DataFrame:
        return call(lambda: st.cached(p.region_name, "page_circle",
                                      {"scenario": key, "minutes": minutes},
                                      lambda: commuting_circle(r, mode="fastest",
                                                               minutes=minutes)))

    base_c = circ(base, "")
    this_c = circ(region, spec.model_dump_json() if spec is not None else "")
    s = this_c.attrs["metroscope"]["summary"]
    b = base_c.attrs["metroscope"]["summary"]
    joins = this_c.index[this_c["inside"].fillna(False).astype(bool)
                         & ~base_c["inside"].reindex(this_c.index).fillna(False).astype(bool)]
    u = region.units
    fig = _figs.area_map(region, p.lang, circle=this_c,
                         status_label=lambda x: status_text(p, x), height=460)
    plan = this_c["role"].isin(PLAN_ROLES).to_numpy()
    inside = this_c["inside"].fillna(False).astype(bool).to_numpy()
    outside_pop = this_c.loc[inside & ~plan & (this_c["role"] != "partial").to_numpy(),
                             "population"]
    mean_t, unreachable = mean_time_to_core(this_c)
    base_t, _ = mean_time_to_core(base_c)
    share = s.get("share_plan_population_inside")
    base_share = b.get("share_plan_population_inside")
    return {
        "scenario": scenario or "", "scenario_title": title,
        # the plan area's units and residents (the share's denominator), and apart the
        # units beyond the plan area that the threshold reaches
        "units_inside": int((inside & plan).sum()), "units": int(plan.sum()),
        "population_inside": s.get("plan_area_population_inside"),
        "outside_units_inside": len(outside_pop),
        "outside_population_inside": float(outside_pop.sum(min_count=1))
        if len(outside_pop) else 0.0,
        "partial_units": s.get("partial_units") or 0,
        "partial_units_inside": s.get("partial_units_inside") or 0,
        "zones_population": s.get("uncoded_zones_population") or 0.0,
        "zones_population_inside": s.get("uncoded_zones_population_inside") or 0.0,
        "share_pct": None if share is None else 100 * float(share),
        "delta_pp": None if share is None or base_share is None
        else 100 * (float(share) - float(base_share)),
        "joins": [p.pick(u.at[c, "name_zh"], u.at[c, "name_en"]) for c in joins
                  if c in u.index],
        "minutes": minutes, "thresholds": THRESHOLDS_MIN,
        "population_year": s.get("population_year"),
        "mean_time": mean_t, "mean_time_delta": None if mean_t is None or base_t is None
        else mean_t - base_t, "unreachable": unreachable,
        "notes": p.notes(this_c.attrs["metroscope"].get("notes"))[:3],
        "map": figure_json(fig),
    }


def project_kind(p: Page, kind: str) -> str:
    """A project's kind (``plan``, ``rail``, ``target`` ...) as a catalogue label in the page
    language; a kind the catalogue does not know is shown as given (``—`` when empty)."""
    from ...messages import CATALOGUE

    key = f"web_project_kind_{kind}"
    return p.t(key) if key in CATALOGUE else (kind or "—")


def projects_rows(p: Page) -> list[dict[str, Any]]:
    """The project tracker: name, kind, status, target year, units, sources."""
    u = p.region.units
    rows = []
    for _, r in p.region.projects.iterrows():
        codes = [c.strip() for c in str(r.get("codes") or "").split(";") if c.strip()]
        names = [p.pick(u.at[c, "name_zh"], u.at[c, "name_en"]) for c in codes if c in u.index
                 and u.at[c, "level"] != "county"]
        ty = r.get("target_year")
        rows.append({"id": str(r["project_id"]), "name": p.pick(r["name_zh"], r["name_en"]),
                     "kind": project_kind(p, str(r.get("kind") or "")),
                     "status": str(r["status"]),
                     "status_text": status_text(p, str(r["status"])),
                     "target": "" if pd.isna(ty) else str(int(ty)),
                     "units": ("、" if p.lang == "zh" else ", ").join(names[:6])
                     + ("…" if len(names) > 6 else ""),
                     "sources": [s.strip() for s in str(r.get("sources") or "").split("|")
                                 if s.strip()][:3]})
    return rows


MinutesQ = Query(60, description="Circle threshold, minutes (60, 90 or 120).")


def _threshold(minutes: int) -> int:
    """The threshold asked for; any other than the card's choices is refused (a 422 in the
    page's language), never replaced by 60 in silence."""
    if minutes not in THRESHOLDS_MIN:
        from ...messages import Message
        from ..errors import ApiError

        msg = Message("web_err_threshold", got=minutes)
        raise ApiError(422, msg.get("en"), text=msg)
    return minutes


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, scenario: str | None = Query(None, max_length=80),
             minutes: int = MinutesQ) -> HTMLResponse:
    from ..._errors import MetroscopeError
    from ...indicators.primacy import primacy_trend

    p = page(request, "web_nav_overview", needs_core=True)
    st = state_of(request)
    try:
        trend = st.cached(p.region_name, "primacy_trend_gdp", {},
                          lambda: primacy_trend(p.region, measure="gdp"))
    except MetroscopeError:  # no GDP series to trend (MissingDataError ...): no trend card
        trend = None
    cards = st.cached(p.region_name, "page_cards", {"lang": p.lang},
                      lambda: _cards.cards(p.region, p.lang, trend))
    return render(p, "overview.html.j2", cards=cards,
                  spark_w=_cards.SPARK_W, spark_h=_cards.SPARK_H,
                  circle=circle_context(p, scenario, _threshold(minutes)),
                  choices=scenario_choices(p), projects=projects_rows(p), geo=geo_url(p),
                  monitor=monitor_overview(p), cache="monitor")


@router.get("/fragments/circle", response_class=HTMLResponse)
def circle_fragment(request: Request, scenario: str | None = Query(None, max_length=80),
                    minutes: int = MinutesQ) -> HTMLResponse:
    p = page(request, "web_nav_overview", needs_core=True)
    return render(p, "_circle.html.j2", circle=circle_context(p, scenario, _threshold(minutes)),
                  choices=scenario_choices(p), cache="")
