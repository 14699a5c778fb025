"""Calibration of the rail model on published station-to-station times.

The in-vehicle time of a ride from station a to station b (along one line, or through
several lines joined at a shared station) is

.. math:: T_{ab} = \\sum_{l \\in a \\to b} \\frac{60\\,L_l}{f_{m(l)}\\,V_l} + n_{ab}\\,d

with L the link lengths (km), V the design speeds (km/h), f_m the operating-speed factor of the
link's mode m (``settings.operating_speed_factor_hsr``, ``_intercity``, ``_rail``: average speed
of the fastest trains / design speed), d the dwell at each of the n intermediate stations
(``settings.rail_dwell_min``); links with timetable ``minutes`` or an ``operating_speed_kph``
(an average speed, used as is) count as fixed minutes.

:func:`calibrate` fits 1/f_m >= 1 for every mode of the ``calibration`` rows and d in
[0, max_dwell_min] by least squares on the relative residuals (linear in 1/f_m and d; SciPy
``lsq_linear``). The published times are ``network/data/published_times.csv`` (facts from
``shared/data/scout_curated/ne_rail_lines_facts.csv`` with their sources):

- ``role`` ``calibration`` rows are fitted; ``check`` rows are held out; ``circular`` rows are
  not fitted and are not a validation either: the model lengths of their rides were derived
  from these very times (the builder's ``LENGTH_APPORTIONING``, DATA.md);
- rows with ``off_network_length_km`` are lines that are not in the network: their time is
  computed from that length, ``off_network_design_speed_kph``, ``off_network_mode`` and
  ``off_network_stops`` (intermediate stops; unknown stops count only while d = 0);
- ``group``: rows from the same observations (e.g. the cumulative 沈白 times). The held-out
  residual of a row is its residual when every row of its group is left out of the fit (the
  factors refitted, the dwell kept at the full fit's value); NaN where the factor of one of
  its modes is then undetermined (fitted on that group alone).
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .. import _schema as S
from .._errors import MissingDataError
from .._provenance import annotate
from ..messages import Message
from ..settings import Settings, get_settings
from .graph import link_minutes, operating_speed_factors

if TYPE_CHECKING:
    from ..region import Region

PUBLISHED = Path(__file__).parent / "data" / "published_times.csv"
MODES: tuple[str, ...] = tuple(S.RAIL_MODES)
_FACTOR = "operating_speed_factor_"


def published_times() -> pd.DataFrame:
    """The published station-to-station times (line, from_station, to_station, published_min,
    published_as, role ``calibration``/``check``/``circular``, group, the off-network columns,
    what, source).

    Raises
    ------
    Nothing of its own; ``OSError`` if the packaged CSV is missing or unreadable.

    Examples
    --------
    >>> published_times()[["line", "from_station", "to_station", "published_min"]].head(3)
         line from_station to_station  published_min
    0  长吉城际铁路           长春         吉林           29.0
    1    沈白高铁          沈阳北        长白山          113.0
    2    沈白高铁          沈阳北         通化           61.0
    """
    return pd.read_csv(PUBLISHED, dtype={"published_min": float, "off_network_length_km": float,
                                         "off_network_design_speed_kph": float,
                                         "off_network_stops": float})


def _station_nodes(region: Region, links: pd.DataFrame, name: str) -> list[str]:
    names = region.nodes.set_index("node_id")["name_zh"].astype(str)
    ends = set(links["from_node"]) | set(links["to_node"])
    return sorted(n for n in ends if names.get(n) == name)


def _ride_one(region: Region, line: str, a: str, b: str) -> pd.DataFrame:
    """The links of ``line`` from the station named ``a`` to the one named ``b``, in order."""
    links = region.links[(region.links["line"] == line).fillna(False).astype(bool)]
    start = _station_nodes(region, links, a)
    stop = _station_nodes(region, links, b)
    if not start or not stop:
        msg = Message("err_calib_no_station", station=a if not start else b, line=line,
                      region=region.name)
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
        msg = Message("err_calib_not_joined", line=line, a=a, b=b, region=region.name)
        raise MissingDataError(msg)
    path = []
    node = stop[0]
    while (step := prev[node]) is not None:
        node, i = step
        path.append(i)
    return links.loc[path[::-1]]


def _ride(region: Region, line: str, a: str, b: str) -> pd.DataFrame:
    """The links of a ride from ``a`` to ``b``; ``line`` may name several lines separated by
    ``;``, run through in that order and joined at the one station name they share."""
    lines = [x.strip() for x in line.split(";") if x.strip()]
    names = region.nodes.set_index("node_id")["name_zh"].astype(str)
    parts = []
    here = a
    for k, ln in enumerate(lines):
        if k == len(lines) - 1:
            there = b
        else:
            on = {ln2: region.links[(region.links["line"] == ln2).fillna(False).astype(bool)]
                  for ln2 in (ln, lines[k + 1])}
            shared = sorted(
                {names.get(n) for n in set(on[ln]["from_node"]) | set(on[ln]["to_node"])}
                & {names.get(n) for n in
                   set(on[lines[k + 1]]["from_node"]) | set(on[lines[k + 1]]["to_node"])}
                - {None})
            if len(shared) != 1:
                msg = Message("err_calib_shared", first=ln, second=lines[k + 1],
                              n=len(shared), names=", ".join(str(s) for s in shared))
                raise MissingDataError(msg)
            there = str(shared[0])
        parts.append(_ride_one(region, ln, here, there))
        here = there
    return pd.concat(parts)


def _terms(region: Region, targets: pd.DataFrame) -> pd.DataFrame:
    """Per target: minutes at design speed by mode (``a_<mode>``), fixed minutes (``b``),
    intermediate stops (``n``, NaN when unknown), length, whether a length is estimated."""
    one = get_settings(**{_FACTOR + m: 1.0 for m in MODES}, rail_dwell_min=0.0,
                       travel_time_cache="off")
    rows = []
    for t in targets.itertuples(index=False):
        row: dict[str, Any] = {f"a_{m}": 0.0 for m in MODES}
        off_len = getattr(t, "off_network_length_km", np.nan)
        if pd.notna(off_len):
            mode = str(t.off_network_mode)
            if mode not in MODES:
                msg = Message("err_calib_off_mode", mode=repr(mode), modes=list(MODES))
                raise MissingDataError(msg)
            row[f"a_{mode}"] = 60.0 * float(off_len) / float(t.off_network_design_speed_kph)
            row.update(b=0.0, n=float(getattr(t, "off_network_stops", np.nan)),
                       length_km=float(off_len), length_estimated=False)
        else:
            ride = _ride(region, str(t.line), str(t.from_station), str(t.to_station))
            mins = link_minutes(ride, one)
            fixed = ride.get("minutes", pd.Series(np.nan, index=ride.index)).notna()
            if "operating_speed_kph" in ride.columns:
                fixed |= ride["operating_speed_kph"].notna()
            for m in MODES:
                row[f"a_{m}"] = float(mins[~fixed & (ride["mode"] == m)].sum())
            row.update(b=float(mins[fixed].sum()), n=float(len(ride) - 1),
                       length_km=float(ride["length_km"].sum()),
                       length_estimated=bool(ride.get("length_estimated",
                                                      pd.Series(False)).any()))
        rows.append(row)
    return pd.DataFrame(rows, index=targets.index)


def _model(terms: pd.DataFrame, factors: dict[str, float], dwell: float) -> pd.Series:
    run = sum(terms[f"a_{m}"] / factors[m] for m in MODES)
    stops = terms["n"].fillna(0.0) if dwell == 0 else terms["n"]
    return pd.Series(run + terms["b"] + stops * dwell, index=terms.index, dtype="float64")


def calibration_residuals(region: Region, *, settings: Settings | None = None,
                          targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """Modelled against published station-to-station times.

    Returns
    -------
    pandas.DataFrame
        The targets with ``length_km`` (model), ``length_estimated``, ``intermediate_stops``,
        ``model_min``, ``residual_min`` (model - published) and ``residual_pct`` (100 x
        residual / published).

    Raises
    ------
    MissingDataError
        When a target's ``off_network_mode`` is not a rail mode.
    KeyError
        When ``targets`` lacks a column of :func:`published_times` (``published_min``,
        ``source``, ...).

    Examples
    --------
    >>> res = calibration_residuals(region)
    >>> res[["line", "published_min", "model_min"]].round(1).head(3)
         line  published_min  model_min
    0  长吉城际铁路           29.0       29.0
    1    沈白高铁          113.0      104.5
    2    沈白高铁           61.0       56.4
    """
    settings = settings or get_settings()
    targets = published_times() if targets is None else targets
    terms = _terms(region, targets)
    factors = operating_speed_factors(settings)
    out = targets.copy()
    out["length_km"] = terms["length_km"]
    out["length_estimated"] = terms["length_estimated"]
    out["intermediate_stops"] = terms["n"]
    out["model_min"] = _model(terms, factors, settings.rail_dwell_min)
    out["residual_min"] = out["model_min"] - out["published_min"]
    out["residual_pct"] = 100 * out["residual_min"] / out["published_min"]
    return annotate(out, indicator="calibration_residuals",
                    parameters={**{_FACTOR + m: f for m, f in factors.items()},
                                "rail_dwell_min": settings.rail_dwell_min},
                    sources=sorted(set(targets["source"])))


def _fit(terms: pd.DataFrame, published: np.ndarray, *, dwell: float | None,
         max_dwell_min: float) -> tuple[dict[str, float], float]:
    """Least squares on relative residuals. Returns the factors of the modes the rows use
    (others absent) and the dwell (fitted when ``dwell`` is None, else fixed)."""
    from scipy.optimize import lsq_linear

    modes = [m for m in MODES if (terms[f"a_{m}"] > 0).any()]
    p = published
    cols = [terms[f"a_{m}"].to_numpy() / p for m in modes]
    rhs = 1 - terms["b"].to_numpy() / p
    lo, hi = [1.0] * len(modes), [np.inf] * len(modes)
    if dwell is None:
        if terms["n"].isna().any():
            msg = Message("err_calib_unknown_stops")
            raise MissingDataError(msg)
        cols.append(terms["n"].to_numpy() / p)
        lo.append(0.0)
        hi.append(max_dwell_min)
    else:
        rhs = rhs - terms["n"].fillna(0.0).to_numpy() * dwell / p
    fit = lsq_linear(np.column_stack(cols), rhs, bounds=(lo, hi))
    factors = {m: float(1 / x) for m, x in zip(modes, fit.x, strict=False)}
    return factors, (float(fit.x[-1]) if dwell is None else dwell)


def calibrate(region: Region, *, targets: pd.DataFrame | None = None,
              max_dwell_min: float = 10.0) -> dict[str, Any]:
    """Fit the operating-speed factor of each mode and the dwell on the ``calibration`` rows.

    Least squares on relative residuals, 0 < f_m <= 1, d in [0, ``max_dwell_min``] (minutes).
    A mode without a calibration row keeps its current setting (see ``fitted_modes``).

    Returns
    -------
    dict
        ``operating_speed_factor_<mode>`` (rounded to 4 decimals), ``rail_dwell_min`` (2
        decimals), ``fitted_modes``, ``rows_per_mode`` (calibration rows that use each mode)
        and ``residuals`` (a DataFrame, see :func:`calibration_residuals`, every target under
        the fitted values, plus ``heldout_model_min`` and ``heldout_residual_pct``: the row's
        residual with its group left out of the fit, module doc).

    Raises
    ------
    MissingDataError
        When no target has role ``calibration``, or a target's ``off_network_mode`` is not a
        rail mode.

    Examples
    --------
    >>> fit = calibrate(region)
    >>> fit["fitted_modes"], fit["operating_speed_factor_hsr"], fit["rows_per_mode"]
    (['hsr', 'intercity', 'rail'], 0.7057, {'hsr': 2, 'intercity': 1, 'rail': 1})
    """
    targets = published_times() if targets is None else targets
    cal_mask = (targets["role"] == "calibration").to_numpy()
    if not cal_mask.any():
        msg = Message("err_calib_no_targets")
        raise MissingDataError(msg)
    terms = _terms(region, targets)
    p_all = targets["published_min"].to_numpy(float)
    factors, dwell = _fit(terms[cal_mask], p_all[cal_mask], dwell=None,
                          max_dwell_min=max_dwell_min)
    current = operating_speed_factors(get_settings())
    rounded = {m: round(factors.get(m, current[m]), 4) for m in MODES}
    dwell = round(dwell, 2)
    s = get_settings(**{_FACTOR + m: f for m, f in rounded.items()}, rail_dwell_min=dwell,
                     travel_time_cache="off")
    res = calibration_residuals(region, settings=s, targets=targets)
    # held out: each group left out in turn, factors refitted, dwell fixed
    held = pd.Series(np.nan, index=targets.index, dtype="float64")
    groups = targets["group"] if "group" in targets.columns else pd.Series(
        [str(i) for i in targets.index], index=targets.index)
    for g in pd.unique(groups):
        in_g = (groups == g).to_numpy()
        keep = cal_mask & ~in_g
        if not keep.any():
            continue
        f_g, _ = _fit(terms[keep], p_all[keep], dwell=dwell, max_dwell_min=max_dwell_min)
        rows = terms[in_g]
        needed = [m for m in MODES if (rows[f"a_{m}"] > 0).any()]
        # dtype bool: a group whose rides run only on links with a time of their own needs
        # no factor (empty arrays would be float and refuse & and ~)
        ok = rows[[f"a_{m}" for m in needed]].gt(0).to_numpy(dtype=bool)
        usable = ~(ok & ~np.array([m in f_g for m in needed], dtype=bool)).any(axis=1)
        model = _model(rows, {m: f_g.get(m, np.inf) for m in MODES}, dwell)
        held[rows.index[usable]] = model[usable]
    res["heldout_model_min"] = held
    res["heldout_residual_pct"] = 100 * (held - res["published_min"]) / res["published_min"]
    used = {m: int((terms.loc[cal_mask, f"a_{m}"] > 0).sum()) for m in MODES}
    return {**{_FACTOR + m: f for m, f in rounded.items()}, "rail_dwell_min": dwell,
            "fitted_modes": sorted(factors), "rows_per_mode": used, "residuals": res}
