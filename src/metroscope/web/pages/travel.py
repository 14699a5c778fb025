"""``/travel``: pick origin, mode, threshold, network year and scenario; the isochrone map,
the travel-time table and accessibility (the same cached calls as ``/api/v1/isochrone`` and
``/api/v1/accessibility``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from ..._options import as_mode
from ..api._common import call, one_value_each, pick_network_year, scenario_region
from ..auth import require_read
from . import _figs
from ._render import Page, figure_json, page, render, state_of, table_view
from .overview import scenario_choices

router = APIRouter(dependencies=[Depends(require_read)])
_ONE_NETWORK_YEAR = [Depends(one_value_each("network_year", "year"))]

MODES = ("rail", "road", "fastest")


def travel_context(p: Page, origin: str | None, mode: str, minutes: float,
                   year: int | None, scenario: str | None) -> dict[str, Any]:
    """Isochrone (units within ``minutes`` of ``origin``) and accessibility, with a map."""
    from ...network import TravelOptions, accessibility, isochrone

    st = state_of(p.request)
    region = call(lambda: scenario_region(st, p.region_name, scenario))
    params = {"origin": origin, "mode": mode, "minutes": minutes, "network_year": year,
              "scenario": scenario}

    def travel() -> TravelOptions:  # made inside call(): a bad mode or year is a user error
        return TravelOptions(mode=as_mode(mode), network_year=year)
    iso = call(lambda: st.cached(p.region_name, "isochrone", {**params, "status": None,
                                                              "origin": [origin] if origin
                                                              else None},
                                 lambda: isochrone(region, minutes=minutes,
                                                   origin=[origin] if origin else None,
                                                   options=travel())))
    acc = call(lambda: st.cached(p.region_name, "accessibility",
                                 {"mode": mode, "mass": "population", "network_year": year,
                                  "status": None, "scenario": scenario, "decay": "power",
                                  "decay_param": 1.0, "stats_year": None},
                                 lambda: accessibility(region, options=travel())))
    fig = _figs.isochrone_map(region, p.lang, iso, "travel_time_min", height=520)
    shown = iso.sort_values("travel_time_min")
    meta = iso.attrs.get("metroscope", {})
    inside = int(shown["inside"].fillna(False).astype(bool).sum())
    other_name = ["name_en"] if p.lang == "zh" else ["name_zh"]
    return {"map": figure_json(fig),
            "table": table_view(shown.drop(columns=other_name, errors="ignore"), digits=0,
                                lang=p.lang),
            "access": table_view(acc.drop(columns=["name_en"] if p.lang == "zh"
                                          else ["name_zh"]), digits=2, lang=p.lang),
            "inside": inside, "units": len(shown),
            "notes": p.notes(meta.get("notes"))[:4]}


def _network_year(network_year: str | None, year: str | None) -> int | None:
    """The page's network year: ``network_year=`` (the API's name) or ``year=`` (the form's);
    both with different values is the API's 422."""
    return pick_network_year(int(network_year) if network_year else None,
                             int(year) if year else None)


@router.get("/travel", response_class=HTMLResponse, dependencies=_ONE_NETWORK_YEAR)
def travel_page(
    request: Request,
    origin: str | None = Query(None, max_length=20),
    mode: str = Query("fastest", pattern="^(rail|road|fastest)$"),
    minutes: float = Query(60, gt=0, le=600),
    year: str | None = Query(None, pattern=r"^(\d{4}|)$"),
    network_year: str | None = Query(None, pattern=r"^(\d{4}|)$"),
    scenario: str | None = Query(None, max_length=80),
) -> HTMLResponse:
    p = page(request, "web_nav_travel", needs_core=True)
    u = p.region.units
    origins = [(str(c), p.pick(u.at[c, "name_zh"], u.at[c, "name_en"]))
               for c in u.index[(u["level"] == "county") & u["seat_lon"].notna()
                                & u["role"].isin(["core", "member", "partial"])]]
    y = _network_year(network_year, year)
    ctx = travel_context(p, origin or None, mode, minutes, y, scenario or None)
    from ._render import geo_url

    return render(p, "travel.html.j2", geo=geo_url(p), origins=origins, origin=origin or "", mode=mode,
                  modes=MODES, minutes=minutes, year=y or "", scenario=scenario or "",
                  choices=scenario_choices(p), t=ctx)


@router.get("/fragments/travel", response_class=HTMLResponse,
            dependencies=_ONE_NETWORK_YEAR)
def travel_fragment(
    request: Request,
    origin: str | None = Query(None, max_length=20),
    mode: str = Query("fastest", pattern="^(rail|road|fastest)$"),
    minutes: float = Query(60, gt=0, le=600),
    year: str | None = Query(None, pattern=r"^(\d{4}|)$"),
    network_year: str | None = Query(None, pattern=r"^(\d{4}|)$"),
    scenario: str | None = Query(None, max_length=80),
) -> HTMLResponse:
    p = page(request, "web_nav_travel", needs_core=True)
    ctx = travel_context(p, origin or None, mode, minutes, _network_year(network_year, year),
                         scenario or None)
    return render(p, "_travel.html.j2", t=ctx)
