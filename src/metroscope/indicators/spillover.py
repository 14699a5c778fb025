"""Spillover (辐射效应): the spillover table that sets the core's share of mass beside its share
of total linkage; with the gravity linkage and membership degree (:mod:`.linkage`), breaking
points and field strength (:mod:`.hinterland`) and urban flow intensity (:mod:`.flow`), all
importable from here.

References: 赵宏波, 马延吉 (2013) 地理科学 33(11):1316-1322 (linkage among Jilin's 9 cities);
孟德友, 陆玉麒 (2009) for the directional coefficient k_ij; Converse (1949) and Reilly (1931)
for breaking points; METHODS.md §4, §6.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from .._errors import MissingDataError, shorten
from ..messages import Message
from . import _base as B
from .flow import urban_flow_intensity
from .hinterland import breaking_points, field_strength, hinterlands
from .linkage import (
    REFERENCE,
    SCOPES,
    linkage_intensity,
    membership_degree,
    membership_table,
)

if TYPE_CHECKING:
    from ..region import Region

# linkage and membership (.linkage), hinterlands (.hinterland) and flows (.flow) stay
# importable from here
__all__ = [
    "REFERENCE",
    "SCOPES",
    "breaking_points",
    "field_strength",
    "hinterlands",
    "linkage_intensity",
    "membership_degree",
    "membership_table",
    "spillover_table",
    "urban_flow_intensity",
]


def spillover_table(
    region: Region,
    *,
    year: int | None = None,
    level: str = "prefecture",
    codes: Sequence[str] | None = None,
    parent: str | None = None,
    core: str | None = None,
    mass: str = "sqrt_pg",
    friction_exponent: float | None = None,
    travel_time_min: pd.DataFrame | None = None,
    directional: bool = True,
    scope: str = "members",
) -> pd.DataFrame:
    """The spillover table: each unit's share of the area's mass beside its share of the area's
    total linkage, and its pull towards the core.

    .. math::

        \\text{mass share}_i = 100\\,M_i/\\sum_k M_k,\\qquad
        \\text{linkage share}_i = 100\\,R_i/\\sum_k R_k,\\quad R_i = \\sum_{j\\ne i} R_{ij}

    With directional k (k_ij + k_ji = 1) Σ_k R_k equals the symmetric total over unordered
    pairs. "High primacy, low radiation" reads as the core's ``mass_share_pct`` beside its
    ``linkage_share_pct`` and the other units' ``membership_to_core_pct``.

    Parameters
    ----------
    core
        Code of the core; default ``region.core_code()`` (it must be among the units).
    year, level, codes, parent, mass, friction_exponent, travel_time_min, directional
        As in :func:`linkage_intensity`.
    scope
        ``members`` (default): the metropolitan area's units (roles core, member, partial), so
        shares are shares *of the area*; ``all``: outside cities too (e.g. 沈阳, 大连, 哈尔滨 in
        the embedded data), an option for comparison. Ignored when ``codes`` is given.

    Returns
    -------
    pandas.DataFrame
        Index ``code``; columns ``name_zh``, ``name_en``, ``role``, ``is_core``, ``mass``,
        ``mass_share_pct``, ``total_linkage`` (R_i), ``linkage_share_pct``,
        ``linkage_to_mass_ratio`` (linkage share / mass share), ``linkage_with_core``
        (R_ic + R_ci), ``membership_to_core_pct`` (F_i,core: share of i's linkage that goes to
        the core), ``core_membership_pct`` (F_core,i), ``distance_to_core_km``, ``direction``
        (the destination with i's largest membership share; missing when i's total linkage
        is missing or 0). Sorted by mass, descending.

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

    The :class:`MissingDataError` is also raised when the core is not among the units, or (no
    ``core`` given) the region has no unit with role ``core``.

    References
    ----------
    METHODS.md §4; 赵宏波, 马延吉 2013.

    Examples
    --------
    >>> s = spillover_table(region)
    >>> s[["mass_share_pct", "membership_to_core_pct", "distance_to_core_km"]].round(2)
            mass_share_pct  membership_to_core_pct  distance_to_core_km
    code
    220100           67.22                     NaN                  NaN
    220200           19.29                   78.61                98.38
    220300            7.88                   36.95               106.77
    220400            5.61                   30.06               104.37
    """
    lt = linkage_intensity(region, year=year, level=level, codes=codes, parent=parent, mass=mass,
                           friction_exponent=friction_exponent,
                           travel_time_min=travel_time_min, directional=directional,
                           scope=scope)
    meta = lt.attrs["metroscope"]
    core = str(core) if core is not None else region.core_code()
    cs = [str(c) for c in lt.index.levels[0]]
    if core not in cs:
        msg = Message("err_core_not_among_units", core=shorten(core), n=len(cs),
                      level=repr(level))
        raise MissingDataError(msg)
    md = membership_degree(lt)
    o = md.index.get_level_values(0).astype(str)
    d = md.index.get_level_values(1).astype(str)
    mass_v = (lt.groupby(level=0)["mass_origin"].first().reindex(cs))
    # totals and directions are membership_degree's: a unit with any missing pair linkage has
    # no total (never a partial sum), one whose total is missing or 0 no direction
    total = md.groupby(o)["total_linkage_origin"].first().reindex(cs)
    to_core = md[d == core]
    from_core = md[o == core]
    r_ic = pd.Series(to_core["linkage"].to_numpy(), index=o[d == core]).reindex(cs)
    r_ci = pd.Series(from_core["linkage"].to_numpy(), index=d[o == core]).reindex(cs)
    f_ic = pd.Series(to_core["membership_pct"].to_numpy(), index=o[d == core]).reindex(cs)
    f_ci = pd.Series(from_core["membership_pct"].to_numpy(), index=d[o == core]).reindex(cs)
    dist = pd.Series(lt["distance_km"].to_numpy()[d == core], index=o[d == core])
    direction = pd.Series(d[md["is_direction"].to_numpy()], index=o[md["is_direction"].to_numpy()])
    out = B.names(region, cs)
    out["is_core"] = [c == core for c in cs]
    out["mass"] = mass_v.to_numpy()
    out["mass_share_pct"] = 100 * out["mass"] / out["mass"].sum()
    out["total_linkage"] = total.to_numpy()
    out["linkage_share_pct"] = 100 * out["total_linkage"] / out["total_linkage"].sum(min_count=1)
    out["linkage_to_mass_ratio"] = out["linkage_share_pct"] / out["mass_share_pct"]
    out["linkage_with_core"] = (r_ic + r_ci).where([c != core for c in cs]).to_numpy()
    out["membership_to_core_pct"] = f_ic.to_numpy()
    out["core_membership_pct"] = f_ci.to_numpy()
    out["distance_to_core_km"] = dist.reindex(cs).to_numpy()
    out["direction"] = direction.reindex(cs).to_numpy()
    out = out.sort_values("mass", ascending=False, kind="mergesort")
    c_row = out.loc[core]
    notes = [*meta.get("notes", []),
             Message("ind_core_mass_linkage", core=core,
                     mass_pct=f"{c_row['mass_share_pct']:.1f}",
                     linkage_pct=f"{c_row['linkage_share_pct']:.1f}")]
    missing = [c for c in cs if pd.isna(out.at[c, "total_linkage"])]
    if missing:
        notes.append(Message("ind_missing_linkage", n=len(missing), codes=missing))
    params: dict[str, Any] = {**meta.get("parameters", {}), "core": core}
    return B.finish(out, indicator="spillover_table", region=region, year=meta.get("year"),
                    level=level, measure=meta.get("measure"), parameters=params,
                    sources=meta.get("sources"), notes=notes, reference=REFERENCE)
