"""Isochrones and the 1-hour commuting circle (METHODS §1).

The *travel-time circle* of the core is the set of units whose door-to-door travel time to the
core's seat is at most T minutes (60 by default, ``settings.circle_minutes``), by rail (door to
door: access, wait, ride, transfers, egress), road, or the fastest of the two. The
*commuting-rate circle* needs commuting flows (employed residents of k working in the core),
which the census tables do not have; it is computed only when a Region carries them in
``region.extra['commuting_flows']`` (columns ``origin``, ``destination``, ``commuters``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from .._areas_zones import CircleZones
from .._errors import ParameterError
from .._options import NETWORK_MODES, as_mode
from .._provenance import annotate
from ..messages import Message
from ..settings import Settings
from ._circle_population import PLAN_AREA_ROLES, circle_zones, zones_notes
from ._subsets import travel_times_from
from ._unitdata import assumed_position_note, unit_area_km2, unit_labels, unit_values
from .options import TravelOptions

if TYPE_CHECKING:
    from .._options import NetworkMode
    from ..region import Region

NO_COMMUTING_DATA = Message("acc_no_commuting_data")


def _origins(region: Region, origin: str | Sequence[str] | None) -> list[str]:
    if origin is None:
        return [region.core_code()]
    return [origin] if isinstance(origin, str) else [str(o) for o in origin]


def isochrone(
    region: Region,
    *,
    minutes: float | None = None,
    origin: str | Sequence[str] | None = None,
    mode: NetworkMode = "fastest",
    direction: Literal["from", "to"] = "from",
    status: Iterable[str] | str | None = None,
    year: int | None = None,
    settings: Settings | None = None,
    level: str | None = None,
    options: TravelOptions | None = None,
) -> pd.DataFrame:
    """The units within ``minutes`` of any of the origins.

    Parameters
    ----------
    minutes
        Threshold, minutes (default ``settings.circle_minutes``, 60); inclusive.
    origin
        Unit code(s) of the origin(s); default the core (:meth:`Region.core_code`).
    direction
        ``from`` the origins (default) or ``to`` them.
    options
        Mode, network year, statuses, settings and level as one
        :class:`~metroscope.network.TravelOptions` (instead of those keywords; not both).

    Returns
    -------
    pandas.DataFrame
        Index ``code`` (matrix units): ``name_zh``, ``name_en``, ``role``,
        ``travel_time_min`` (to/from the nearest origin, ``inf`` if unreachable),
        ``nearest_origin``, ``inside`` (bool).

    Raises
    ------
    ValueError
        When ``direction`` is not ``from`` or ``to``, for an unknown ``mode`` or
        ``status``, or a network ``year`` outside the supported range.
    MissingDataError
        When ``origin`` is not given and the region has no core unit.
    UnknownRegionError
        When an origin is not a unit of the region.
    NetworkError
        When the selected network cannot be routed (every problem listed).

    Examples
    --------
    >>> iso = isochrone(region, minutes=60, origin="220102", mode="rail")
    >>> iso[iso["inside"]].index.tolist()[:5]
    ['220102', '220103', '220104', '220105', '220106']
    """
    opts = TravelOptions.of(options, mode=mode, status=status, year=year, settings=settings,
                            level=level)
    limit = opts.routing_settings().circle_minutes if minutes is None else float(minutes)
    origins = _origins(region, origin)
    t = travel_times_from(region, origins, direction=direction, options=opts)
    out = unit_labels(region, list(t.index))
    best = t.to_numpy().min(axis=1)
    out["travel_time_min"] = best
    arg = t.to_numpy().argmin(axis=1)
    out["nearest_origin"] = pd.array([origins[int(a)] if np.isfinite(b) else pd.NA
                                      for a, b in zip(arg, best, strict=True)], dtype="string")
    out["inside"] = best <= limit
    meta = dict(t.attrs["metroscope"])  # travel_times_from annotates
    return annotate(out, **{**meta, "indicator": "isochrone", "origins": origins,
                            "minutes": limit, "direction": direction,
                            "units_inside": int(out["inside"].sum())})


def commuting_circle(
    region: Region,
    *,
    minutes: float | None = None,
    mode: NetworkMode = "fastest",
    origin: str | None = None,
    status: Iterable[str] | str | None = None,
    year: int | None = None,
    stats_year: int | None = None,
    settings: Settings | None = None,
    level: str | None = None,
    commuting_rate_threshold: float = 0.10,
    options: TravelOptions | None = None,
) -> pd.DataFrame:
    """The 1-hour commuting circle of the core: its units, area, population and GDP.

    Travel times run *to* the core (the morning commute). Population and GDP are the stats
    ``population`` and ``gdp`` of ``stats_year`` (default: the latest year present).

    Parameters
    ----------
    minutes
        Threshold, minutes (default ``settings.circle_minutes``); a unit is inside when its
        time is <= the threshold.
    mode
        ``fastest`` (default: door to door, the best combination of road, rail and the
        intra-city leg), ``rail`` (door to door) or ``road``. A core unit outside the circle
        is named in the notes with the reason.
    origin
        The centre (default the core); a unit code of any level.
    commuting_rate_threshold
        Share of employed residents commuting to the core that puts a unit in the
        commuting-rate circle (0.10 = 10 %, the Beijing 10 % isoline of METHODS §1; a
        convention, not a law). Used only when commuting flows are loaded.
    options
        Mode, network year, statuses, settings and level as one
        :class:`~metroscope.network.TravelOptions` (instead of those keywords; not both). ``stats_year`` stays apart: the
        network of one year can be weighed by the population of another.

    Returns
    -------
    pandas.DataFrame
        Index ``code``: ``name_zh``, ``name_en``, ``role``, ``in_plan_area``,
        ``travel_time_min``, ``inside``, ``area_km2``, ``population``, ``gdp`` (NaN where the
        data have none), and ``commuting_rate``/``inside_commuting`` when flows are loaded.
        ``in_plan_area`` marks the plan area of the sums: the ``core`` and ``member`` units.
        ``attrs['metroscope']['summary']`` holds the totals inside and
        ``share_plan_population_inside``, the share of the plan area's population inside
        (``plan_area_population_inside`` / ``plan_area_population``, core + member units).
        ``partial`` units (only part of them is in the plan; the data do not say which part)
        are left out of both and reported apart (``partial_units``,
        ``partial_units_inside``, ``partial_population``, ``partial_population_inside``,
        persons), with a note: the convention of :mod:`metroscope.areas`. With the 2020
        population, the census zones without a code (``region.extra['uncoded_zones']``; no
        rows of the result) are added to the sums by the rule of the areas comparison: in the
        plan area when all their prefecture's districts are core or member units
        (``uncoded_zones_population``), inside only when every one of those districts is
        (``uncoded_zones_population_inside``; ``population_inside_uncoded_zones`` counts every
        zone inside, in the plan area or not), with a note of the persons in the denominator
        only.

    Raises
    ------
    ValueError
        For an unknown ``mode`` or ``status``, or a network ``year`` outside the supported range
        (:func:`~metroscope.network.selection.selection`).
    MissingDataError
        When the region has no units of ``level`` with a seat or access rows, or ``origin`` is
        not given and the region has no core unit.
    UnknownRegionError
        When ``origin`` is not a unit of the region.
    NetworkError
        When the selected network has links to unknown nodes, non-positive or missing times,
        or bad access rows (every problem listed).

    Examples
    --------
    >>> c = commuting_circle(region)
    >>> int(c["inside"].sum()), float(c.loc["220183", "travel_time_min"]), bool(c.loc["220183", "inside"])
    (15, 47.5, True)
    """
    opts = TravelOptions.of(options, mode=mode, status=status, year=year, settings=settings,
                            level=level)
    limit = opts.routing_settings().circle_minutes if minutes is None else float(minutes)
    centre = origin or region.core_code()
    t = travel_times_from(region, [centre], direction="to", options=opts)
    codes = list(t.index)
    out = unit_labels(region, codes)
    # the plan area of the sums: core and member units; a partial unit (only part of it is in
    # the plan) is left out and reported apart, as in metroscope.areas (the data do not say
    # which part is in)
    out["in_plan_area"] = out["role"].isin(PLAN_AREA_ROLES).to_numpy()
    out["travel_time_min"] = t.iloc[:, 0].to_numpy()
    out["inside"] = out["travel_time_min"] <= limit
    out["area_km2"] = unit_area_km2(region, codes).to_numpy()
    pop, pop_year = unit_values(region, "population", codes, stats_year, required=True)
    gdp, gdp_year = unit_values(region, "gdp", codes, stats_year)
    out["population"] = pop.to_numpy()
    out["gdp"] = gdp.to_numpy()
    notes: list[str] = []
    flows = region.extra.get("commuting_flows")
    if flows is not None and not flows.empty:
        rate = _commuting_rate(flows, codes, centre)
        out["commuting_rate"] = rate.to_numpy()
        out["inside_commuting"] = (rate >= commuting_rate_threshold).to_numpy()
    else:
        notes.append(NO_COMMUTING_DATA)
    notes += _core_outside(out, limit, opts.mode)
    if opts.mode == "rail" and bool(out["inside"].any()):
        notes += _inside_without_train(region, opts, centre, out)
    notes += assumed_position_note(region, [str(c) for c in out.index[out["inside"].to_numpy()]])
    zones = circle_zones(region, out, pop_year)
    summary = _summary(out, limit, opts.mode, centre, pop_year, gdp_year, zones)
    if summary["units_inside_without_area"]:
        missing = [str(c) for c in out.index[out["inside"].to_numpy()
                                             & out["area_km2"].isna().to_numpy()]]
        notes.append(Message("acc_area_missing", n=len(missing), codes=missing))
    if summary["partial_units"]:
        part = out[(out["role"] == "partial").to_numpy()]
        notes.append(Message("acc_partial_apart", n=len(part),
                             names="、".join(str(x) for x in part["name_zh"]),
                             population=f"{summary['partial_population']:,.0f}",
                             inside=summary["partial_units_inside"]))
    notes += zones_notes(zones)
    meta = dict(t.attrs["metroscope"])  # travel_times_from annotates
    return annotate(out, **{**meta, "indicator": "commuting_circle", "minutes": limit,
                            "origins": [centre], "summary": summary,
                            "notes": [*meta.get("notes", []), *notes] or None})


def _inside_without_train(region: Region, opts: TravelOptions, centre: str,
                          out: pd.DataFrame) -> list[str]:
    """A note of how many units inside a rail circle are reached without a train ride: their
    time is the same on the rail graph with the ride edges taken out (the intra-city leg, and
    the road to and from stations, only)."""
    import scipy.sparse as sp
    from scipy.sparse.csgraph import dijkstra

    from .graph import build_graph
    from .traveltime import routing_codes

    centre = routing_codes(region, [centre])[0] or centre
    g = build_graph(region, options=opts)
    e = g.edges[g.edges["kind"] != "ride"]
    src = e["src"].to_numpy(dtype=np.int64)
    dst = e["dst"].to_numpy(dtype=np.int64)
    # reversed edges: minutes from every node to the centre in one Dijkstra
    rev = sp.csr_array((e["minutes"].to_numpy(dtype=np.float64), (dst, src)),
                       shape=(g.n_nodes, g.n_nodes))
    if centre not in g.unit_out:
        return []
    # a trip from c starts at unit_in[c] and ends at unit_out[centre]
    d = np.asarray(dijkstra(rev, directed=True, indices=g.unit_out[centre]), dtype=np.float64)
    inside = out[out["inside"].to_numpy()]
    no_train = [str(c) for c, t in inside["travel_time_min"].items()
                if str(c) == centre or (str(c) in g.unit_in
                                        and np.isclose(d[g.unit_in[str(c)]], float(t)))]
    return [Message("acc_rail_without_train", n=len(no_train), inside=len(inside))]


def _core_outside(out: pd.DataFrame, limit: float, mode: str) -> list[str]:
    """A note for every core unit outside the circle, with the reason (the data's, not a
    silent omission): no route at all, or the minutes the network gives."""
    core = out[(out["role"] == "core").to_numpy() & ~out["inside"].to_numpy()]
    notes: list[str] = []
    for code, r in core.iterrows():
        t = float(r["travel_time_min"])
        # ``mode`` is one of NETWORK_MODES here: the router refused any other before
        why = (Message("acc_core_unreachable") if not np.isfinite(t) else
               Message("acc_core_over", minutes=f"{t:.1f}", mode=Message(f"mode_{mode}"),
                       limit=f"{limit:g}"))
        notes.append(Message("acc_core_outside", code=str(code), name=str(r["name_zh"]),
                             why=why))
    return notes


def _commuting_rate(flows: pd.DataFrame, codes: list[str], centre: str) -> pd.Series:
    f = flows.assign(origin=flows["origin"].astype(str), destination=flows["destination"]
                     .astype(str), commuters=pd.to_numeric(flows["commuters"], errors="coerce"))
    employed = f.groupby("origin")["commuters"].sum()
    to_core = f[f["destination"] == centre].groupby("origin")["commuters"].sum()
    # in the order of ``codes``: NaN for a unit without flows (no employed residents
    # recorded), 0 for one whose residents all work elsewhere; float64 (text counts read by
    # to_numeric give a nullable Float64, whose NA would not compare)
    return (to_core.reindex(codes).fillna(0.0) / employed.reindex(codes)).astype(float)


def _summary(out: pd.DataFrame, limit: float, mode: str, centre: str, pop_year: int | None,
             gdp_year: int | None, zones: CircleZones) -> dict[str, Any]:
    # the columns were made bool and float64 by commuting_circle
    inside = out["inside"].to_numpy()
    plan = out["in_plan_area"].to_numpy()
    partial = (out["role"] == "partial").to_numpy()
    pop = out["population"].to_numpy()
    # the uncoded zones are no rows: added to the sums by the rule of _areas_zones
    plan_pop = float(np.nansum(pop[plan])) + zones.plan
    plan_inside = float(np.nansum(pop[plan & inside])) + zones.plan_inside
    return {
        "mode": mode, "minutes": limit, "origin": centre,
        "units_inside": int(inside.sum()), "units": len(out),
        "codes_inside": [str(c) for c in out.index[inside]],
        # units without an area (development zones: their land lies in the districts'
        # polygons) are counted in units_inside_without_area, not summed
        "area_km2_inside": float(np.nansum(out["area_km2"].to_numpy()[inside])),
        "units_inside_without_area": int((inside & out["area_km2"].isna().to_numpy()).sum()),
        "population_year": pop_year,
        "population_inside": float(np.nansum(pop[inside])) + zones.inside,
        # of which residents of census-2020 zones without a code (any prefecture's, in the
        # plan area or not), inside with all their prefecture's districts
        "population_inside_uncoded_zones": zones.inside,
        "gdp_year": gdp_year,
        "gdp_cny_100m_inside": float(np.sum(out["gdp"].to_numpy()[inside])),
        "units_inside_without_gdp": int((inside & out["gdp"].isna().to_numpy()).sum()),
        "plan_area_population": plan_pop,
        "plan_area_population_inside": plan_inside,
        "share_plan_population_inside": plan_inside / plan_pop if plan_pop > 0 else float("nan"),
        # census-2020 zones without a code counted in the two plan-area sums above
        "uncoded_zones_population": zones.plan,
        "uncoded_zones_population_inside": zones.plan_inside,
        # units only part of which the plan lists: apart, never in the plan-area sums
        "partial_units": int(partial.sum()),
        "partial_units_inside": int((partial & inside).sum()),
        "partial_population": float(np.nansum(pop[partial])),
        "partial_population_inside": float(np.nansum(pop[partial & inside])),
        "units_without_population": int(out["population"].isna().sum()),
    }


def circle_summary(
    region: Region,
    *,
    minutes: float | None = None,
    modes: Sequence[str] = ("rail", "road", "fastest"),
    origin: str | None = None,
    status: Iterable[str] | str | None = None,
    year: int | None = None,
    stats_year: int | None = None,
    settings: Settings | None = None,
    options: TravelOptions | None = None,
) -> pd.DataFrame:
    """One row per mode: the commuting circle's units, area, population, GDP and the share of
    the plan area's population inside (see :func:`commuting_circle`).

    Returns
    -------
    pandas.DataFrame
        Index ``mode``; columns ``units_inside``, ``area_km2_inside``, ``population_inside``,
        ``gdp_cny_100m_inside``, ``plan_area_population``, ``plan_area_population_inside``,
        ``share_plan_population_inside`` (plan area = core + member units, see
        :func:`commuting_circle`), ``uncoded_zones_population``,
        ``uncoded_zones_population_inside``, ``population_inside_uncoded_zones``,
        ``partial_units``, ``partial_units_inside``,
        ``partial_population``, ``partial_population_inside``, ``population_year``,
        ``gdp_year``, ``codes_inside``.

    Raises
    ------
    ValueError
        For an unknown ``mode`` or ``status``, or a network ``year`` outside the supported range
        (:func:`~metroscope.network.selection.selection`), or an empty ``modes``.
    MissingDataError
        When the region has no units of ``level`` with a seat or access rows, or ``origin`` is
        not given and the region has no core unit.
    UnknownRegionError
        When ``origin`` is not a unit of the region.
    NetworkError
        When the selected network has links to unknown nodes, non-positive or missing times,
        or bad access rows (every problem listed).

    Examples
    --------
    >>> s = circle_summary(region)
    >>> s[["units_inside", "population_inside"]]
             units_inside  population_inside
    mode
    rail                9          5019477.0
    road               15          8562681.0
    fastest            15          8562681.0
    """
    opts = TravelOptions.of(options, status=status, year=year, settings=settings)
    if not modes:
        msg = Message("err_modes_empty", allowed=list(NETWORK_MODES))
        raise ParameterError(msg)
    rows = []
    notes: list[str] = []
    for m in modes:
        c = commuting_circle(region, minutes=minutes, origin=origin, stats_year=stats_year,
                             options=opts.with_mode(as_mode(m)))
        meta = c.attrs["metroscope"]
        s = dict(meta["summary"])
        s["codes_inside"] = ";".join(s["codes_inside"])
        rows.append(s)
        # every mode's notes, once each (a core unit outside the circle by road only is
        # named by the road run)
        notes += [n for n in meta.get("notes") or [] if n not in notes]
    out = pd.DataFrame(rows).set_index("mode")
    return annotate(out, indicator="commuting_circle_summary", notes=notes or None,
                    year=opts.network_year, network_year=opts.network_year,
                    minutes=float(out["minutes"].iloc[0]))
