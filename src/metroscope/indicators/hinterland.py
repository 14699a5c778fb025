"""Hinterlands: breaking points (断裂点) between centres and field strength (场强).

References: Converse (1949) and Reilly (1931) for breaking points; 何建华 et al. (2015)
测绘学报 for field strength; METHODS.md §6. Re-exported by :mod:`.spillover`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._provenance import annotate, provenance
from ..messages import Message
from ..settings import get_settings
from . import _base as B
from ._geometry import (
    _distance,
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

REFERENCE_BP = "Converse 1949 (from Reilly 1931); METHODS.md §6"


def breaking_points(
    region: Region,
    *,
    year: int | None = None,
    level: str = "prefecture",
    codes: Sequence[str] | None = None,
    parent: str | None = None,
    mass: str = "population",
    travel_time_min: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Breaking points (断裂点) between every ordered pair: how far from the origin the two
    centres' hinterlands meet.

    .. math:: d_i = \\frac{D_{ij}}{1 + \\sqrt{M_j / M_i}}

    Parameters
    ----------
    mass
        ``population`` (default, as in Converse 1949), ``gdp`` or ``sqrt_pg``.
    year, level, codes, parent, travel_time_min
        As in :func:`linkage_intensity`.

    Returns
    -------
    pandas.DataFrame
        Index ``(origin, destination)``; columns ``distance_km``, ``travel_time_min`` (NaN if
        not given), ``mass_origin``, ``mass_destination``, ``breaking_point_km`` (distance from
        the origin's seat), ``breaking_point_min`` (the same on travel time; NaN without
        travel times), ``breaking_point_share`` (d_i / D_ij). For each pair d_i + d_j = D_ij.

    Raises
    ------
    MissingDataError
        When a code or ``parent`` is not a unit, no unit is at ``level``, an explicit unit has
        no seat coordinates or no positive mass, ``mass="gdp"`` and no unit has GDP, the mass
        has no value at all, or ``travel_time_min`` lacks a unit.
    ValueError
        When ``mass`` is not ``population``, ``gdp`` or ``sqrt_pg``, or ``travel_time_min``
        has negative minutes.

    References
    ----------
    Converse 1949; Reilly 1931; METHODS.md §6.

    Examples
    --------
    >>> bp = breaking_points(region)
    >>> bp.loc[("220100", "220200"), ["distance_km", "breaking_point_km", "breaking_point_share"]].round(2)
    distance_km             98.38
    breaking_point_km       60.27
    breaking_point_share     0.61
    Name: (220100, 220200), dtype: float64
    """
    strict = codes is not None
    cs = B.unit_codes(region, level=level, codes=codes, parent=parent)
    notes: list[str] = []
    cs = _seats(region, cs, strict, notes)
    m = B.masses(region, mass=mass, year=year, codes=cs, strict=strict)
    notes += m.notes
    cs = [str(c) for c in m.values.index]
    n = len(cs)
    d = _distance(region, cs, cs)
    t = _times(travel_time_min, cs, cs) if travel_time_min is not None else None
    flat, ii, jj = off_diagonal(n)
    mv = m.values.to_numpy(dtype="float64")
    mi, mj = mv.take(ii), mv.take(jj)
    share = 1.0 / (1.0 + np.sqrt(mj / mi))
    dv = d.ravel().take(flat)
    tv = t.ravel().take(flat) if t is not None else np.full(len(ii), np.nan)
    df = block_frame({
        "distance_km": dv, "travel_time_min": tv, "mass_origin": mi, "mass_destination": mj,
        "breaking_point_km": dv * share, "breaking_point_min": tv * share,
        "breaking_point_share": share,
    }, _pairs_index(cs, ii, jj))
    return B.finish(df, indicator="breaking_points", region=region, year=m.year, level=level,
                    measure=m.mass, parameters={"mass": m.mass,
                                                "travel_time_matrix": _matrix_id(travel_time_min)},
                    sources=B.sources(region, m.indicators, [m.year], cs), notes=notes,
                    reference=REFERENCE_BP)


def field_strength(
    region: Region,
    *,
    year: int | None = None,
    level: str = "county",
    centres: Sequence[str] | None = None,
    centre_level: str = "prefecture",
    mass: str = "sqrt_pg",
    friction_exponent: float | None = None,
    travel_time_min: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Field strength (场强) of each centre at each location, and the dominant centre.

    .. math:: F_{ik} = Z_i / D_{ik}^{\\alpha}

    Each location belongs to the centre with the largest F_ik (multiplicatively weighted
    Voronoi hinterlands). A location at a centre's own seat (D = 0) has F = inf.

    Parameters
    ----------
    level
        Level of the locations (default ``county``).
    centres
        Codes of the centres; default every unit at ``centre_level`` with a mass.
    centre_level
        Level of the default centres (``prefecture``).
    mass
        The centrality Z: ``sqrt_pg`` (default), ``population`` or ``gdp`` of the centres.
    friction_exponent
        α (dimensionless); default ``Settings.friction_exponent`` (2).
    travel_time_min
        Optional centres x locations DataFrame of minutes; otherwise great-circle km.
    year
        As in :func:`linkage_intensity`.

    Returns
    -------
    pandas.DataFrame
        Index ``(centre, location)``; columns ``distance_km``, ``travel_time_min``,
        ``friction``, ``mass_centre``, ``field_strength``, ``is_dominant``.

    Raises
    ------
    MissingDataError
        When a code in ``centres`` is not a unit, no unit is at ``level``/``centre_level``, an
        explicit centre has no seat or no positive mass, ``mass="gdp"`` and no centre has GDP,
        the mass has no value at all, or ``travel_time_min`` lacks a centre.
    ParameterError
        When ``friction_exponent`` is not finite, below 0 or above
        :data:`~metroscope.indicators.linkage.MAX_FRICTION_EXPONENT` (10).
    ValueError
        When ``mass`` is not ``population``, ``gdp`` or ``sqrt_pg``, or ``travel_time_min``
        has negative minutes.

    References
    ----------
    何建华 et al. 2015, 测绘学报; METHODS.md §6.

    Examples
    --------
    >>> f = field_strength(region)
    >>> f.shape
    (720, 6)
    >>> round(float(f.loc[("220100", "220102"), "distance_km"]), 2)
    5.62
    >>> bool(f.loc[("220100", "220102"), "is_dominant"])
    True
    """
    if friction_exponent is None:
        friction_exponent = get_settings().friction_exponent
    from .linkage import check_friction_exponent

    friction_exponent = check_friction_exponent(friction_exponent)
    notes: list[str] = []
    strict = centres is not None
    cen = B.unit_codes(region, level=None if strict else centre_level, codes=centres)
    cen = _seats(region, cen, strict, notes)
    m = B.masses(region, mass=mass, year=year, codes=cen, strict=strict)
    notes += m.notes
    cen = [str(c) for c in m.values.index]
    loc = _seats(region, B.unit_codes(region, level=level), False, notes)
    if travel_time_min is not None:  # locations without travel times are left out, named
        loc = _in_matrix(travel_time_min, loc, notes)
    d = _distance(region, cen, loc)
    t = _times(travel_time_min, cen, loc) if travel_time_min is not None else None
    f = d if t is None else t
    z = m.values.to_numpy(dtype="float64")[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        fs = z / np.power(f, friction_exponent)
    fs = np.where(f == 0, np.inf, fs)
    usable = np.where(np.isnan(fs), -np.inf, fs)
    best = np.argmax(usable, axis=0)
    # a location no centre reaches with a finite, positive field has no dominant centre
    known = np.isfinite(usable).any(axis=0) & (usable.max(axis=0) > 0)
    known |= np.isposinf(usable).any(axis=0)
    dom = np.zeros_like(fs, dtype=bool)
    dom[best[known], np.arange(len(loc))[known]] = True
    if (~known).any():
        notes.append(Message("ind_no_dominant_centre", n=int((~known).sum()),
                             codes=[str(c) for c in np.asarray(loc)[~known]]))
    ci, li = np.indices(fs.shape)
    lev_c = pd.Index(cen, dtype="object")
    lev_l = pd.Index(loc, dtype="object")
    idx = pd.MultiIndex(levels=[lev_c, lev_l], codes=[ci.ravel(), li.ravel()],
                        names=["centre", "location"], verify_integrity=False)
    df = pd.DataFrame({"distance_km": d.ravel(),
                       "travel_time_min": t.ravel() if t is not None else np.nan,
                       "friction": f.ravel(), "mass_centre": np.repeat(z[:, 0], len(loc)),
                       "field_strength": fs.ravel(), "is_dominant": dom.ravel()}, index=idx)
    return B.finish(df, indicator="field_strength", region=region, year=m.year, level=level,
                    measure=m.mass,
                    parameters={"mass": m.mass, "friction_exponent": friction_exponent,
                                "friction": "travel_time_min" if t is not None else "distance_km",
                                "travel_time_matrix": _matrix_id(travel_time_min),
                                "centres": cen},
                    sources=B.sources(region, m.indicators, [m.year], cen), notes=notes,
                    reference="何建华 et al. 2015, 测绘学报; METHODS.md §6")


def hinterlands(field: pd.DataFrame) -> pd.DataFrame:
    """The dominant centre of each location from a :func:`field_strength` table.

    Returns
    -------
    pandas.DataFrame
        Index ``location``; columns ``centre``, ``field_strength``, ``runner_up``,
        ``dominance_ratio`` (strongest / second strongest field; inf at a centre's seat).

    Raises
    ------
    KeyError
        If ``field`` has no ``field_strength`` column or no ``centre`` index level (pass the
        output of :func:`field_strength`).

    Examples
    --------
    >>> h = hinterlands(field_strength(region))
    >>> h.shape
    (60, 4)
    >>> h.loc[["220102", "220202"]].iloc[:, :2].round(2)
              centre  field_strength
    location
    220102    220100           77.46
    220202    220200           25.98
    """
    fs = field["field_strength"].unstack("centre")
    vals = fs.to_numpy(dtype="float64")
    order = np.argsort(-np.nan_to_num(vals, nan=-np.inf), axis=1)
    first = vals[np.arange(len(vals)), order[:, 0]]
    second = (vals[np.arange(len(vals)), order[:, 1]] if vals.shape[1] > 1
              else np.full(len(vals), math.nan))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = first / second
    out = pd.DataFrame({"centre": fs.columns.to_numpy()[order[:, 0]], "field_strength": first,
                        "runner_up": (fs.columns.to_numpy()[order[:, 1]]
                                      if vals.shape[1] > 1 else None),
                        "dominance_ratio": ratio}, index=pd.Index(fs.index, name="location"))
    # no centre reaches the location with a finite, positive field: no hinterland, not centre 0
    none = ~(np.nan_to_num(first, nan=0.0, neginf=0.0) > 0)
    out.loc[none, ["centre", "runner_up"]] = None
    out.loc[none, ["field_strength", "dominance_ratio"]] = math.nan
    annotate(out, **provenance(field))
    return annotate(out, indicator="hinterlands")
