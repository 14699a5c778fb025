"""Error of truncated pair sets (k nearest destinations or a cutoff radius) against exact flows."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .gof import cpc

__all__ = ["truncation_error"]


def truncation_error(exact: pd.DataFrame, approx: pd.DataFrame) -> pd.Series:
    """How far truncated flows are from exact ones (both flow tables on the same locations).

    Returns
    -------
    pandas.Series
        ``pairs_kept_share`` (kept pairs / all pairs), ``flow_kept_share`` (exact flow on the
        kept pairs / total exact flow), ``cpc`` (common part of the two tables, missing pairs =
        0), ``max_rel_error_kept`` (largest relative error on kept pairs with positive exact
        flow) and ``total_rel_error`` (difference of the totals relative to the exact total).

    Raises
    ------
    KeyError
        When ``exact`` or ``approx`` has no ``flow`` column.

    Examples
    --------
    >>> from metroscope.flows import gravity
    >>> loc = pd.DataFrame({"lon": [0.0, 1.0, 2.0, 0.5], "lat": [0.0, 0.0, 0.0, 1.0],
    ...                     "population": [100.0, 80.0, 60.0, 40.0]}, index=["a", "b", "c", "d"])
    >>> exact = gravity(loc)
    >>> approx = gravity(loc, k_nearest=2)
    >>> truncation_error(exact, approx).round(3)
    pairs_kept_share      0.667
    flow_kept_share       0.848
    cpc                   0.848
    max_rel_error_kept    0.271
    total_rel_error       0.000
    Name: truncation_error, dtype: float64
    """
    e = exact["flow"]
    a = approx["flow"].reindex(e.index)
    kept = a.notna().to_numpy()
    ev = e.to_numpy(dtype="float64")
    av = a.fillna(0.0).to_numpy(dtype="float64")
    pos = kept & (ev > 0)
    total = float(ev.sum())
    out = {
        "pairs_kept_share": float(kept.mean()),
        "flow_kept_share": float(ev[kept].sum() / total) if total > 0 else float("nan"),
        "cpc": cpc(ev, av),
        "max_rel_error_kept": float(np.max(np.abs(av[pos] / ev[pos] - 1.0), initial=0.0)),
        "total_rel_error": float(av.sum() / total - 1.0) if total > 0 else float("nan"),
    }
    return pd.Series(out, name="truncation_error")
