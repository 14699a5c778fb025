"""Persons inside a commuting circle (:func:`population_inside`): the units inside plus the
2020 census's zones without an administrative code whose prefecture's districts are all
inside, and the notes that say which zones were counted (used by :mod:`.isochrone` and the
scenario effects)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._areas_zones import ZONES_YEAR, CircleZones, in_circle, uncoded_zones
from .._errors import ParameterError
from ..messages import Message

if TYPE_CHECKING:
    from ..region import Region

#: the roles whose units make the plan area of the circle's sums (``partial`` apart)
PLAN_AREA_ROLES = ("core", "member")

__all__ = ["population_inside"]


def circle_zones(region: Region, out: pd.DataFrame, pop_year: int | None) -> CircleZones:
    """The census-2020 zones without a code in the sums (:func:`metroscope._areas_zones.
    in_circle`): only for the population of that census (before it their residents are in
    their districts' figures) and only where their prefecture's districts are rows."""
    if pop_year != ZONES_YEAR:
        return CircleZones()
    codes = out.index.astype(str)
    roles = pd.Series(out["role"].to_numpy(), index=codes)
    plan_rows = roles[roles.isin([*PLAN_AREA_ROLES, "partial"]).to_numpy()]
    inside = pd.Series(out["inside"].to_numpy(dtype=bool), index=codes)
    return in_circle(region.units, plan_rows, uncoded_zones(region), inside)


def population_inside(region: Region, circle: pd.DataFrame, inside: Any = None) -> float:
    """Persons inside a commuting circle, counted as the circle's ``population_inside``.

    The population of the units inside, plus the residents of the 2020 census's zones without
    an administrative code (development zones etc., the extra table ``uncoded_zones``) that
    lie inside: a zone has no location of its own, so it counts only when every district of
    its prefecture is inside (the rule of ``docs/network.md`` and the areas comparison), and
    only for the 2020 population (in 2010 its residents were counted in their districts). A
    unit without a population counts 0.

    Parameters
    ----------
    region
        The region the circle was computed on (its units and census zones).
    circle
        A :func:`.isochrone.commuting_circle` result (index ``code``; ``role``, ``inside`` and
        ``population`` in persons). The population year is read from its provenance
        (``attrs["metroscope"]["summary"]["population_year"]``); without one no zone is added.
    inside
        Which rows to count instead of ``circle["inside"]``: one boolean per row, in the
        rows' order (e.g. ``circle["travel_time_min"] <= 90`` for a 90-minute circle on the
        same travel times).

    Returns
    -------
    float
        Persons inside.

    Raises
    ------
    ParameterError
        When ``circle`` lacks ``role`` or ``population`` (or ``inside`` when no mask is
        given), or ``inside`` does not hold one value per row.

    Examples
    --------
    >>> from metroscope.network import commuting_circle
    >>> circle = commuting_circle(region, mode="fastest")
    >>> population_inside(region, circle) == circle.attrs["metroscope"]["summary"][
    ...     "population_inside"]
    True
    >>> at_90 = circle["travel_time_min"] <= 90  # 吉林's districts and 松原's 宁江区 inside
    >>> f"{population_inside(region, circle, inside=at_90):,.0f}"
    '15,159,058'
    """
    needed = ["role", "population"] + (["inside"] if inside is None else [])
    missing = [c for c in needed if c not in circle.columns]
    if missing:
        raise ParameterError(Message("err_population_inside_columns", missing=missing))
    mask = np.asarray(circle["inside"] if inside is None else inside)
    if mask.shape != (len(circle),):
        raise ParameterError(Message("err_population_inside_mask", rows=len(circle),
                                     got=mask.size))
    mask = mask.astype(bool)
    pop = pd.to_numeric(circle["population"], errors="coerce").to_numpy(dtype="float64")
    summary = (circle.attrs.get("metroscope") or {}).get("summary") or {}
    zones = circle_zones(region, circle.assign(inside=mask), summary.get("population_year"))
    return float(np.nansum(pop[mask])) + zones.inside


def zones_notes(zones: CircleZones) -> list[str]:
    notes: list[str] = []
    if zones.plan:
        notes.append(Message("acc_uncoded_zones", n=len(zones.names),
                             names="、".join(zones.names),
                             population=f"{zones.plan:,.0f}",
                             inside=f"{zones.plan_inside:,.0f}",
                             outside=f"{zones.plan - zones.plan_inside:,.0f}"))
    if zones.unplaced:
        notes.append(Message("acc_uncoded_zones_unplaced", population=f"{zones.unplaced:,.0f}"))
    beyond = zones.inside - zones.plan_inside
    if beyond > 0:  # population_inside counts them; the plan-area sums do not
        notes.append(Message("acc_uncoded_zones_beyond", n=len(zones.names_beyond),
                             names="、".join(zones.names_beyond), population=f"{beyond:,.0f}"))
    return notes
