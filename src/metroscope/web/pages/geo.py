"""``/geo/units.json``: the region's unit polygons as GeoJSON, the layer every map of the
dashboard draws. Served once per region content with an ETag (a revalidation is a 304), so
that the pages do not embed it: it is about 0.4 MB for Changchun, over 90 % of the overview."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from ..auth import require_read
from ..respond import ANALYSIS_CACHE, with_etag
from ._render import geo_json, page

router = APIRouter(dependencies=[Depends(require_read)])


@router.get("/geo/units.json")
def units_geojson(request: Request) -> Response:
    """The ``?region=`` region's polygons (:func:`metroscope.report._maps.polygons_geojson`)."""
    p = page(request)
    return with_etag(request, geo_json(p).encode("utf-8"), "application/geo+json",
                     cache=ANALYSIS_CACHE)
