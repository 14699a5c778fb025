"""Flows between places: radiation and gravity models, fitted spatial interaction models."""

from __future__ import annotations

from .radiation import radiation

__all__ = ["radiation"]
