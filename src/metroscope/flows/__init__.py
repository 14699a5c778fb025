"""Flows between places: radiation and gravity models, fitted spatial interaction models.

Every model returns a flow table indexed by ``(origin, destination)`` codes with a float
``flow`` column (trips) and documented model columns; see ``docs/flows.md``.

The fitting code (:mod:`.fit`, SciPy's sparse solvers) and the region helpers (:mod:`.applied`)
are imported on first use of their names, so that ``from metroscope.flows import radiation``
stays light (the command line starts faster).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .balancing import FurnessResult, furness
from .gof import cpc, goodness_of_fit, srmse
from .gravity import deterrence, gravity
from .output import flat_flows, write_flows
from .radiation import radiation
from .truncation import truncation_error

if TYPE_CHECKING:
    from .applied import core_share, locations_from_region, region_flows
    from .dataset import FlowDataset, gravity_to_parquet, radiation_to_parquet
    from .fit import GravityFit, fit_gravity

# names whose module is imported on first use (no name here is also a submodule's name)
_WHERE = {"core_share": "applied", "locations_from_region": "applied",
          "region_flows": "applied", "GravityFit": "fit", "fit_gravity": "fit",
          "FlowDataset": "dataset", "gravity_to_parquet": "dataset",
          "radiation_to_parquet": "dataset"}

__all__ = ["FlowDataset", "FurnessResult", "GravityFit", "core_share", "cpc", "deterrence",
           "fit_gravity", "flat_flows", "furness", "goodness_of_fit", "gravity",
           "gravity_to_parquet", "locations_from_region", "radiation", "radiation_to_parquet",
           "region_flows", "srmse", "truncation_error", "write_flows"]


def __getattr__(name: str) -> Any:
    """Import the submodule that defines ``name`` on first use (PEP 562)."""
    module = _WHERE.get(name)
    if module is None:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
