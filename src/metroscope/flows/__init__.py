"""Flows between places: radiation and gravity models, fitted spatial interaction models."""

from __future__ import annotations

from .fit import GravityFit, fit_gravity
from .balancing import furness
from .gof import cpc, goodness_of_fit, srmse
from .gravity import deterrence, gravity
from .radiation import radiation

__all__ = ["GravityFit", "cpc", "deterrence", "fit_gravity", "furness", "goodness_of_fit",
           "gravity", "radiation", "srmse"]
