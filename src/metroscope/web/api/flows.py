"""``/api/v1/flows/{radiation|gravity}``: model flows for a region and the core's share
(= ``metroscope flows radiation|gravity --region R [--core-share]``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from ..._options import FlowMode
from ..respond import TableFormat, table_response
from ._common import FormatQ, LimitQ, OffsetQ, RegionQ, call, check_pairs, state

router = APIRouter(prefix="/flows", tags=["flows"])

YearQ = Annotated[int, Query(ge=1900, le=2100, description="Census year of the population.")]
LevelQ = Annotated[str, Query(pattern="^(county|prefecture)$", description="Unit level.")]
CoreQ = Annotated[bool, Query(description="Each member county's share of flows with the "
                              "core instead of the flow table.")]


def _check_size(request: Request, region: str | None, level: str, *, knn: bool = False,
                k_nearest: int | None = None) -> None:
    """Refuse a flow table of more than ``MAX_PAIRS`` pairs before computing it."""
    units = state(request).region(region).units
    n = int((units["level"] == level).sum())
    check_pairs(n, min(n, k_nearest) if k_nearest else n, what="flow",
                fix="Use level=prefecture" + (" or a smaller k_nearest." if knn else "."))


def _answer(request: Request, flows: Any, region: str | None, core_share: bool,
            fmt: TableFormat, limit: int | None, offset: int, name: str) -> Response:
    if core_share:
        from ...flows import core_share as share

        st = state(request)
        table = call(lambda: share(flows, st.region(region)))
        return table_response(request, table, fmt, limit=limit, offset=offset,
                              filename=f"{name}-core-share")
    return table_response(request, flows, fmt, limit=limit, offset=offset, filename=name)


@router.get("/radiation", summary="Radiation flows (= metroscope flows radiation)")
def radiation(
    request: Request,
    region: RegionQ = None,
    year: YearQ = 2020,
    level: LevelQ = "county",
    tie_rule: Annotated[str, Query(pattern="^(inclusive|ordered)$")] = "inclusive",
    normalisation: Annotated[str, Query(pattern="^(row|finite|none)$")] = "row",
    model: Annotated[str, Query(pattern="^(original|extended)$")] = "original",
    # alpha, beta, mode: checked by the flows layer's own rule (metroscope.flows._params),
    # the same for the library, the command line and this API
    alpha: Annotated[float, Query(description="Exponent of the extended model (> 0).")] = 1.0,
    k_nearest: Annotated[int | None, Query(ge=1, le=100_000)] = None,
    cutoff_km: Annotated[float | None, Query(gt=0, le=10_000)] = None,
    colocated: Annotated[str, Query(pattern="^(merge|keep)$")] = "merge",
    core_share: CoreQ = False,
    format: FormatQ = TableFormat.json,
    limit: LimitQ = None,
    offset: OffsetQ = 0,
) -> Response:
    from ...flows import locations_from_region
    from ...flows import radiation as rad

    st = state(request)
    call(lambda: _check_size(request, region, level, knn=True, k_nearest=k_nearest))
    params = {"year": year, "level": level, "tie_rule": tie_rule,
              "normalisation": normalisation, "model": model, "alpha": alpha,
              "k_nearest": k_nearest, "cutoff_km": cutoff_km, "colocated": colocated}

    def compute() -> Any:
        loc = locations_from_region(st.region(region), year=year, level=level)
        return rad(loc, tie_rule=tie_rule, normalisation=normalisation,  # type: ignore[arg-type]
                   model=model, alpha=alpha, k_nearest=k_nearest,  # type: ignore[arg-type]
                   cutoff_km=cutoff_km, engine="local",
                   colocated=colocated)  # type: ignore[arg-type]

    flows = call(lambda: st.cached(region, "radiation", params, compute))
    return _answer(request, flows, region, core_share, format, limit, offset, "radiation")


@router.get("/gravity", summary="Gravity flows (= metroscope flows gravity)")
def gravity(
    request: Request,
    region: RegionQ = None,
    year: YearQ = 2020,
    level: LevelQ = "county",
    deterrence: Annotated[str, Query(pattern="^(power|exp)$")] = "power",
    beta: Annotated[float | None, Query(description="Deterrence parameter (> 0).")] = None,
    constraint: Annotated[str, Query(pattern="^(none|production|attraction|doubly)$")
                          ] = "production",
    mode: FlowMode = "road",
    core_share: CoreQ = False,
    format: FormatQ = TableFormat.json,
    limit: LimitQ = None,
    offset: OffsetQ = 0,
) -> Response:
    from ...flows import region_flows

    st = state(request)
    call(lambda: _check_size(request, region, level))
    params = {"year": year, "level": level, "deterrence": deterrence, "beta": beta,
              "constraint": constraint, "mode": mode}

    def compute() -> Any:
        return region_flows(st.region(region), model="gravity", year=year, level=level,
                            beta=beta, engine="local", mode=mode,
                            deterrence=deterrence,  # type: ignore[arg-type]
                            constraint=constraint)  # type: ignore[arg-type]

    flows = call(lambda: st.cached(region, "gravity", params, compute))
    return _answer(request, flows, region, core_share, format, limit, offset, "gravity")
