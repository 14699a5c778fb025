"""Flow models applied to a Region: potential commuting flows and the core's pull.

``region_flows`` builds the locations (unit seats and a census population) of a Region and runs
the radiation model, or a gravity model on network travel times from
``metroscope.network.unit_travel_times`` (great-circle distance when no network is available; the
choice is recorded in the result's provenance). ``core_share`` summarises, for every member
county, how much of its inbound (and outbound) flow is with the core.
"""

from __future__ import annotations

import logging
from typing import Any, Literal

import numpy as np
import pandas as pd

from .._errors import MetroscopeError, MissingDataError, error_message, shorten
from .._options import FLOW_MODES, FlowMode
from .._provenance import annotate, provenance
from ..messages import Message
from ..region import Region
from ._params import check_beta
from ._table import FlowModelError, check_choice
from .gravity import gravity
from .radiation import radiation

logger = logging.getLogger(__name__)

__all__ = ["core_share", "locations_from_region", "region_flows"]


def locations_from_region(region: Region, *, year: int = 2020, level: str = "county",
                          indicator: str = "population", anchors: bool = True) -> pd.DataFrame:
    """Locations table of a Region's units: ``lon``, ``lat`` (seat), ``population``, ``name_en``,
    ``role``.

    A unit without a seat (a development zone) is placed where the region's network places it:
    at the node of its access rows (``region.access`` → ``region.nodes``), i.e. the seat of the
    district it is anchored to, when all its access nodes share one point; a note names these
    units and their anchors. Units still without coordinates, or without the indicator in
    ``year``, are left out; their codes are in ``attrs['metroscope']['notes']``.

    Parameters
    ----------
    region
        The Region.
    year, level, indicator
        Census year (default 2020), unit level (default county) and the mass column
        (default ``population``, persons).
    anchors
        Place units without a seat at their anchor's point (default). ``False`` leaves them
        out, e.g. for a great-circle distance model, where a zone and its anchor would be 0 km
        apart.

    Raises
    ------
    MissingDataError
        If fewer than two units remain.

    Examples
    --------
    >>> locations_from_region(region).head(3)
                  lon       lat  population             name_en  role
    code
    220102  125.35017  43.86399    657682.0    Nanguan District  core
    220103  125.32658  43.94361    856177.0  Kuancheng District  core
    220104  125.28825  43.83376    614021.0   Chaoyang District  core
    >>> loc = locations_from_region(region)
    >>> int(loc.loc[loc["role"] == "core", "population"].sum())  # 5 districts + 4 zones
    5019477
    """
    units = region.units[region.units["level"] == level]
    values = region.table(indicator, year, level=level)[indicator]
    df = pd.DataFrame({"lon": units["seat_lon"].astype("float64"),
                       "lat": units["seat_lat"].astype("float64"),
                       "population": values.reindex(units.index).astype("float64"),
                       "name_en": units["name_en"].astype(object),
                       "role": units["role"].astype(object)}, index=units.index.astype(str))
    df.index.name = "code"
    placed: dict[str, str] = {}
    if anchors:
        placed = _place_at_anchors(region, df)
    no_seat = df.index[df["lon"].isna() | df["lat"].isna()].tolist()
    no_value = df.index[df["population"].isna()].tolist()
    df = df.dropna(subset=["lon", "lat", "population"])
    if len(df) < 2:
        from ..indicators._stats_values import years_with
        from ..measures import label

        have = years_with(region, indicator, [str(c) for c in units.index])
        level_name = (Message(f"level_{level}")
                      if level in ("province", "prefecture", "county") else level)
        msg = Message("err_flow_too_few_units", n=len(df), level=level_name,
                      region=region.name, year=year,
                      indicator={"zh": label(indicator, "zh"),
                                 "en": label(indicator, "en").lower()},
                      years=", ".join(map(str, have)) if have else "—")
        raise MissingDataError(msg)
    notes: list[Message] = []
    placed = {c: a for c, a in placed.items() if c in df.index}
    if placed:
        notes.append(Message("flow_placed_at_anchor", codes=list(placed),
                             anchors=", ".join(f"{c} → {a}" for c, a in placed.items())))
    if no_seat:
        notes.append(Message("ind_no_seats", codes=no_seat))
    if no_value:
        notes.append(Message("flow_no_value", codes=no_value, year=year, indicator=indicator))
    return annotate(df, indicator="locations", year=year, level=level,
                    notes=notes or None, sources=[f"{indicator} {year} (region stats)"])


def _place_at_anchors(region: Region, df: pd.DataFrame) -> dict[str, str]:
    """Fill ``lon``/``lat`` of the rows without a seat from the network's access nodes; returns
    ``{unit: anchor}`` (the anchor: the node's ``coord_code``, else its ``code``)."""
    missing = df.index[df["lon"].isna() | df["lat"].isna()]
    access, nodes = region.access, region.nodes
    if len(missing) == 0 or access is None or nodes is None or len(access) == 0:
        return {}
    acc = access.assign(code=access["code"].astype(str), node_id=access["node_id"].astype(str))
    nod = nodes.assign(node_id=nodes["node_id"].astype(str)).drop_duplicates("node_id")
    nod = nod.set_index("node_id")
    placed: dict[str, str] = {}
    for code in missing:
        ids = [i for i in acc.loc[acc["code"] == code, "node_id"] if i in nod.index]
        if not ids:
            continue
        pts = nod.loc[ids, ["lon", "lat"]].astype("float64")
        if pts.isna().any().any() or len(pts.drop_duplicates()) != 1:
            continue  # no point, or several different ones: no single place to put it
        row = nod.loc[ids[0]]
        anchor = _text(row.get("coord_code")) or _text(row.get("code"))
        if not anchor or anchor == code:
            continue  # the node is not placed at another unit's seat
        df.loc[code, ["lon", "lat"]] = pts.iloc[0].to_numpy()
        placed[str(code)] = anchor
    return placed


def _text(v: Any) -> str:
    return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v).strip()


def region_flows(
    region: Region,
    *,
    model: Literal["radiation", "gravity"] = "radiation",
    year: int = 2020,
    level: str = "county",
    mode: FlowMode = "road",
    deterrence: Literal["power", "exp"] = "power",
    beta: float | None = None,
    constraint: Literal["none", "production", "attraction", "doubly"] = "production",
    tie_rule: Literal["inclusive", "ordered"] = "inclusive",
    engine: str | None = None,
    client: Any = None,
) -> pd.DataFrame:
    """Potential flows between the units of a Region from their populations.

    Parameters
    ----------
    region
        The Region (e.g. ``metroscope.load("changchun")``).
    model
        ``radiation`` (parameter-free) or ``gravity``.
    year, level
        Census year of the population (default 2020) and unit level (default county).
    mode
        Gravity cost: travel minutes by ``rail``, ``road`` or the ``fastest`` of both from
        ``metroscope.network.unit_travel_times``, or ``distance`` (great-circle km); any other
        value is refused. Falls back to distance when the region's travel times are not
        available (recorded in ``attrs``).
    deterrence, beta, constraint
        Gravity options (see :func:`~metroscope.flows.gravity`); ``beta`` defaults to the
        ``friction_exponent`` setting (2.0) for power deterrence and must be given for exp.
    tie_rule
        Radiation tie rule (see :func:`~metroscope.flows.radiation`).
    engine, client
        Engine of the pairwise kernels (see :mod:`metroscope.engine`).

    Returns
    -------
    pandas.DataFrame
        Flow table indexed by ``(origin, destination)`` with ``flow`` (potential trips with
        ``T_i`` = population, i.e. every resident a potential commuter) and the model's columns.

    Raises
    ------
    FlowModelError
        When ``model`` is not ``radiation`` or ``gravity``, exponential deterrence has no
        ``beta``, or propagated from :func:`radiation`/:func:`gravity` (unknown options, zero
        costs under power deterrence, infeasible constraints).
    ParameterError
        (also a ``FlowModelError``) For a ``mode`` outside ``rail``, ``road``, ``fastest``,
        ``distance``, or a ``beta`` that is not finite and above 0 or under which every
        deterrence of an origin underflows to 0 (see :func:`~metroscope.flows.gravity`).
    MissingDataError
        Propagated from :func:`locations_from_region` when fewer than two units remain.
    DataValidationError
        Propagated from :func:`radiation` for bad location values.

    Travel times that cannot be computed are not an error: the great-circle distance is used
    and the provenance says so. On great-circle distance the units without a seat of their own
    are left out (placed at their anchor's seat they would be 0 km from it); the gravity model
    on travel times keeps them (see :func:`locations_from_region`), and so does the radiation
    model, which takes the units at one point as one place and splits its flows back to them
    in proportion to their population (``colocated="merge"`` of :func:`radiation`; no flow
    between the units of one place).

    Examples
    --------
    >>> flows = region_flows(region)  # 65 units; 2 places of 5 and 2 units: 65*64 - 22 pairs
    >>> flows.shape
    (4138, 2)
    >>> flows.loc[("220183", "220102")].round(4)
    flow           10664.1236
    probability        0.0168
    Name: (220183, 220102), dtype: float64
    """
    if model == "radiation":
        # units placed at an anchor's seat share its point: the model takes them as one place
        # with it and splits that place's flows back (radiation(colocated="merge"))
        loc = locations_from_region(region, year=year, level=level)
        notes = list(provenance(loc).get("notes") or [])
        out = radiation(loc, tie_rule=tie_rule, engine=engine, client=client)
        notes += list(provenance(out).get("notes") or [])  # the merged places
        return annotate(out, year=year, level=level, notes=notes or None)
    if model != "gravity":
        msg = Message("err_flow_unknown_model", got=shorten(model))
        raise FlowModelError(msg)
    # options first: a typo in mode must not fall back to distance (and cost a routing run)
    check_choice("mode", mode, FLOW_MODES)
    if beta is None:
        if deterrence == "exp":
            msg = Message("err_flow_exp_needs_beta")
            raise FlowModelError(msg)
        from ..settings import get_settings

        beta = get_settings().friction_exponent
    beta = check_beta(beta)
    loc = locations_from_region(region, year=year, level=level)
    notes = list(provenance(loc).get("notes") or [])
    cost, used = _travel_costs(region, mode, level)
    keep = [] if cost is None else [c for c in loc.index if c in cost.index]
    if cost is not None and len(keep) < 2:  # the units with times lack seats or a population
        cost, used = None, Message("flow_cost_no_network", mode=_mode(mode))
    if cost is None:  # a unit placed at its anchor's seat would be 0 km from it: left out
        loc = locations_from_region(region, year=year, level=level, anchors=False)
        notes = list(provenance(loc).get("notes") or [])
    if cost is not None:
        if len(keep) < len(loc):
            notes.append(Message("ind_no_travel_times",
                                 codes=[c for c in loc.index if c not in cost.index]))
        loc = loc.loc[keep]
        cost = cost.loc[keep, keep]
    out = gravity(loc, constraint=constraint, deterrence=deterrence, beta=beta, cost=cost,
                  engine=engine, client=client)
    return annotate(out, year=year, level=level, measure=used, notes=notes or None)


def _travel_costs(region: Region, mode: str, level: str) -> tuple[pd.DataFrame | None, Message]:
    if mode == "distance":
        return None, Message("flow_cost_distance")
    try:
        from ..network import unit_travel_times
    except ImportError:
        return None, Message("flow_cost_no_routing")
    try:
        from .._options import as_mode

        tt = unit_travel_times(region, mode=as_mode(mode), level=level)
    except (MetroscopeError, ValueError, KeyError) as exc:
        logger.warning("No %s travel times (%s); using great-circle distance", mode, exc)
        return None, Message("flow_cost_failed", mode=_mode(mode), error=error_message(exc))
    tt.index = tt.index.astype(str)
    tt.columns = tt.columns.astype(str)
    reach = np.isfinite(tt.to_numpy()).sum(axis=1) > 1
    tt = tt.loc[reach, reach]
    if len(tt) < 2:
        return None, Message("flow_cost_no_network", mode=_mode(mode))
    return tt, Message("flow_cost_travel_time", mode=_mode(mode))


def _mode(mode: str) -> Any:
    """A routing mode named in both languages (``rail``: 铁路), else as it is."""
    from ..messages import CATALOGUE

    return Message(f"mode_{mode}") if f"mode_{mode}" in CATALOGUE else mode


def core_share(flows: pd.DataFrame, region: Region, *, roles: tuple[str, ...] = (
        "member", "partial"), core_codes: list[str] | None = None) -> pd.DataFrame:
    """For each member unit, the share of its inbound and outbound flows that are with the core.

    .. math::

        \\text{inbound\\_from\\_core\\_share}_j = \\frac{\\sum_{i \\in C} T_{ij}}
        {\\sum_{i \\ne j} T_{ij}}, \\qquad
        \\text{outbound\\_to\\_core\\_share}_j = \\frac{\\sum_{k \\in C} T_{jk}}{\\sum_{k \\ne j} T_{jk}}

    with ``C`` the core units (role ``core`` among the flow table's locations). Denominators
    include every unit in the flow table (context units too), so the shares are not inflated.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``code`` (units with the given ``roles``, sorted by inbound share): ``name_en``,
        ``role``, ``inbound_total``, ``inbound_from_core``, ``inbound_from_core_share``,
        ``outbound_total``, ``outbound_to_core``, ``outbound_to_core_share``.

    Raises
    ------
    MissingDataError
        When no location of the flow table has role ``core`` and ``core_codes`` is not given.
    KeyError
        When ``flows`` lacks the ``origin``/``destination`` index levels or the ``flow`` column.

    Examples
    --------
    >>> flows = region_flows(region)  # radiation
    >>> share = core_share(flows, region)
    >>> share[["inbound_from_core_share", "outbound_to_core_share"]].round(3).head(3)
            inbound_from_core_share  outbound_to_core_share
    code
    220184                    0.313                   0.306
    220112                    0.268                   0.450
    220122                    0.195                   0.377
    """
    o = flows.index.get_level_values("origin").astype(str)
    d = flows.index.get_level_values("destination").astype(str)
    f = flows["flow"].to_numpy(dtype="float64")
    present = set(o) | set(d)
    units = region.units.loc[[c for c in region.units.index if str(c) in present]]
    core = set(core_codes) if core_codes is not None else {
        str(c) for c in units.index[units["role"] == "core"]}
    if not core:
        msg = Message("err_flow_no_core")
        raise MissingDataError(msg)
    off = np.asarray(o != d)
    from_core = np.asarray(o.isin(core)) & off
    to_core = np.asarray(d.isin(core)) & off
    t = pd.DataFrame({"o": o, "d": d, "f": np.where(off, f, 0.0),
                      "fc": np.where(from_core, f, 0.0), "tc": np.where(to_core, f, 0.0)})
    inbound = t.groupby("d")[["f", "fc"]].sum()
    outbound = t.groupby("o")[["f", "tc"]].sum()
    members = [str(c) for c in units.index[units["role"].isin(roles)]]
    out = pd.DataFrame(index=pd.Index(members, name="code"))
    out["name_en"] = units.loc[members, "name_en"].astype(object).to_numpy()
    out["role"] = units.loc[members, "role"].astype(object).to_numpy()
    out["inbound_total"] = inbound["f"].reindex(members, fill_value=0.0).to_numpy()
    out["inbound_from_core"] = inbound["fc"].reindex(members, fill_value=0.0).to_numpy()
    out["inbound_from_core_share"] = out["inbound_from_core"] / out["inbound_total"]
    out["outbound_total"] = outbound["f"].reindex(members, fill_value=0.0).to_numpy()
    out["outbound_to_core"] = outbound["tc"].reindex(members, fill_value=0.0).to_numpy()
    out["outbound_to_core_share"] = out["outbound_to_core"] / out["outbound_total"]
    out = out.sort_values("inbound_from_core_share", ascending=False)
    meta = provenance(flows)
    return annotate(out, indicator="core_share_of_flows", parameters={
        "flows": meta.get("indicator"), "core": sorted(core), **meta.get("parameters", {})},
        year=meta.get("year"), measure=meta.get("measure"))
