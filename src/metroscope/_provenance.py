"""Provenance of results: what a table was computed from, kept in ``DataFrame.attrs``.

Every analysis result carries ``result.attrs["metroscope"]``: a dict with at least
``indicator`` and any of ``year``, ``level``, ``measure``, ``parameters``, ``sources``,
``notes``. Reports and the CLI print it beside the numbers.
"""

from __future__ import annotations

from typing import Any, TypeVar

import pandas as pd

T = TypeVar("T", pd.DataFrame, pd.Series)

KEY = "metroscope"


def annotate(result: T, **meta: Any) -> T:
    """Merge ``meta`` into ``result.attrs['metroscope']`` and return ``result``."""
    current = dict(result.attrs.get(KEY, {}))
    current.update({k: v for k, v in meta.items() if v is not None})
    result.attrs[KEY] = current
    return result


def provenance(result: pd.DataFrame | pd.Series) -> dict[str, Any]:
    """The provenance dict of a result (empty if none)."""
    return dict(result.attrs.get(KEY, {}))


def sources_of(stats: pd.DataFrame) -> list[str]:
    """Distinct sources of some stats rows, sorted."""
    return sorted({str(s) for s in stats["source"].dropna().unique()})
