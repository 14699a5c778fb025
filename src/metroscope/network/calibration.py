"""Calibration of the rail model on published station-to-station times.

The in-vehicle time of a ride along one line from station a to station b is

.. math:: T_{ab} = \\sum_{l \\in a \\to b} \\frac{60\\,L_l}{v_l} + n_{ab}\\,d,
          \\qquad v_l = f\\,V_l \\text{ (no published operating speed)}

with L the link lengths (km), V the design speeds, f the operating-speed factor
(``settings.rail_operating_speed_factor``), d the dwell at each of the n intermediate stations
(``settings.rail_dwell_min``); links with a published operating speed or timetable minutes
use those. :func:`calibrate` fits f (0 < f <= 1) and d (>= 0) by least squares on the relative
residuals of the ``calibration`` rows of the published times (``network/data/
published_times.csv``: facts from ``shared/data/scout_curated/ne_rail_lines_facts.csv`` with
their sources); the ``check`` rows are reported, not fitted.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._errors import MissingDataError
from .._provenance import annotate
from ..settings import Settings, get_settings
from .graph import link_minutes

if TYPE_CHECKING:
    from ..region import Region

PUBLISHED = Path(__file__).parent / "data" / "published_times.csv"


def published_times() -> pd.DataFrame:
    """The published station-to-station times (line, from_station, to_station,
    published_min, role ``calibration``/``check``, what, source)."""
    return pd.read_csv(PUBLISHED, dtype={"published_min": float})


def _ride(region: Region, line: str, a: str, b: str) -> pd.DataFrame:
    """The links of ``line`` from the station named ``a`` to the one named ``b``, in order."""
    links = region.links[(region.links["line"] == line).fillna(False).astype(bool)]
    names = region.nodes.set_index("node_id")["name_zh"].astype(str)
    ends = set(links["from_node"]) | set(links["to_node"])
    start = [n for n in ends if names.get(n) == a]
    stop = [n for n in ends if names.get(n) == b]
    if not start or not stop:
        msg = f"No station named {a if not start else b} on line {line} in region '{region.name}'."
        raise MissingDataError(msg)
    adj: dict[str, list[tuple[str, Any]]] = {}
    for i, f, t in zip(links.index, links["from_node"], links["to_node"], strict=True):
        adj.setdefault(f, []).append((t, i))
        adj.setdefault(t, []).append((f, i))
    prev: dict[str, tuple[str, Any] | None] = {start[0]: None}
    queue = deque([start[0]])
    while queue:
        cur = queue.popleft()
        for nxt, i in adj.get(cur, []):
            if nxt not in prev:
                prev[nxt] = (cur, i)
                queue.append(nxt)
    if stop[0] not in prev:
        msg = f"Line {line} does not join {a} and {b} in region '{region.name}'."
        raise MissingDataError(msg)
    path = []
    node = stop[0]
    while (step := prev[node]) is not None:
        node, i = step
        path.append(i)
    return links.loc[path[::-1]]


def _terms(region: Region, targets: pd.DataFrame) -> pd.DataFrame:
    """Per target: run minutes at design speed of factor links (a), fixed minutes (b),
    intermediate stops (n), length."""
    one = get_settings(rail_operating_speed_factor=1.0, rail_dwell_min=0.0,
                       travel_time_cache="off")
    rows = []
    for t in targets.itertuples(index=False):
        ride = _ride(region, str(t.line), str(t.from_station), str(t.to_station))
        mins = link_minutes(ride, one)
        fixed = ride.get("minutes", pd.Series(np.nan, index=ride.index)).notna()
        if "operating_speed_kph" in ride.columns:
            fixed |= ride["operating_speed_kph"].notna()
        rows.append({"a": float(mins[~fixed].sum()), "b": float(mins[fixed].sum()),
                     "n": len(ride) - 1, "length_km": float(ride["length_km"].sum()),
                     "length_estimated": bool(ride.get("length_estimated",
                                                       pd.Series(False)).any())})
    return pd.DataFrame(rows, index=targets.index)


def calibration_residuals(region: Region, *, settings: Settings | None = None,
                          targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """Modelled against published station-to-station times.

    Returns
    -------
    pandas.DataFrame
        The targets with ``length_km``, ``intermediate_stops``, ``model_min``,
        ``residual_min`` (model - published) and ``residual_pct`` (100 x residual /
        published).
    """
    settings = settings or get_settings()
    targets = published_times() if targets is None else targets
    terms = _terms(region, targets)
    out = targets.copy()
    out["length_km"] = terms["length_km"]
    out["length_estimated"] = terms["length_estimated"]
    out["intermediate_stops"] = terms["n"]
    out["model_min"] = (terms["a"] / settings.rail_operating_speed_factor + terms["b"]
                        + terms["n"] * settings.rail_dwell_min)
    out["residual_min"] = out["model_min"] - out["published_min"]
    out["residual_pct"] = 100 * out["residual_min"] / out["published_min"]
    return annotate(out, indicator="calibration_residuals",
                    parameters={"rail_operating_speed_factor":
                                settings.rail_operating_speed_factor,
                                "rail_dwell_min": settings.rail_dwell_min},
                    sources=sorted(set(targets["source"])))


def calibrate(region: Region, *, targets: pd.DataFrame | None = None,
              max_dwell_min: float = 10.0) -> dict[str, Any]:
    """Fit the operating-speed factor and dwell on the ``calibration`` targets.

    Least squares on relative residuals, f in (0, 1], d in [0, ``max_dwell_min``] (minutes).

    Returns
    -------
    dict
        ``rail_operating_speed_factor``, ``rail_dwell_min`` and ``residuals`` (a DataFrame,
        see :func:`calibration_residuals`, with every target under the fitted values).
    """
    from scipy.optimize import lsq_linear

    targets = published_times() if targets is None else targets
    cal = targets[targets["role"] == "calibration"]
    if cal.empty:
        msg = "No calibration targets (role == 'calibration')."
        raise MissingDataError(msg)
    terms = _terms(region, cal)
    p = cal["published_min"].to_numpy(float)
    # (a x + b + n d) / p - 1 = 0  ->  [a/p, n/p] [x, d] = 1 - b/p, with x = 1/f >= 1
    design = np.column_stack([terms["a"].to_numpy() / p, terms["n"].to_numpy() / p])
    rhs = 1 - terms["b"].to_numpy() / p
    fit = lsq_linear(design, rhs, bounds=([1.0, 0.0], [np.inf, max_dwell_min]))
    factor = float(1 / fit.x[0])
    dwell = float(fit.x[1])
    s = get_settings(rail_operating_speed_factor=round(factor, 4), rail_dwell_min=round(dwell, 2),
                     travel_time_cache="off")
    return {"rail_operating_speed_factor": round(factor, 4), "rail_dwell_min": round(dwell, 2),
            "residuals": calibration_residuals(region, settings=s, targets=targets)}
