"""The JSON API ``/api/v1``: one router per resource. Every route calls the same library
function with the same parameters as the CLI command named in its summary."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from ..auth import require_read
from . import areas, bundles, flows, indicators, monitor, regions, scenarios, screen, travel

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", dependencies=[Depends(require_read)])
for _module in (regions, indicators, travel, scenarios, flows, areas, screen, monitor, bundles):
    router.include_router(_module.router)
