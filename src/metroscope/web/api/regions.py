"""``/api/v1/regions``: the datasets served, a region's summary and its tables
(= ``metroscope data list`` and ``metroscope data show NAME [--table T]``)."""

from __future__ import annotations

from typing import Annotated

import pandas as pd
from fastapi import APIRouter, Path, Query, Request, Response

from ..respond import TableFormat, table_response
from ._common import FormatQ, LimitQ, OffsetQ, call, state

router = APIRouter(prefix="/regions", tags=["regions"])

TABLES = ("units", "stats", "nodes", "links", "access", "projects", "indicators")
NameP = Annotated[str, Path(description="Region name.", max_length=200)]


@router.get("", summary="Regions served (= metroscope data list)")
def list_regions(request: Request, format: FormatQ = TableFormat.json) -> Response:
    from ...datasets import catalogue

    st = state(request)
    df = catalogue()
    extra = [n for n in st.region_names() if n not in set(df["name"])]
    if extra:
        df = pd.concat([df, pd.DataFrame({"name": extra, "description": "bundle"})],
                       ignore_index=True)
    return table_response(request, df, format, filename="regions")


@router.get("/{name}", summary="A region's summary (= metroscope data show NAME)")
def show_region(request: Request, name: NameP, format: FormatQ = TableFormat.json) -> Response:
    from ...overview import region_summary

    st = state(request)
    df = call(lambda: st.cached(name, "region_summary", {},
                                lambda: region_summary(st.region(name))))
    return table_response(request, df, format, filename=f"{name}-summary")


@router.get("/{name}/{table}", summary="One table of a region (= data show NAME --table T)")
def region_table(
    request: Request,
    name: NameP,
    table: Annotated[str, Path(pattern="^(" + "|".join(TABLES) + ")$",
                               description=" | ".join(TABLES))],
    format: FormatQ = TableFormat.json,
    limit: LimitQ = None,
    offset: OffsetQ = 0,
    indicator: Annotated[list[str] | None, Query(description="stats: only these indicators "
                                                 "(repeatable).")] = None,
    year: Annotated[list[int] | None, Query(description="stats: only these years.")] = None,
    code: Annotated[list[str] | None, Query(description="stats/units: only these unit "
                                            "codes.")] = None,
    level: Annotated[str | None, Query(pattern="^(province|prefecture|county)$",
                                       description="stats/units: only units of this "
                                       "level.")] = None,
) -> Response:
    st = state(request)
    region = call(lambda: st.region(name))
    if table == "indicators":
        from ...overview import indicator_catalogue

        df = st.cached(name, "indicator_catalogue", {}, lambda: indicator_catalogue(region))
    else:
        df = pd.DataFrame(getattr(region, table))
        if table in ("stats", "units"):
            codes = set(code or [])
            if level:
                codes_at = set(region.codes(level=level))
                codes = codes & codes_at if code else codes_at
            key = df["code"] if table == "stats" else df.index.to_series()
            keep = pd.Series(True, index=df.index)
            if code or level:
                keep &= key.astype(str).isin(codes)
            if table == "stats" and indicator:
                keep &= df["indicator"].isin(indicator)
            if table == "stats" and year:
                keep &= df["year"].isin(year)
            df = df[keep.to_numpy()]
    return table_response(request, df, format, limit=limit, offset=offset,
                          filename=f"{name}-{table}")
