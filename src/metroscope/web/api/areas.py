"""``/api/v1/areas``: China's 18 national metropolitan areas (= ``metroscope areas``) and
their comparison with the same definitions (= ``metroscope areas compare``), optionally with
each area's rank on every measure (:func:`metroscope.areas.ranks`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from ..respond import TableFormat, table_response
from ._common import FormatQ, call, state

if TYPE_CHECKING:
    import pandas as pd

    from ..state import AppState

router = APIRouter(prefix="/areas", tags=["areas"])

#: The columns ``metroscope areas --format json`` prints.
LIST_COLUMNS = ["order", "ndrc_reply", "core_name", "n_units", "n_core", "population_2020",
                "core_population_2020", "members_status"]


def china(st: AppState) -> Any:
    """The embedded ``china`` dataset (opened once)."""
    from ...datasets import load

    return st.cached(None, "china_dataset", {}, lambda: load("china"))


def comparison(st: AppState) -> pd.DataFrame:
    """:func:`metroscope.areas.compare` of the embedded ``china`` dataset (cached)."""
    from ... import areas

    return call(lambda: st.cached(None, "areas_compare", {},
                                  lambda: areas.compare(china(st))))


def area_list(st: AppState) -> pd.DataFrame:
    """:func:`metroscope.areas.list_areas` (cached)."""
    from ... import areas

    return call(lambda: st.cached(None, "areas_list", {},
                                  lambda: areas.list_areas(china(st),
                                                           table=comparison(st))))


@router.get("", summary="The 18 national metropolitan areas (= metroscope areas)")
def list_(request: Request, format: FormatQ = TableFormat.json) -> Response:
    df = area_list(state(request))
    return table_response(request, df[LIST_COLUMNS], format, filename="areas")


@router.get("/compare", summary="Every area on every measure with the same definitions "
            "(= metroscope areas compare)")
def compare(
    request: Request,
    format: FormatQ = TableFormat.json,
    ranks: Annotated[bool, Query(description="Add rank_<measure> (1 = first) and "
                                 "n_<measure> (areas ranked) columns.")] = False,
) -> Response:
    from ... import areas

    df = comparison(state(request))
    if ranks:
        rk = areas.ranks(df)
        rk = rk.rename(columns={m.key: f"rank_{m.key}" for m in areas.MEASURES})
        df = df.join(rk)
    return table_response(request, df, format, filename="areas-compare")
