"""``/api/v1/screen``: the opportunity screen of city × sector cells (= ``metroscope screen``).

``/api/v1/screen`` returns the cell table of :func:`metroscope.screen.screen` (every component's
raw value, normalised score, rank and why a cell is unranked); ``/api/v1/screen/sensitivity``
how the top N changes when each weight moves ±20 % (:func:`metroscope.screen.sensitivity`);
``/api/v1/screen/components`` the components with their weights or why they are not scored
(:func:`metroscope.screen.components_table`). It is a screen, not advice (docs/screen.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from ..errors import ApiError
from ..respond import TableFormat, table_response
from ._common import FormatQ, LimitQ, OffsetQ, call, state
from .areas import china

if TYPE_CHECKING:
    import pandas as pd

router = APIRouter(prefix="/screen", tags=["screen"])

AreaQ = Annotated[str | None, Query(description="A national metropolitan area of the china "
                                    "dataset (南京都市圈 or 南京); default the embedded "
                                    "长春都市圈.")]
WeightsQ = Annotated[str | None, Query(description="name=weight,... (others 0); default "
                                       "equal weights.")]
EntropyQ = Annotated[bool, Query(description="Entropy weights (熵权法).")]
LevelQ = Annotated[str, Query(pattern="^(prefecture|county)$",
                              description="prefecture (cities) or county.")]
TopQ = Annotated[int, Query(ge=1, le=1000, description="Head the sensitivity check compares.")]


def _result(request: Request, area: str | None, weights: str | None, entropy: bool,
            level: str) -> pd.DataFrame:
    from ... import screen as S

    if weights is not None and entropy:
        raise ApiError(422, "Give either weights or entropy, not both.",
                       code="invalid_parameters")
    st = state(request)

    def compute() -> Any:
        w = S.parse_weights(weights) if weights is not None else None
        region = china(st).metro_area(area) if area else st.region("changchun")
        return S.screen(region, level=level, weights=w, entropy=entropy)

    params = {"area": area, "weights": weights, "entropy": entropy, "level": level}
    return call(lambda: st.cached(None, "screen", params, compute))


@router.get("", summary="Ranked city × sector cells with every component (= metroscope screen)")
def cells(request: Request, area: AreaQ = None, weights: WeightsQ = None,
          entropy: EntropyQ = False, level: LevelQ = "prefecture",
          format: FormatQ = TableFormat.json, limit: LimitQ = None,
          offset: OffsetQ = 0) -> Response:
    df = _result(request, area, weights, entropy, level)
    return table_response(request, df.reset_index(), format, limit=limit, offset=offset,
                          filename="screen")


@router.get("/sensitivity", summary="How the top N changes when each weight moves ±20 %")
def sensitivity(request: Request, area: AreaQ = None, weights: WeightsQ = None,
                entropy: EntropyQ = False, level: LevelQ = "prefecture", top: TopQ = 10,
                format: FormatQ = TableFormat.json) -> Response:
    from ... import screen as S

    df = _result(request, area, weights, entropy, level)
    return table_response(request, call(lambda: S.sensitivity(df, top=top)), format,
                          filename="screen-sensitivity")


@router.get("/components", summary="The components, their weights or why they are not scored")
def components(request: Request, area: AreaQ = None, weights: WeightsQ = None,
               entropy: EntropyQ = False, level: LevelQ = "prefecture",
               format: FormatQ = TableFormat.json) -> Response:
    from ... import screen as S

    df = _result(request, area, weights, entropy, level)
    return table_response(request, S.components_table(df), format,
                          filename="screen-components")
