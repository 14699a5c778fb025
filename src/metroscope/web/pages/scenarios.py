"""``/scenarios``: the list, one spec's edits, two compared, and an editor that changes a
line's speed, headway or opening year, re-runs the comparison with the base and shows the
deltas (both sides on the network of the chosen network year, as on ``/travel``); "save as a
new spec" is a write (a signed-in session with a write token + CSRF)."""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

import pandas as pd
from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse

from ... import _schema as S
from ..._options import as_mode
from ...messages import Message
from ...scenario.tables import compare_table, edits_table, scenarios_table
from ..api._common import call
from ..api.scenarios import evaluate_spec, resolve_spec, save_spec, saved_names, validate_body
from ..auth import require_read, require_write
from ..errors import ApiError
from ..problems import clip, problem
from ._render import Page, page, render, state_of, table_view
from .overview import scenario_choices

router = APIRouter(dependencies=[Depends(require_read)])

PARAMS = ("speed_kph", "headway_min", "open_year")
DELTA_COLS = ("time_to_core_min", "potential", "weighted_time_min")


def rail_lines(p: Page) -> list[str]:
    """Names of the rail lines of the region's network (operating and planned)."""
    lk = p.region.links
    lines = lk.loc[lk["mode"].isin(["hsr", "intercity", "rail"]), "line"].dropna()
    return sorted({str(x) for x in lines})


def _deltas(p: Page, df: pd.DataFrame) -> pd.DataFrame:
    """The units whose time to the core or circle membership changed, largest gain first."""
    name = "name_zh" if p.lang == "zh" else "name_en"
    cols = [c for c in ("scenario", name, "time_to_core_min_base", "time_to_core_min_scenario",
                        "time_to_core_min_delta", "circle_change", "potential_delta")
            if c in df.columns]
    d = df["time_to_core_min_delta"].astype(float)
    changed = df[(d.abs() > 1e-9) | (df["circle_change"] != "")]
    return changed[cols].sort_values("time_to_core_min_delta")


def _summary(df: pd.DataFrame) -> dict[str, Any]:
    s = df.attrs.get("metroscope", {}).get("summary") or {}
    b, o = s.get("base", {}), s.get("scenario", {})

    def share(x: dict[str, Any]) -> float | None:
        v = x.get("share_plan_population_inside")
        return None if v is None else 100 * float(v)

    return {"base_units": b.get("units_inside"), "units": o.get("units_inside"),
            "base_share": share(b), "share": share(o),
            "joins": int((df["circle_change"] == "joins").sum()),
            "faster": int((df["time_to_core_min_delta"].astype(float) < -1e-9).sum())}


def listing_view(p: Page, listing: pd.DataFrame) -> Any:
    """The scenario list with the title in the page language and labelled columns (the
    Chinese page showed ``name title title_zh year edits`` and both titles)."""
    other = "title" if p.lang == "zh" else "title_zh"
    view = table_view(listing.drop(columns=[other]), digits=0, lang=p.lang)
    return dataclasses.replace(view, columns=[p.t(f"web_scn_col_{c}") for c in listing.columns
                                              if c != other])


@router.get("/scenarios", response_class=HTMLResponse)
def scenarios_page(request: Request,
                   show: str | None = Query(None, max_length=80)) -> HTMLResponse:
    from ...scenario import list_scenarios

    p = page(request, "web_nav_scenarios")
    st = state_of(request)
    listing = call(lambda: scenarios_table(list_scenarios() + saved_names(st)))
    names = list(listing["name"])
    chosen = show if show in names else (names[0] if names else "")
    return render(p, "scenarios.html.j2", listing=listing_view(p, listing), names=names,
                  show=chosen, spec=show_context(p, chosen) if chosen else None,
                  lines=rail_lines(p), params=PARAMS, choices=scenario_choices(p))


def show_context(p: Page, name: str) -> dict[str, Any]:
    """A spec's edits and description."""
    spec = resolve_spec(state_of(p.request), name)
    df = call(lambda: edits_table(spec))
    return {"name": name, "title": p.pick(spec.title_zh or name, spec.title or name),
            # a spec without a Chinese description shows its English one (text of the spec)
            "description": p.pick(spec.description_zh.strip() or spec.description.strip(),
                                  spec.description.strip()),
            "edits": table_view(df, digits=0, lang=p.lang),
            "sources": list(spec.sources)}


@router.get("/fragments/scenario", response_class=HTMLResponse)
def show_fragment(request: Request, show: str = Query(..., max_length=80)) -> HTMLResponse:
    p = page(request, "web_nav_scenarios")
    return render(p, "_scenario_show.html.j2", spec=show_context(p, show))


@router.get("/fragments/compare", response_class=HTMLResponse)
def compare_fragment(request: Request, a: str = Query(..., max_length=80),
                     b: str = Query(..., max_length=80),
                     mode: str = Query("fastest", pattern="^(rail|road|fastest)$")
                     ) -> HTMLResponse:
    p = page(request, "web_nav_scenarios")
    st = state_of(request)
    specs = [resolve_spec(st, a), resolve_spec(st, b)]
    params = {"specs": [s.model_dump_json() for s in specs], "mode": mode, "minutes": None}
    df = call(lambda: st.cached(p.region_name, "scenario_compare", params,
                                lambda: compare_table(specs, p.region, mode=as_mode(mode))))
    per = [_summary(evaluate_spec(request, s, p.region_name, mode, None)) for s in specs]
    return render(p, "_scenario_compare.html.j2", names=[a, b], summaries=per,
                  deltas=table_view(_deltas(p, df), digits=1, lang=p.lang),
                  notes=p.notes(df.attrs.get("metroscope", {}).get("scenario_notes")))


def edited_spec(p: Page, base: str | None, line: str, param: str, value: float
                ) -> dict[str, Any]:
    """A scenario (as a mapping) = ``base``'s edits + one edit of ``line``. The editor's
    network year is not part of it: it is the network both sides are routed on
    (:func:`editor_year`), as on the travel page."""
    if param == "speed_kph":
        edit: dict[str, Any] = {"op": "set_speed", "line": line, "speed_kph": value}
    elif param == "headway_min":
        edit = {"op": "set_headway", "line": line, "headway_min": value}
    else:
        edit = {"op": "update_links", "line": line, "open_year": int(value)}
    spec: dict[str, Any] = {"name": "edited", "edits": [edit]}
    if base:
        b = resolve_spec(state_of(p.request), base).model_dump(mode="json", exclude_none=True)
        spec = {**b, "name": f"{b['name']}-edited", "edits": [*b.get("edits", []), edit]}
        spec.pop("source_file", None)
    return spec


def editor_year(text: str | None) -> int | None:
    """The editor's network year: empty is today's operating network, else a whole year in
    the network years the travel-time selection takes (``_schema.YEAR_MIN``-``YEAR_MAX``,
    1949-2100, as ``/travel`` and the API's ``network_year=``).

    Raises
    ------
    ApiError
        422 ``invalid_parameters`` for text that is not a whole year or a year outside the
        range; its ``text`` (``web_err_edit_year``) says what was given, the range and why,
        in the page's language.

    Examples
    --------
    >>> editor_year("2030"), editor_year(" "), editor_year(None)
    (2030, None, None)
    >>> try:
    ...     editor_year("1800")
    ... except ApiError as exc:
    ...     print(exc.status, exc.text.zh[:33])
    422 网络年份“1800”无法使用:须为1949–2100之间的整数年份
    """
    t = (text or "").strip()
    if not t:
        return None
    year = int(t) if re.fullmatch(r"[+-]?\d{1,9}", t) else None
    if year is not None and S.YEAR_MIN <= year <= S.YEAR_MAX:
        return year
    expected = f"a whole year from {S.YEAR_MIN} to {S.YEAR_MAX}, or empty (today's network)"
    msg = Message("web_err_edit_year", got=clip(t), low=S.YEAR_MIN, high=S.YEAR_MAX)
    raise ApiError(422, str(msg), code="invalid_parameters", text=msg,
                   details=[problem(str(msg), location="query", name="year", value=t,
                                    expected=expected)])


@router.get("/fragments/edit", response_class=HTMLResponse)
def edit_fragment(
    request: Request,
    line: str = Query(..., max_length=80),
    param: str = Query("speed_kph", pattern="^(speed_kph|headway_min|open_year)$"),
    value: float = Query(..., gt=0, le=5000),
    base: str | None = Query(None, max_length=80),
    year: str | None = Query(None, max_length=40),
    mode: str = Query("fastest", pattern="^(rail|road|fastest)$"),
) -> HTMLResponse:
    p = page(request, "web_nav_scenarios")
    network_year = editor_year(year)
    if line not in rail_lines(p):
        expected = f"one of {', '.join(rail_lines(p))}"
        raise ApiError(422, f"Unknown line {line!r}.", code="invalid_parameters",
                       details=[problem(f"line: expected {expected}", location="query",
                                        name="line", value=line, expected=expected)])
    body = edited_spec(p, base or None, line, param, value)
    spec = validate_body(body)
    df = evaluate_spec(request, spec, p.region_name, mode, None, network_year=network_year)
    return render(p, "_scenario_edit.html.j2", summary=_summary(df),
                  deltas=table_view(_deltas(p, df), digits=1, lang=p.lang),
                  notes=p.notes(df.attrs.get("metroscope", {}).get("scenario_notes")),
                  spec_json=json.dumps(body, ensure_ascii=False), saved="")


@router.post("/scenarios/save", response_class=HTMLResponse,
             dependencies=[Depends(require_write)])
def save(request: Request, name: str = Form(..., max_length=80),
         spec_json: str = Form(..., max_length=100_000)) -> HTMLResponse:
    p = page(request, "web_nav_scenarios")
    try:
        body = json.loads(spec_json)
    except json.JSONDecodeError as exc:
        raise ApiError(422, f"The spec is not JSON: {exc}", code="invalid_parameters"
                       ) from None
    if not isinstance(body, dict):
        raise ApiError(422, "The spec must be a JSON object.", code="invalid_parameters")
    body["name"] = name
    saved = save_spec(request, validate_body(body))
    return render(p, "_saved.html.j2", saved=saved)
