"""Flows between places: radiation and gravity models, fitted spatial interaction models.

Every model returns a flow table indexed by ``(origin, destination)`` codes with a float
``flow`` column (trips) and documented model columns; see ``docs/flows.md``.
"""

from __future__ import annotations

from .applied import core_share, locations_from_region, region_flows
from .balancing import FurnessResult, furness
from .fit import GravityFit, fit_gravity
from .gof import cpc, goodness_of_fit, srmse
from .gravity import deterrence, gravity
from .radiation import radiation
from .truncation import truncation_error

__all__ = ["FurnessResult", "GravityFit", "core_share", "cpc", "deterrence", "fit_gravity",
           "furness", "goodness_of_fit", "gravity", "locations_from_region", "radiation",
           "region_flows", "srmse", "truncation_error"]
