"""Flows between places: radiation and gravity models, fitted spatial interaction models."""

from __future__ import annotations

from .furness import furness
from .gravity import deterrence, gravity
from .radiation import radiation

__all__ = ["deterrence", "furness", "gravity", "radiation"]
