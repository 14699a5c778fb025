"""Accessibility per unit (METHODS §7) and the two-step floating catchment area.

Measures, with t_ij the door-to-door minutes from unit i to unit j and M_j the mass
(population by default):

- weighted average travel time (Gutiérrez 1996, *J. Transport Geography* 4(4):229–238)
  :math:`A_i = \\sum_{j \\ne i} t_{ij} M_j / \\sum_{j \\ne i} M_j`, and the relative index
  :math:`A_i / \\overline{A}`;
- daily accessibility :math:`DA_i(\\tau) = \\sum_j M_j\\,[t_{ij} \\le \\tau]` for each
  threshold τ (60/120/180 min by default; own mass included, t_ii = 0);
- potential accessibility (Hansen 1959, *JAIP* 25(2):73–76)
  :math:`PA_i = \\sum_{j \\ne i} M_j f(t_{ij})` with ``decay='power'``: f(t) = t^-a
  (a = ``decay_param``, 1 by default) or ``decay='exponential'``: f(t) = exp(-β t)
  (β = ``decay_param`` per minute); ``include_self`` adds j = i and ``min_cost`` clips
  t at a minimum (:func:`potential_accessibility` states the defaults and why);
- two-step floating catchment area (Luo & Wang 2003, *Environment and Planning B*
  30(6):865–884): :math:`R_j = S_j / \\sum_{k: c_{kj} \\le d} P_k W(c_{kj})`,
  :math:`A_i = \\sum_{j: c_{ij} \\le d} R_j W(c_{ij})`, the same weight W in both steps and an
  inclusive cut-off, as in PySAL ``access`` 1.1.10.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._errors import MissingDataError, shorten
from .._options import Decay
from .._provenance import annotate
from ..messages import Message
from ..settings import Settings
from ._access_compute import FloatArray, potential, two_step
from ._unitdata import assumed_position_note, unit_labels, unit_values
from .options import TravelOptions
from .points import point_travel_times
from .traveltime import matrix_level, unit_travel_times

if TYPE_CHECKING:
    from .._options import NetworkMode
    from ..region import Region


def potential_accessibility(
    cost: pd.DataFrame,
    mass: pd.Series,
    *,
    decay: Decay = "power",
    decay_param: float = 1.0,
    include_self: bool = False,
    min_cost: float = 0.0,
) -> pd.Series:
    """Hansen (1959) potential accessibility ``PA_i = Σ_j M_j f(max(c_ij, min_cost))``.

    Parameters
    ----------
    cost
        Square matrix, origins x destinations with the same codes (minutes, km or any cost;
        ``inf`` = unreachable, which adds nothing).
    mass
        ``M_j`` per code (aligned to ``cost.columns``; NaN counts as 0).
    decay, decay_param
        ``power``: f(c) = c^-a (a dimensionless, default 1); ``exponential``:
        f(c) = exp(-β c) (β per unit of cost).
    include_self
        Count the unit itself (j = i, at its diagonal cost). Default ``False``: the measure is
        the access to *other* places, as in METHODS §7 and Gutiérrez (1996); a zone's own mass
        at the zero travel time of a unit matrix would be infinite under power decay, and at
        any invented internal time it would dominate the measure while no network change can
        alter it. ``True`` follows PySAL ``access`` 1.1 (``weighted_catchment`` sums over
        every pair of its cost table, the zone's own row included) and the self-potential of
        METHODS §7 (put the internal time, e.g. ∝ √(area/π), on the diagonal).
    min_cost
        Costs below this are raised to it before the decay (same unit as ``cost``; default 0:
        no clip, since distinct units' seats are apart). PySAL ``access``'s
        ``weights.gravity(scale, alpha, min_dist)`` clips this way (``max(x, min_dist)``).
        ``include_self=True, min_cost=0.5`` on a km matrix reproduces the ``access`` set-up of
        the benchmark (``benchmarks/bench_access.py``).

    Returns
    -------
    pandas.Series
        ``potential`` per row of ``cost`` (mass per unit of cost^a, or mass). The number of
        zero-cost pairs between distinct units under power decay (they add 0: c^-a is
        undefined at 0) is in ``attrs['zero_cost_pairs']``.

    Raises
    ------
    ParameterError
        For a ``decay`` other than ``power`` or ``exponential``, a negative or non-finite
        ``min_cost`` or ``decay_param``, a negative cost (``-inf`` too; the error names the
        first five pairs), or ``include_self`` with power decay where a unit with mass has
        cost 0 to itself (clip with ``min_cost`` or give an internal cost).

    Examples
    --------
    >>> codes = ["a", "b", "c"]
    >>> minutes = pd.DataFrame([[0.0, 10.0, 20.0], [10.0, 0.0, 30.0], [20.0, 30.0, 0.0]],
    ...                        index=codes, columns=codes)
    >>> mass = pd.Series([100.0, 200.0, 300.0], index=codes)
    >>> potential_accessibility(minutes, mass).round(3)  # a: 200/10 + 300/20 = 35
    a    35.000
    b    20.000
    c    11.667
    Name: potential, dtype: float64
    >>> round(float(200 * np.exp(-1.0) + 300 * np.exp(-2.0)), 2)  # a by hand, exponential, beta 0.1/min
    114.18
    >>> potential_accessibility(minutes, mass, decay="exponential", decay_param=0.1).round(2)
    a    114.18
    b     51.72
    c     23.49
    Name: potential, dtype: float64
    """
    t = cost.to_numpy(dtype=float)
    m_given = mass.reindex(cost.columns).to_numpy(dtype=float)
    m = np.where(np.isnan(m_given), 0.0, m_given)
    pot, zero = potential(t, m, decay=decay, decay_param=decay_param,
                           include_self=include_self, min_cost=min_cost,
                           labels=list(cost.index))
    out = pd.Series(pot, index=cost.index.copy(), name="potential")
    out.attrs["zero_cost_pairs"] = zero
    return out


def accessibility_from_matrix(
    minutes: pd.DataFrame,
    mass: pd.Series,
    *,
    thresholds_min: Sequence[float] = (60, 120, 180),
    decay: Decay = "power",
    decay_param: float = 1.0,
    include_self: bool = False,
    min_cost: float = 0.0,
) -> pd.DataFrame:
    """The per-unit measures of the module doc from a travel-time matrix and a mass.

    ``minutes`` is square (origins x destinations, same codes); ``mass`` is aligned to its
    columns. Destinations unreachable from i make ``weighted_time_min`` inf;
    ``weighted_time_reachable_min`` averages over the reachable ones and
    ``reachable_mass_share`` says how much of the other units' mass that is. A missing (NaN)
    mass adds nothing to the weighted times and the daily and potential sums, and makes the
    total mass of the other units unknown: ``n_missing_mass`` counts the other units
    (j ≠ i) without a mass, and ``reachable_mass_share`` is NaN where it is above 0 (the
    share of the known mass alone would read 1.0 with a whole city left out). ``potential`` is
    :func:`potential_accessibility` with ``include_self`` and ``min_cost`` (minutes; defaults:
    the unit itself left out, no clip; see there for why and for PySAL ``access``'s
    convention).

    Raises
    ------
    ParameterError
        When ``decay`` is not ``power`` or ``exponential``, ``min_cost`` or a time of
        ``minutes`` is negative, or ``include_self`` with power decay meets a zero own time (see
        :func:`potential_accessibility`).

    Examples
    --------
    >>> minutes = pd.DataFrame([[0.0, 30.0, 90.0], [30.0, 0.0, 70.0], [90.0, 70.0, 0.0]],
    ...                        index=["a", "b", "c"], columns=["a", "b", "c"])
    >>> mass = pd.Series({"a": 100.0, "b": 50.0, "c": 10.0})
    >>> accessibility_from_matrix(minutes, mass, thresholds_min=[60])[["daily_60", "potential"]].round(3)
       daily_60  potential
    a     150.0      1.778
    b     150.0      3.476
    c      10.0      1.825
    >>> gap = accessibility_from_matrix(minutes, mass.drop("c"), thresholds_min=[60])
    >>> gap[["reachable_mass_share", "n_missing_mass"]]  # c's mass unknown: a's and b's share too
       reachable_mass_share  n_missing_mass
    a                   NaN               1
    b                   NaN               1
    c                   1.0               0
    """
    t = minutes.to_numpy(dtype=float)
    m_given = mass.reindex(minutes.columns).to_numpy(dtype=float)
    m = np.where(np.isnan(m_given), 0.0, m_given)  # as a destination a missing mass adds nothing
    n = len(t)
    off = ~np.eye(n, dtype=bool)
    mj = np.broadcast_to(m, t.shape) * off
    total = mj.sum(axis=1)
    finite = np.isfinite(t)
    tt = np.where(finite, t, 0.0)
    reach = np.where(finite, mj, 0.0)
    unreachable_mass = (~finite & (mj > 0)).any(axis=1)
    # other units whose mass is missing: the total mass is then unknown, and so is the
    # share of it that is reachable (never 1.0 on the known mass alone)
    n_missing = (np.isnan(m_given)[None, :] & off).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        weighted = np.where(unreachable_mass, np.inf, (tt * mj).sum(axis=1) / total)
        weighted_reach = (tt * reach).sum(axis=1) / reach.sum(axis=1)
        share = np.where(n_missing > 0, np.nan, reach.sum(axis=1) / total)
    out = pd.DataFrame(index=minutes.index.copy())
    out["mass"] = m_given  # missing stays missing in the output
    out["weighted_time_min"] = weighted
    finite_w = weighted[np.isfinite(weighted)]
    out["weighted_time_index"] = weighted / finite_w.mean() if finite_w.size else np.nan
    out["weighted_time_reachable_min"] = weighted_reach
    out["reachable_mass_share"] = share
    out["n_missing_mass"] = n_missing
    for tau in thresholds_min:
        out[f"daily_{int(tau) if float(tau).is_integer() else tau}"] = (
            np.where(t <= tau, np.broadcast_to(m, t.shape), 0.0).sum(axis=1))
    out["potential"], zero = potential(t, m, decay=decay, decay_param=decay_param,
                                        include_self=include_self, min_cost=min_cost,
                                        labels=list(minutes.index))
    if zero:
        out.attrs["zero_time_pairs"] = zero
    return out


def _levels_with(region: Region, indicator: str, *, exclude: str) -> list[str]:
    """The unit levels (prefecture, county) other than ``exclude`` with a value of
    ``indicator`` in ``region``'s stats."""
    s = region.stats
    codes = set(s.loc[s["indicator"] == indicator, "code"].astype(str))
    levels = region.units["level"].astype(str)
    have = {lv for c, lv in zip(levels.index.astype(str), levels, strict=True) if c in codes}
    return [lv for lv in ("prefecture", "county") if lv in have and lv != exclude]


def _no_mass(region: Region, mass: str, level: str, stats_year: int | None) -> Message:
    """The refusal when no unit of the matrix's ``level`` has a value of ``mass``: the levels
    that have one (if any) and how to ask for them."""
    where = _levels_with(region, mass, exclude=level)
    names = {"zh": "和".join(Message(f"level_{lv}").zh for lv in where),
             "en": " and ".join(where)}
    hint = (Message("acc_no_mass_other_level", mass=mass, levels=names, level=where[0],
                    why=Message("acc_no_mass_gdp") if mass == "gdp" else "")
            if where else Message("acc_no_mass_load"))
    year = "" if stats_year is None else Message("acc_no_mass_year", year=stats_year)
    return Message("acc_no_mass", mass=mass, level=Message(f"level_{level}"), region=region.name,
                   year=year, hint=hint)


def accessibility(
    region: Region,
    *,
    mode: NetworkMode = "fastest",
    mass: str = "population",
    stats_year: int | None = None,
    thresholds_min: Sequence[float] = (60, 120, 180),
    decay: Decay = "power",
    decay_param: float = 1.0,
    include_self: bool = False,
    min_cost: float = 0.0,
    status: Iterable[str] | str | None = None,
    year: int | None = None,
    settings: Settings | None = None,
    level: str | None = None,
    options: TravelOptions | None = None,
) -> pd.DataFrame:
    """Accessibility of every unit to the area's other units (see the module doc).

    Parameters
    ----------
    mode
        Travel-time mode: ``rail``, ``road`` or ``fastest``.
    mass
        Indicator that weighs destinations (``population`` persons, or ``gdp`` 亿元).
    stats_year
        Year of the mass (default: latest present); independent of the network year.
    thresholds_min
        Thresholds of daily accessibility, minutes (inclusive).
    decay, decay_param
        Potential accessibility's distance decay: ``power`` t^-a (a dimensionless, default
        1, Hansen's common choice) or ``exponential`` exp(-β t) (β per minute).
    include_self, min_cost
        Potential accessibility's conventions (:func:`potential_accessibility`): count the unit
        itself (default ``False``: access to the *other* units), and the least travel time,
        minutes, costs are raised to before the decay (default 0: no clip). The unit's own
        time is 0 in the travel-time matrix, so ``include_self`` with power decay needs
        ``min_cost > 0``.
    year, status
        Network year and statuses (as in :func:`unit_travel_times`).
    options
        Mode, network year, statuses, settings and level as one
        :class:`~metroscope.network.TravelOptions` (instead of those keywords; not both).

    Returns
    -------
    pandas.DataFrame
        Index ``code``: ``name_zh``, ``name_en``, ``role``, ``mass``, ``weighted_time_min``,
        ``weighted_time_index``, ``weighted_time_reachable_min``, ``reachable_mass_share``
        (share of the other units' mass in reachable units; NaN when some other unit's mass
        is missing, since the total is then unknown), ``n_missing_mass`` (other units without
        a mass in ``stats_year``: they count 0 in the weighted times and the sums, and a note
        names them), ``daily_<τ>`` (mass within τ min, own mass included) and ``potential``
        (mass per minute^a; own mass excluded unless ``include_self``).

    Raises
    ------
    ParameterError
        For an unknown ``mode`` or ``status``, a network ``year`` outside the supported range
        (:func:`~metroscope.network.selection.selection`), a ``decay`` other than ``power`` or
        ``exponential``, a negative ``min_cost``, or ``include_self`` with power decay and
        ``min_cost`` 0.
    MissingDataError
        When the region has no units of ``level`` with a seat or access rows, or no unit has a
        value of ``mass`` (in ``stats_year``).
    NetworkError
        When the selected network has links to unknown nodes, non-positive or missing times,
        or bad access rows (every problem listed).

    Examples
    --------
    >>> a = accessibility(region)
    >>> a.loc[["220102", "220183"], ["weighted_time_min", "daily_60", "reachable_mass_share"]].round(2)
            weighted_time_min   daily_60  reachable_mass_share
    code
    220102             103.60  7927205.0                   1.0
    220183             114.55  3102333.0                   1.0
    """
    opts = TravelOptions.of(options, mode=mode, status=status, year=year, settings=settings,
                            level=level)
    minutes = unit_travel_times(region, options=opts)
    codes = [str(c) for c in minutes.index]
    m, used_year = unit_values(region, mass, codes, stats_year, required=True)
    if m.isna().all():
        raise MissingDataError(_no_mass(region, mass, matrix_level(region, opts.level),
                                        stats_year))
    res = accessibility_from_matrix(minutes, m, thresholds_min=thresholds_min, decay=decay,
                                    decay_param=decay_param, include_self=include_self,
                                    min_cost=min_cost)
    out = unit_labels(region, codes).join(res.set_axis(pd.Index(codes, name="code",
                                                                  dtype="string")))
    meta = dict(minutes.attrs.get("metroscope", {}))
    missing = m.index[m.isna()].tolist()
    notes = list(meta.get("notes") or [])
    if res.attrs.get("zero_time_pairs"):
        notes.append(Message("acc_zero_time_pairs", n=res.attrs["zero_time_pairs"]))
    if missing:
        notes.append(Message("acc_missing_mass", mass=mass, codes=[str(c) for c in missing]))
    notes += assumed_position_note(region, [str(c) for c in codes])
    return annotate(out, **{**meta, "indicator": "accessibility", "mass": mass,
                            "stats_year": used_year, "decay": decay, "decay_param": decay_param,
                            "include_self": include_self, "min_cost_min": min_cost,
                            "thresholds_min": list(thresholds_min), "notes": notes or None})


def two_step_fca(
    cost: pd.DataFrame,
    demand: pd.Series,
    supply: pd.Series,
    *,
    max_cost: float,
    weight: Callable[[FloatArray], FloatArray] | None = None,
) -> pd.Series:
    """Two-step floating catchment area accessibility (see the module doc).

    Parameters
    ----------
    cost
        Demand locations (index) x supply locations (columns), e.g. minutes.
    demand, supply
        Demand per row of ``cost`` (persons) and capacity per column (beds, doctors).
    max_cost
        Catchment size in the units of ``cost``; a pair counts when cost <= max_cost.
    weight
        Distance weight W(cost) applied in both steps (default 1 inside the catchment): an
        elementwise function of an array of costs, called on the costs inside the catchment
        only (on large matrices in 1-D blocks of them).

    Returns
    -------
    pandas.Series
        Supply per unit of demand reachable from each demand location (e.g. beds per person),
        named ``two_step_fca``, aligned to ``cost.index``. A supply point with no demand in its
        catchment serves nobody (R_j = 0).

    Raises
    ------
    Nothing of its own; a supply point with no demand in reach scores 0. Whatever
    ``weight`` raises propagates.

    Examples
    --------
    >>> cost = pd.DataFrame([[10.0, 50.0], [50.0, 10.0]], index=["r1", "r2"], columns=["s1", "s2"])
    >>> two_step_fca(cost, pd.Series({"r1": 100.0, "r2": 300.0}), pd.Series({"s1": 10.0, "s2": 10.0}),
    ...              max_cost=30.0)
    r1    0.100000
    r2    0.033333
    Name: two_step_fca, dtype: float64
    """
    c = cost.to_numpy(dtype=float)
    p = demand.reindex(cost.index).fillna(0.0).to_numpy(dtype=float)
    s = supply.reindex(cost.columns).fillna(0.0).to_numpy(dtype=float)
    return pd.Series(two_step(c, p, s, max_cost=max_cost, weight=weight),
                     index=cost.index.copy(), name="two_step_fca")


def service_accessibility(
    region: Region,
    supply: pd.DataFrame,
    *,
    capacity: str = "capacity",
    max_minutes: float = 60.0,
    mode: NetworkMode = "fastest",
    weight: Callable[[FloatArray], FloatArray] | None = None,
    mass: str = "population",
    stats_year: int | None = None,
    status: Iterable[str] | str | None = None,
    year: int | None = None,
    settings: Settings | None = None,
    level: str | None = None,
    options: TravelOptions | None = None,
) -> pd.DataFrame:
    """2SFCA of the units' residents to a service whose supply points the user loads.

    Parameters
    ----------
    supply
        One row per supply point with ``lon``/``lat`` (degrees) or a unit ``code``, and a
        ``capacity`` column (e.g. hospital beds).
    capacity
        Name of the capacity column (numbers; a missing or non-numeric capacity counts 0).
    max_minutes
        Catchment, minutes (inclusive).
    mode
        Travel-time mode from residents to the supply points.
    options
        Mode, network year, statuses, settings and level as one
        :class:`~metroscope.network.TravelOptions` (instead of those keywords; not both).

    Returns
    -------
    pandas.DataFrame
        Index ``code``: ``name_zh``, ``name_en``, ``role``, ``demand`` (the mass), ``two_step_fca``
        (capacity per person within reach), and ``supply_reachable`` (capacity within
        ``max_minutes``).

    Raises
    ------
    MissingDataError
        When ``supply`` has no ``capacity`` column, has neither ``lon``/``lat`` nor ``code``
        columns, the region has no units of ``level`` with a seat or access rows, or (points)
        no unit has access to the selected network.
    ParameterError
        For an unknown ``mode`` or ``status``, or a network ``year`` outside the supported range
        (:func:`~metroscope.network.selection.selection`).
    NetworkError
        When the selected network has links to unknown nodes, non-positive or missing times,
        or bad access rows (every problem listed).

    Examples
    --------
    >>> supply = pd.DataFrame({"code": ["220102", "220202"], "capacity": [1000.0, 500.0]})
    >>> s = service_accessibility(region, supply, max_minutes=60, mode="road")
    >>> s.loc[["220102", "220183"], ["demand", "supply_reachable"]]
              demand  supply_reachable
    code
    220102  657682.0            1000.0
    220183  635476.0               0.0
    """
    if capacity not in supply.columns:
        msg = Message("err_supply_no_capacity", got=shorten(capacity))
        raise MissingDataError(msg)
    opts = TravelOptions.of(options, mode=mode, status=status, year=year, settings=settings,
                            level=level)
    if {"lon", "lat"} <= set(supply.columns):
        cost = point_travel_times(region, supply, direction="to_points", options=opts)
    elif "code" in supply.columns:
        m = unit_travel_times(region, options=opts)
        cost = m.reindex(columns=supply["code"].astype(str).tolist())
        cost.columns = supply.index.copy()
        cost = cost.fillna(np.inf)
    else:
        msg = Message("err_supply_location")
        raise MissingDataError(msg)
    codes = [str(c) for c in cost.index]
    demand, used_year = unit_values(region, mass, codes, stats_year, required=True)
    cap = pd.to_numeric(supply[capacity], errors="coerce")
    score = two_step_fca(cost.set_axis(pd.Index(codes), axis=0), demand.set_axis(codes), cap,
                         max_cost=max_minutes, weight=weight)
    out = unit_labels(region, codes)
    out["demand"] = demand.to_numpy()
    out["two_step_fca"] = score.to_numpy()
    c = cost.to_numpy(dtype=float)
    out["supply_reachable"] = (np.where(c <= max_minutes, cap.fillna(0.0).to_numpy()[None, :],
                                        0.0)).sum(axis=1)
    return annotate(out, indicator="two_step_fca", mode=opts.mode, max_minutes=max_minutes,
                    mass=mass, stats_year=used_year, capacity=capacity,
                    notes=[Message("acc_2sfca_weights")])
