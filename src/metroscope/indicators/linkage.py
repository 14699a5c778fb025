"""Gravity linkage between units and the economic membership degree (经济隶属度) it gives.

References: 赵宏波, 马延吉 (2013) 地理科学 33(11):1316-1322 (linkage among Jilin's 9 cities);
孟德友, 陆玉麒 (2009) for the directional coefficient k_ij; METHODS.md §4. The spillover table
built on them is :mod:`.spillover`, which re-exports these names.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._errors import MissingDataError, ParameterError, shorten
from .._provenance import annotate, provenance
from ..messages import Message
from ..settings import get_settings
from . import _base as B
from ._geometry import (
    _distance,
    _gravity,
    _in_matrix,
    _matrix_id,
    _pairs_index,
    _seats,
    _times,
    block_frame,
    off_diagonal,
)

if TYPE_CHECKING:
    from ..region import Region

__all__ = ["REFERENCE", "SCOPES", "linkage_intensity", "membership_degree", "membership_table"]

REFERENCE = ("赵宏波, 马延吉 2013, 地理科学 33(11):1316-1322; 孟德友, 陆玉麒 2009 (k_ij); "
             "METHODS.md §4")


#: Unit sets of the linkage and spillover tables when no codes are given.
SCOPES = ("all", "members")
#: Largest distance-decay exponent b taken: published gravity studies use about 1-3 (b = 2 is
#: the default); far above, the linkage of seats 100 km apart underflows to 0 (b > ~150) and
#: every share becomes 0/0, so a larger b is a typo, not a sensitivity case.
MAX_FRICTION_EXPONENT = 10.0


def check_friction_exponent(friction_exponent: float) -> float:
    """``friction_exponent`` as a float when it is finite, from 0 (no distance decay: a
    sensitivity case) to :data:`MAX_FRICTION_EXPONENT`.

    Raises
    ------
    ParameterError
        NaN or inf (every linkage NaN or 0, printed with exit 0), below 0 (far units weighing
        more than near ones), or above the maximum.

    Examples
    --------
    >>> check_friction_exponent(1.5)
    1.5
    >>> check_friction_exponent(float("nan"))
    Traceback (most recent call last):
    ...
    metroscope._errors.ParameterError: friction_exponent (b, --set friction_exponent) must be a finite number from 0 to 10 (published gravity studies use about 1-3; the default is 2); got nan.
    """
    try:
        b = float(friction_exponent)
    except (TypeError, ValueError):
        b = float("nan")
    if not np.isfinite(b) or b < 0 or b > MAX_FRICTION_EXPONENT:
        msg = Message("err_friction_exponent", got=shorten(friction_exponent),
                      high=f"{MAX_FRICTION_EXPONENT:g}")
        raise ParameterError(msg)
    return b


def linkage_intensity(
    region: Region,
    *,
    year: int | None = None,
    level: str = "prefecture",
    codes: Sequence[str] | None = None,
    parent: str | None = None,
    mass: str = "sqrt_pg",
    friction_exponent: float | None = None,
    travel_time_min: pd.DataFrame | None = None,
    directional: bool = True,
    scope: str = "all",
) -> pd.DataFrame:
    """Economic linkage intensity (经济联系强度) between every ordered pair of units.

    .. math:: R_{ij} = k_{ij}\\,\\frac{M_i M_j}{D_{ij}^{b}},\\qquad
              k_{ij} = \\frac{G_i}{G_i + G_j}

    Parameters
    ----------
    region
        The Region (units need seat coordinates).
    year
        Year of the masses; default the latest year in which every unit has them.
    level
        Level of the units (``prefecture``; ``county`` uses population masses).
    codes
        Units to include; default every unit at ``level`` (units lacking masses or seats are
        then left out and listed in the notes; with explicit ``codes`` they raise). Include
        units outside the area (the embedded region has Shenyang, Dalian and Harbin), or the
        membership shares are inflated.
    parent
        Keep only the units under this code (e.g. ``220000``: Jilin's prefectures).
    mass
        ``sqrt_pg``: √(P·G) with P in 万人 and G in 亿元 (the standard Chinese convention);
        ``population`` (persons); ``gdp`` (亿元). Counties have no GDP: ``sqrt_pg`` then falls
        back to population and says so in the notes; ``gdp`` raises.
    friction_exponent
        Distance-decay exponent b (dimensionless); default ``Settings.friction_exponent`` (2,
        settable with METROSCOPE_FRICTION_EXPONENT).
    travel_time_min
        Optional square code x code DataFrame of travel times, minutes (inf = unreachable). When
        given, the friction is the travel time (time-distance gravity) and units without seat
        coordinates stay in (their ``distance_km`` is NaN); otherwise the friction is the
        great-circle distance between seats, km. With the default unit set, units missing from
        the matrix are left out and named in the notes; with explicit ``codes`` they raise.
    directional
        Use k_ij = G_i/(G_i+G_j) (share of i's GDP in the pair, R_ij != R_ji); ``False`` (or no
        GDP for every unit) gives k = 1.
    scope
        Units when ``codes`` is not given: ``all`` (default: every unit at ``level``, outside
        cities included) or ``members`` (the metropolitan area: roles core, member, partial).

    Returns
    -------
    pandas.DataFrame
        Index ``(origin, destination)`` (codes, origin != destination); columns
        ``distance_km`` (great-circle, always), ``travel_time_min`` (NaN if not given),
        ``friction`` (the impedance used: minutes when travel times are given, else km),
        ``mass_origin``, ``mass_destination``, ``k``, ``linkage`` (mass units² / friction^b).
        Unreachable pairs (inf minutes) have linkage 0; a zero friction (coincident seats)
        gives NaN, noted.

    Raises
    ------
    MissingDataError
        No masses, seats or travel times for requested units.
    ParameterError
        When ``friction_exponent`` is not finite, below 0 or above
        :data:`~metroscope.indicators.linkage.MAX_FRICTION_EXPONENT` (10).

    References
    ----------
    赵宏波, 马延吉 2013, 地理科学 33(11):1316-1322; 孟德友, 陆玉麒 2009; METHODS.md §4.

    Examples
    --------
    >>> l = linkage_intensity(region)
    >>> l.shape
    (132, 7)
    >>> round(float(l.loc[("220100", "220200"), "distance_km"]), 2)
    98.38
    """
    if friction_exponent is None:
        friction_exponent = get_settings().friction_exponent
    cols, index, meta = _linkage(region, year=year, level=level, codes=codes, parent=parent,
                                 mass=mass, friction_exponent=friction_exponent,
                                 travel_time_min=travel_time_min, directional=directional,
                                 scope=scope)
    return B.finish(block_frame(cols, index), **meta)


def _linkage(
    region: Region,
    *,
    year: int | None,
    level: str,
    codes: Sequence[str] | None,
    parent: str | None,
    mass: str,
    friction_exponent: float,
    travel_time_min: pd.DataFrame | None,
    directional: bool,
    scope: str = "all",
) -> tuple[dict[str, np.ndarray], pd.MultiIndex, dict[str, Any]]:
    """Columns, index and provenance of :func:`linkage_intensity` (no DataFrame built)."""
    friction_exponent = check_friction_exponent(friction_exponent)
    if scope not in SCOPES:
        msg = Message("err_unknown_scope", got=shorten(scope), allowed=list(SCOPES))
        raise MissingDataError(msg)
    strict = codes is not None
    roles = B.METRO_ROLES if scope == "members" and codes is None else None
    cs = B.unit_codes(region, level=level, codes=codes, parent=parent, roles=roles)
    notes: list[str] = []
    if roles is not None:
        outside = [c for c in B.unit_codes(region, level=level, parent=parent)
                   if c not in set(cs)]
        if outside:
            notes.append(Message("sp_note_members_only", n=len(cs), codes=outside))
    if travel_time_min is None:
        cs = _seats(region, cs, strict, notes)
    else:  # the friction is time: seats only give the reported great-circle distance
        if not strict:
            cs = _in_matrix(travel_time_min, cs, notes)
        u = region.units.loc[cs]
        no_seat = [str(c) for c in u.index[u["seat_lon"].isna() | u["seat_lat"].isna()]]
        if no_seat:
            notes.append(Message("ind_no_seats_distance", codes=no_seat))
    m = B.masses(region, mass=mass, year=year, codes=cs, strict=strict)
    notes += m.notes
    cs = [str(c) for c in m.values.index]
    from ._verdict import require_n

    require_n("linkage_intensity", len(cs), Message("err_detail_masses_seats"))
    n = len(cs)
    d = _distance(region, cs, cs)
    t = _times(travel_time_min, cs, cs) if travel_time_min is not None else None
    flat, ii, jj = off_diagonal(n)
    mv = m.values.to_numpy(dtype="float64")
    k = np.ones(len(ii))
    k_rule = "k = 1 (symmetric)"
    if directional:
        g = m.gdp.to_numpy(dtype="float64") if m.gdp is not None else None
        if g is not None and np.isfinite(g).all() and (g > 0).all():
            k = (g[:, None] / (g[:, None] + g[None, :])).ravel().take(flat)
            k_rule = "k_ij = G_i/(G_i+G_j)"
        else:
            k_rule = "k = 1: GDP is missing for some units in this year"
            notes.append(Message("ind_k_missing_gdp"))
    dv = d.ravel().take(flat)
    fv = dv if t is None else t.ravel().take(flat)
    mi, mj = mv.take(ii), mv.take(jj)
    lk = _gravity(mi, mj, k, fv, friction_exponent)
    zero = int(((fv <= 0) & ~np.isnan(fv)).sum())
    if zero:
        notes.append(Message("ind_zero_friction", n=zero))
    cols = {
        "distance_km": dv,
        "travel_time_min": fv if t is not None else np.full(len(ii), np.nan),
        "friction": fv, "mass_origin": mi, "mass_destination": mj, "k": k, "linkage": lk,
    }
    meta = dict(
        indicator="linkage_intensity", region=region, year=m.year, level=level,
        measure=m.mass,
        parameters={"mass": m.mass, "mass_requested": mass, "scope": scope,
                    "friction_exponent": friction_exponent,
                    "friction": "travel_time_min" if t is not None else "distance_km",
                    "travel_time_matrix": _matrix_id(travel_time_min),
                    "directional": directional, "k_rule": k_rule,
                    "stats_indicators": m.indicators,
                    "mass_units": {"sqrt_pg": "sqrt(万人 x 亿元)", "population": "persons",
                                   "gdp": "亿元"}[m.mass]},
        sources=B.sources(region, m.indicators, [m.year], cs), notes=notes,
        reference=REFERENCE)
    return cols, _pairs_index(cs, ii, jj), meta



def _ranks_within(groups: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Rank (1 = largest, NaN last, ties by position) of ``x`` within each group. Fast path for
    the layout of :func:`linkage_intensity` (equal, contiguous, sorted groups)."""
    key = -np.nan_to_num(x, nan=-np.inf)
    n = len(x)
    sizes = np.bincount(groups)
    sizes = sizes[sizes > 0]
    if len(sizes) and (sizes == sizes[0]).all() and (np.diff(groups) >= 0).all():
        width = int(sizes[0])
        order = np.argsort(key.reshape(-1, width), axis=1, kind="stable")
        grid = np.empty((n // width, width), dtype="int64")
        np.put_along_axis(grid, order, np.arange(1, width + 1)[None, :], axis=1)
        return grid.ravel()
    order = np.lexsort((key, groups))
    rank = np.empty(n, dtype="int64")
    starts = np.r_[0, np.flatnonzero(np.diff(groups[order])) + 1]
    pos = np.arange(n) - np.repeat(starts, np.diff(np.r_[starts, n]))
    rank[order] = pos + 1
    return rank


def _membership(org: np.ndarray, nlev: int,
                lk: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Origin totals (per row), membership shares (%), within-origin ranks of the linkage and
    the linkage direction (rank 1 of an origin whose total is positive; the one place that
    rule lives, :func:`.spillover.spillover_table` reads it)."""
    # NaN counted as 0 here, then the origin's total set to NaN; an infinite linkage stays
    # infinite (nan_to_num would turn it into the largest float, and its share into inf %)
    nan = np.isnan(lk)
    total = np.bincount(org, weights=np.where(nan, 0.0, lk), minlength=nlev)
    has_nan = np.bincount(org, weights=nan.astype(float), minlength=nlev) > 0
    total = np.where(has_nan, np.nan, total)
    tot_row = total.take(org)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(tot_row > 0, 100 * lk / tot_row, np.nan)
    rank = _ranks_within(org, lk)
    # an origin whose total is missing or 0 has undefined shares, so no direction (NaN > 0 is
    # False)
    return tot_row, share, rank, (rank == 1) & (tot_row > 0)


def membership_degree(linkage_table: pd.DataFrame) -> pd.DataFrame:
    """Economic membership degree (经济隶属度): the share of each origin's total linkage that goes
    to each destination.

    .. math:: F_{ij} = 100\\, R_{ij} / \\sum_{k \\ne i} R_{ik}

    Parameters
    ----------
    linkage_table
        The result of :func:`linkage_intensity` (index ``(origin, destination)``, column
        ``linkage``). Include units outside the area in it, or the shares are inflated.

    Returns
    -------
    pandas.DataFrame
        Same index; columns ``linkage``, ``total_linkage_origin`` (Σ_k R_ik),
        ``membership_pct`` (F_ij, %), ``rank`` (int64: 1 = the origin's largest linkage,
        hence its largest share; ties by position, missing linkage last) and
        ``is_direction`` (the origin's linkage direction: rank 1 of an origin with a positive
        total). Origins whose total linkage is 0 or NaN get NaN shares and no direction
        (``is_direction`` False on all their rows); their ``rank`` still orders their
        linkage.

    Raises
    ------
    MissingDataError
        When ``linkage_table`` is not a result of :func:`linkage_intensity` (no
        ``(origin, destination)`` index or no ``linkage`` column).

    References
    ----------
    METHODS.md §4 (经济隶属度).

    Examples
    --------
    >>> m = membership_degree(linkage_intensity(region))
    >>> round(float(m.loc[("220200", "220100"), "membership_pct"]), 2)
    48.8
    """
    if not isinstance(linkage_table.index, pd.MultiIndex) or "linkage" not in linkage_table:
        msg = Message("err_membership_needs_linkage")
        raise MissingDataError(msg)
    idx = linkage_table.index
    lk = linkage_table["linkage"].to_numpy(dtype="float64")
    tot_row, share, rank, is_dir = _membership(np.asarray(idx.codes[0]), len(idx.levels[0]),
                                               lk)
    df = block_frame({"linkage": lk, "total_linkage_origin": tot_row, "membership_pct": share},
                     idx)
    df["rank"] = rank
    df["is_direction"] = is_dir
    meta = provenance(linkage_table)
    annotate(df, **meta)
    # the linkage's parameters and sources are passed on: finish writes both, so leaving them
    # out replaced them with {} and []
    return B.finish(df, indicator="membership_degree", parameters=meta.get("parameters"),
                    sources=meta.get("sources"), notes=meta.get("notes"),
                    reference="METHODS.md §4 (经济隶属度)")


def membership_table(
    region: Region,
    *,
    year: int | None = None,
    level: str = "prefecture",
    codes: Sequence[str] | None = None,
    parent: str | None = None,
    mass: str = "sqrt_pg",
    friction_exponent: float | None = None,
    travel_time_min: pd.DataFrame | None = None,
    directional: bool = True,
) -> pd.DataFrame:
    """Membership degree of every ordered pair: :func:`membership_degree` of
    :func:`linkage_intensity` (same keyword arguments).

    .. math:: F_{ij} = 100\\, R_{ij} / \\sum_{k \\ne i} R_{ik}

    Returns
    -------
    pandas.DataFrame
        As :func:`membership_degree`, with ``distance_km`` added.

    Raises
    ------
    MissingDataError
        When ``scope`` is unknown, fewer than 2 units have masses and seats, a code or
        ``parent`` is not a unit, an explicit unit has no seat or positive mass,
        ``mass="gdp"`` and no unit has GDP, or ``travel_time_min`` lacks a unit.
    ParameterError
        When ``friction_exponent`` is not finite, below 0 or above
        :data:`~metroscope.indicators.linkage.MAX_FRICTION_EXPONENT` (10).
    ValueError
        When ``mass`` is not ``population``, ``gdp`` or ``sqrt_pg``, or ``travel_time_min``
        has negative minutes.

    References
    ----------
    METHODS.md §4 (经济隶属度).

    Examples
    --------
    >>> m = membership_table(region)
    >>> row = m.loc[("220400", "220100")]
    >>> round(float(row["membership_pct"]), 2), bool(row["is_direction"])
    (19.82, False)
    """
    if friction_exponent is None:
        friction_exponent = get_settings().friction_exponent
    cols, index, meta = _linkage(region, year=year, level=level, codes=codes, parent=parent,
                                 mass=mass, friction_exponent=friction_exponent,
                                 travel_time_min=travel_time_min, directional=directional)
    lk = cols["linkage"]
    tot_row, share, rank, is_dir = _membership(np.asarray(index.codes[0]),
                                               len(index.levels[0]), lk)
    md = block_frame({"linkage": lk, "distance_km": cols["distance_km"],
                      "total_linkage_origin": tot_row, "membership_pct": share}, index)
    md["rank"] = rank
    md["is_direction"] = is_dir
    return B.finish(md, **{**meta, "indicator": "membership_degree",
                           "reference": "METHODS.md §4 (经济隶属度)"})
