"""``/api/v1/indicators``: every registered indicator, and one computed for a region with the
same options as ``metroscope analyze NAME`` (built by the same
:func:`metroscope.indicators._options.indicator_kwargs`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from ..respond import TableFormat, table_response
from ._common import FormatQ, LimitQ, MetaQ, OffsetQ, RegionQ, call, one_value_each, state

router = APIRouter(prefix="/indicators", tags=["indicators"])

Level = Annotated[str | None, Query(pattern="^(province|prefecture|county)$",
                                    description="county | prefecture | province.")]


@router.get("", summary="Every indicator (= metroscope analyze --list)")
def list_indicators(request: Request, format: FormatQ = TableFormat.json) -> Response:
    from ...indicators._options import registry_table

    return table_response(request, registry_table(), format, filename="indicators")


def indicator_result(request: Request, name: str, opts: dict[str, Any],
                     region: str | None) -> Any:
    """The indicator ``name`` computed on ``region`` with CLI-style ``opts`` (cached)."""
    from ...indicators import get
    from ...indicators._options import indicator_kwargs

    st = state(request)
    ind = call(lambda: get(name))
    kwargs = call(lambda: indicator_kwargs(ind, opts), location="query")
    reg = call(lambda: st.region(region))
    return call(lambda: st.cached(region, "indicator", {"name": ind.name, "kwargs": kwargs},
                                  lambda: ind.function(reg, **kwargs)))


#: the options of one indicator that take one value (``codes`` and ``set`` are repeatable)
_ONE_VALUE = [Depends(one_value_each("region", "level", "year", "measure", "weight", "group_by",
                                     "parent", "start", "end", "format", "meta"))]


@router.get("/{name}", summary="One indicator (= metroscope analyze NAME)",
            dependencies=_ONE_VALUE)
def indicator(
    request: Request,
    name: Annotated[str, Path(max_length=60, description="Indicator name (see the list).")],
    region: RegionQ = None,
    level: Level = None,
    year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    measure: Annotated[str | None, Query(max_length=80)] = None,
    weight: Annotated[str | None, Query(max_length=80)] = None,
    group_by: Annotated[str | None, Query(max_length=80)] = None,
    parent: Annotated[str | None, Query(max_length=40)] = None,
    codes: Annotated[list[str] | None, Query(max_length=4000,
                                             description="Unit codes, comma-separated or "
                                             "repeated (codes=220100&codes=220200).")] = None,
    start: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    end: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    set: Annotated[list[str] | None, Query(description="Extra parameter KEY=VALUE "
                                           "(repeatable), as --set.")] = None,
    meta: MetaQ = False,
    format: FormatQ = TableFormat.json,
    limit: LimitQ = None,
    offset: OffsetQ = 0,
) -> Response:
    opts = {"level": level, "year": year, "measure": measure, "weight": weight,
            "group_by": group_by, "parent": parent,
            "codes": ",".join(codes) if codes else None, "start": start,
            "end": end, "set": set or []}
    result = indicator_result(request, name, opts, region)
    return table_response(request, result, format, limit=limit, offset=offset,
                          filename=name, meta=meta)
