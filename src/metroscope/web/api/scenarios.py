"""``/api/v1/scenarios``: list, show, run and compare (= ``metroscope scenario ...``), evaluate
an edited spec against the base, and save a new spec (a write: needs a token)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Query, Request, Response

from ..._options import as_mode
from ..._records import records
from ...messages import Message
from ...scenario.tables import compare_table, edits_table, run_table, scenarios_table
from ..auth import require_write
from ..errors import ApiError
from ..problems import clip, problem
from ..respond import NO_STORE, TableFormat, json_response, table_response
from ._common import FormatQ, LimitQ, MetaQ, MinutesQ, ModeQ, OffsetQ, RegionQ, call, state

if TYPE_CHECKING:
    from ...scenario import Scenario
    from ..state import AppState

router = APIRouter(prefix="/scenarios", tags=["scenarios"])

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")
NameP = Annotated[str, Path(max_length=80, description="Scenario name.")]
MAX_EDITS = 200


def saved_names(st: AppState) -> list[str]:
    """Names of the scenarios saved on this server (not shipped)."""
    folder = st.config.scenarios_dir
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.yaml") if NAME_RE.match(p.stem))


def resolve_spec(st: AppState, name: str) -> Scenario:
    """A shipped or saved scenario by name (never a path: names only)."""
    from ...scenario import list_scenarios, load_scenario

    if not NAME_RE.match(name):
        expected = "letters, digits, '.', '_' and '-', starting with a letter or digit"
        raise ApiError(422, f"Invalid scenario name {clip(name)!r}: {expected}.",
                       code="invalid_parameters",
                       details=[problem(f"Invalid scenario name {clip(name)!r}.",
                                        name="scenario", value=name, expected=expected)])
    if name in list_scenarios():
        return call(lambda: load_scenario(name))
    path = st.config.scenarios_dir / f"{name}.yaml"
    if name in saved_names(st):
        return call(lambda: load_scenario(path))
    known = ", ".join(list_scenarios() + saved_names(st))
    raise ApiError(404, f"No scenario named {name!r}; known: {known}.", code="not_found",
                   details=[problem(f"No scenario named {name!r}.", name="scenario",
                                    value=name, expected=f"one of {known}",
                                    fix="Pick a known scenario (GET /api/v1/scenarios).")])


@router.get("", summary="Scenarios (= metroscope scenario list; saved ones follow)")
def list_(request: Request, format: FormatQ = TableFormat.json) -> Response:
    from ...scenario import list_scenarios

    st = state(request)
    df = call(lambda: scenarios_table(list_scenarios()))
    saved = saved_names(st)
    if saved:
        import pandas as pd

        rows = []
        for n in saved:
            s = resolve_spec(st, n)
            rows.append({"name": n, "title": s.title, "title_zh": s.title_zh, "year": s.year,
                         "edits": len(s.edits)})
        df = pd.concat([df, pd.DataFrame(rows)], ignore_index=True)
    return table_response(request, df, format, filename="scenarios", cache=NO_STORE)


@router.get("/compare", summary="Per-unit deltas (= metroscope scenario compare A B ...)")
def compare(
    request: Request,
    spec: Annotated[list[str], Query(min_length=1, max_length=5,
                                     description="Scenario names (repeatable).")],
    region: RegionQ = None,
    mode: ModeQ = "fastest",
    minutes: MinutesQ = None,
    format: FormatQ = TableFormat.json,
    limit: LimitQ = None,
    offset: OffsetQ = 0,
    meta: MetaQ = False,
) -> Response:
    st = state(request)
    specs = [resolve_spec(st, s) for s in spec]
    params = {"specs": [s.model_dump_json() for s in specs], "mode": mode, "minutes": minutes}
    df = call(lambda: st.cached(region, "scenario_compare", params,
                                lambda: compare_table(specs, st.region(region), mode=as_mode(mode),
                                                      minutes=minutes)))
    return table_response(request, df, format, limit=limit, offset=offset,
                          filename="scenario-compare", meta=meta)


@router.get("/{name}", summary="A scenario's edits (= metroscope scenario show NAME)")
def show(request: Request, name: NameP, format: FormatQ = TableFormat.json) -> Response:
    st = state(request)
    df = call(lambda: edits_table(resolve_spec(st, name)))
    return table_response(request, df, format, filename=f"scenario-{name}", cache=NO_STORE)


@router.get("/{name}/spec", summary="A scenario's specification as JSON")
def spec_json(request: Request, name: NameP) -> Response:
    st = state(request)
    return json_response(request, resolve_spec(st, name).model_dump(mode="json"),
                         cache=NO_STORE)


@router.get("/{name}/run", summary="Circle and accessibility under a scenario "
            "(= metroscope scenario run NAME)")
def run(
    request: Request,
    name: NameP,
    region: RegionQ = None,
    mode: ModeQ = "fastest",
    minutes: MinutesQ = None,
    format: FormatQ = TableFormat.json,
    limit: LimitQ = None,
    offset: OffsetQ = 0,
) -> Response:
    st = state(request)
    spec = resolve_spec(st, name)
    params = {"spec": spec.model_dump_json(), "mode": mode, "minutes": minutes}
    df = call(lambda: st.cached(region, "scenario_run", params,
                                lambda: run_table(spec, st.region(region), mode=as_mode(mode),
                                                  minutes=minutes)))
    return table_response(request, df, format, limit=limit, offset=offset,
                          filename=f"scenario-{name}-run")


def validate_body(body: Any) -> Scenario:
    """A scenario from a request body (every problem listed), bounded in size."""
    from ...scenario import scenario_from_dict

    if isinstance(body, dict) and len(body.get("edits") or []) > MAX_EDITS:
        raise ApiError(413, f"At most {MAX_EDITS} edits per scenario.",
                       code="payload_too_large",
                       details=[problem(f"{len(body['edits'])} edits; at most {MAX_EDITS}.",
                                        location="body", name="edits",
                                        value=f"{len(body['edits'])} edits",
                                        expected=f"at most {MAX_EDITS} edits",
                                        fix="Split the scenario in several.")])
    context = Message("scn_ctx_request_body")
    return call(lambda: scenario_from_dict(body, context=context), location="body")


def evaluate_spec(request: Request, spec: Scenario, region: str | None, mode: str,
                  minutes: float | None, *, network_year: int | None = None) -> Any:
    """Deltas of ``spec`` against the base region, cached by the spec's content; both sides
    routed on the network of ``network_year`` (links open by then; ``None``: operating)."""
    from ...network import TravelOptions
    from ...scenario import apply, compare

    st = state(request)
    params = {"spec": spec.model_dump_json(), "mode": mode, "minutes": minutes,
              "network_year": network_year}

    def compute() -> Any:
        base = st.region(region)
        opts = TravelOptions(mode=as_mode(mode), network_year=network_year)
        return compare(base, apply(spec, base), options=opts, minutes=minutes)

    return call(lambda: st.cached(region, "scenario_evaluate", params, compute))


@router.post("/evaluate", summary="Deltas of an edited (unsaved) scenario against the base")
def evaluate(
    request: Request,
    body: Annotated[dict[str, Any], Body(description="A scenario: name, edits[, year, title, "
                                         "title_zh, description].")],
    region: RegionQ = None,
    mode: ModeQ = "fastest",
    minutes: MinutesQ = None,
) -> Response:
    spec = validate_body(body)
    df = evaluate_spec(request, spec, region, mode, minutes)
    meta = df.attrs.get("metroscope", {})
    return json_response(request, {"summary": meta.get("summary"),
                                   "notes": list(meta.get("scenario_notes") or []),
                                   "data": records(df)})


def save_spec(request: Request, spec: Scenario) -> str:
    """Write ``spec`` as a new YAML file in the server's scenario folder (atomic)."""
    import yaml

    from ..._atomic import write_text
    from ...scenario import list_scenarios

    st = state(request)
    if not NAME_RE.match(spec.name):
        raise ApiError(422, f"Invalid scenario name {spec.name!r}.", code="invalid_parameters")
    if spec.name in list_scenarios() or spec.name in saved_names(st):
        raise ApiError(409, f"A scenario named {spec.name!r} exists; choose another name.",
                       code="conflict")
    folder = st.config.scenarios_dir.resolve()
    path = (folder / f"{spec.name}.yaml").resolve()
    if path.parent != folder:  # names are checked above; never write outside the folder
        raise ApiError(422, "Invalid scenario name.", code="invalid_parameters")
    text = yaml.safe_dump(spec.model_dump(mode="json", exclude_none=True), allow_unicode=True,
                          sort_keys=False)
    write_text(path, text, what="the scenario")
    return spec.name


@router.post("", status_code=201, summary="Save a new scenario (write: needs a token)",
             dependencies=[Depends(require_write)])
def create(
    request: Request,
    body: Annotated[dict[str, Any], Body(description="A scenario: name, edits[, year, title, "
                                         "title_zh, description].")],
) -> Response:
    spec = validate_body(body)
    name = save_spec(request, spec)
    return Response(content=f'{{"name": "{name}"}}', media_type="application/json",
                    status_code=201, headers={"Location": f"/api/v1/scenarios/{name}"})
