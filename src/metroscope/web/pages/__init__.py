"""The dashboard pages (server-rendered Jinja2, htmx fragments, plotly figures)."""

from __future__ import annotations

from fastapi import APIRouter

from . import (
    areas,
    auth,
    bundles,
    geo,
    indicators,
    industry,
    monitor,
    overview,
    report,
    scenarios,
    travel,
)

router = APIRouter(include_in_schema=False)
for _module in (overview, indicators, travel, scenarios, industry, areas, monitor, bundles,
                report, auth, geo):
    router.include_router(_module.router)
