"""Travel-time matrices between units (seat to seat); between points and units see
:mod:`metroscope.network.points` (``point_travel_times``, also importable from here).

Units are located by their access rows (``region.access``): a unit is routed from and to the
network nodes its access rows name. A unit without access rows of its own (a prefecture, say)
is routed through its *seat unit*: the child with access rows whose seat is nearest its own
seat (recorded in the provenance). Unreachable pairs are ``inf``, never 0, and are listed with
their reason by :func:`~metroscope.network.unreachable_pairs`. Results are cached by a content hash of the network
and parameters (see :mod:`metroscope.network._cache`).

Which units a matrix covers and where each is routed from (:func:`matrix_units`,
:func:`routing_codes`, ...) are in :mod:`metroscope.network._matrix_units`; the notes a result
carries (:func:`dataset_notes`, :func:`later_links_note`, :func:`planned_links_note`) in
:mod:`metroscope.network._result_notes`; the minutes of the quickest trips, with the rail
view's rule that a train ride takes the traveller somewhere (:func:`trip_minutes`,
:func:`trip_paths`), in :mod:`metroscope.network._trips`. All are importable from here.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._errors import MissingDataError
from .._provenance import annotate
from ..messages import Message
from ..settings import Settings
from . import _cache
from ._matrix_units import matrix_level, matrix_units, routing_code, routing_codes
from ._result_notes import (
    _notes_of,
    _notes_table,
    dataset_notes,
    later_links_note,
    planned_links_note,
)
from ._trips import rule_applies, trip_minutes, trip_paths
from .graph import RoutableGraph, build_graphs
from .options import TravelOptions

__all__ = ["FASTEST_LABELS", "dataset_notes", "fastest_modes", "later_links_note",
           "matrix_level", "matrix_units", "planned_links_note", "routing_code",
           "routing_codes", "rule_applies", "trip_minutes", "trip_paths", "unit_travel_times"]

if TYPE_CHECKING:
    from .._options import NetworkMode
    from ..region import Region

logger = logging.getLogger(__name__)

FASTEST_LABELS = ("same", "rail", "road", "road+rail", "none")


def _od(graph: RoutableGraph, origins: Sequence[str | None],
        destinations: Sequence[str | None]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Minutes between routing codes (inf where either end is not served; in the rail view,
    of trips whose train ride takes the traveller somewhere: :mod:`._trips`), and the pairs
    that only a ride out and back would serve (inf in the minutes)."""
    out = np.full((len(origins), len(destinations)), np.inf)
    token = np.zeros(out.shape, dtype=bool)
    rows = [i for i, o in enumerate(origins) if o is not None and o in graph.unit_in]
    cols = [j for j, d in enumerate(destinations) if d is not None and d in graph.unit_out]
    if rows and cols:
        trips = trip_minutes(graph, [graph.unit_in[str(origins[i])] for i in rows],
                             [graph.unit_out[str(destinations[j])] for j in cols])
        out[np.ix_(rows, cols)] = trips.minutes
        token[np.ix_(rows, cols)] = trips.token_only
    o_arr = np.array([o if o is not None else "\0none-o" for o in origins], dtype=object)
    d_arr = np.array([d if d is not None else "\0none-d" for d in destinations], dtype=object)
    same = o_arr[:, None] == d_arr[None, :]
    out[same] = 0.0
    token[same] = False
    return out, token


def _square(values: np.ndarray[Any, Any], codes: list[str],
            rows: list[str] | None = None) -> pd.DataFrame:
    return pd.DataFrame(values, index=pd.Index(codes if rows is None else rows, name="origin",
                                                dtype="string"),
                        columns=pd.Index(codes, name="destination", dtype="string"))


def _compute(region: Region, codes: list[str], mode: str, status: tuple[str, ...],
             year: int | None, settings: Settings,
             rows: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """The tables of the matrix ``codes x codes``, or with ``rows`` (some of ``codes``) of
    ``rows x codes`` routed from those rows only (the same shortest paths, not the square)."""
    route = routing_codes(region, codes)
    route_rows = route if rows is None else routing_codes(region, rows)
    own = (np.eye(len(codes), dtype=bool) if rows is None else
           np.asarray(rows, dtype=object)[:, None] == np.asarray(codes, dtype=object)[None, :])
    tables: dict[str, pd.DataFrame] = {}
    modes = ("rail", "road", "fastest") if mode == "fastest" else (mode,)
    mats: dict[str, np.ndarray[Any, Any]] = {}
    served: dict[str, list[str]] = {}
    graph_notes: set[str] = set()
    graphs = build_graphs(region, modes, status=status, year=year, settings=settings)
    token = np.zeros(own.shape, dtype=bool)
    for m in modes:
        g = graphs[m]
        mats[m], only = _od(g, route_rows, route)
        if m == mode:
            token = only & ~own
        served[m] = g.served_units()
        graph_notes.update(g.notes)
    for mat in mats.values():
        mat[own] = 0.0  # a unit is 0 minutes from itself
    tables["minutes"] = _square(mats[mode], codes, rows)
    if mode == "fastest":
        best = mats["fastest"]
        tol = 1e-9
        label = np.full(best.shape, "road+rail", dtype=object)
        label[mats["rail"] <= best + tol] = "rail"
        label[mats["road"] <= best + tol] = "road"
        label[~np.isfinite(best)] = "none"
        label[own] = "same"
        tables["mode_used"] = _square(label, codes, rows).astype("string")
    tables["graph_notes"] = _notes_table(graph_notes)
    # the rail view's pairs that only a train ride going nowhere would serve (inf, said why)
    at = np.argwhere(token)
    tables["token_only"] = pd.DataFrame(
        {"origin": [(rows or codes)[i] for i in at[:, 0]],
         "destination": [codes[j] for j in at[:, 1]]}, dtype="string")
    tables["routing"] = pd.DataFrame({"code": codes, "routing_code": route,
                                      "served": [r is not None and r in served[mode]
                                                 for r in route]}).astype(
        {"code": "string", "routing_code": "string"})
    return tables


def _tables(region: Region, opts: TravelOptions, origins: Sequence[str] | None = None
            ) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    settings = opts.routing_settings()
    sel = opts.selection()
    codes = matrix_units(region, opts.level)
    if not codes:
        msg = Message("err_no_matrix_units", region=region.name,
                      level=matrix_level(region, opts.level))
        raise MissingDataError(msg)
    rows = None
    if origins is not None:  # only these rows, when fewer than all (unknown codes left out)
        known = set(codes)
        rows = [str(o) for o in dict.fromkeys(origins) if str(o) in known]
        rows = None if len(rows) == len(codes) else rows
    extra = {} if rows is None else {"rows": rows}
    key = _cache.network_key(region, settings, mode=sel.mode, status=list(sel.statuses),
                             year=sel.year, codes=codes, **extra)
    tables = _cache.cached(key, settings, lambda: _compute(region, codes, sel.mode,
                                                           sel.statuses, sel.year, settings,
                                                           rows))
    graph_notes = tables.get("graph_notes")
    meta = {"selection": sel, "key": key, "settings": settings,
            "graph_notes": [] if graph_notes is None else _notes_of(graph_notes)}
    return tables, meta


def _provenance(df: pd.DataFrame, region: Region, meta: dict[str, Any], indicator: str,
                routing: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    sel = meta["selection"]
    settings: Settings = meta["settings"]
    notes = [*meta.get("graph_notes", []), *notes]  # e.g. lines without a headway (no wait)
    notes += dataset_notes(region)
    notes += later_links_note(region, sel)
    notes += planned_links_note(region, sel)
    through = routing[routing["routing_code"].notna()
                      & (routing["routing_code"] != routing["code"])]
    if not through.empty:
        notes = [*notes, Message("net_routed_through_seat", pairs=[
            f"{c}->{r}" for c, r in zip(through["code"], through["routing_code"], strict=True)])]
    return annotate(
        df, indicator=indicator,
        measure=Message("src_door_to_door", mode=Message(f"mode_{sel.mode}")),
        year=sel.year, network_year=sel.year, mode=sel.mode, statuses=list(sel.statuses),
        matrix_id=meta["key"][:16],
        parameters={k: getattr(settings, k) for k in _cache.ROUTING_SETTINGS},
        sources=[f"region '{region.name}': nodes, links and access tables"],
        notes=notes or None,
    )


def unit_travel_times(
    region: Region,
    *,
    mode: NetworkMode = "fastest",
    status: Iterable[str] | str | None = None,
    year: int | None = None,
    settings: Settings | None = None,
    level: str | None = None,
    origins: Sequence[str] | None = None,
    options: TravelOptions | None = None,
) -> pd.DataFrame:
    """Door-to-door travel times between units, seat to seat, in minutes.

    Parameters
    ----------
    region
        The Region.
    mode
        ``rail`` (with access, egress, waits, dwell and transfers), ``road`` or ``fastest``
        (both, changes allowed; :func:`fastest_modes` says which was used per pair).
    status
        Link statuses that count (default ``operating``; all statuses when ``year`` is given).
    year
        Network year: links whose ``open_year`` is after it do not count.
    settings
        Routing parameters (waits, transfer penalty, operating-speed factor, dwell).
    level
        Unit level (default ``county``, see :func:`matrix_units`).
    origins
        Only these rows (matrix units; other codes and repeats are left out), routed from
        them alone: the same minutes as their rows of the square matrix, without building it
        (2 origins of the national dataset: 2 x 2,908 pairs instead of 2,908 x 2,908).
    options
        Mode, network year, statuses, settings and level as one
        :class:`~metroscope.network.TravelOptions` (instead of those keywords; not both).

    Returns
    -------
    pandas.DataFrame
        Square (or ``origins`` x all units), index ``origin`` and columns ``destination``
        (unit codes), minutes; ``inf`` where unreachable, 0 from a unit to itself.
        ``attrs['metroscope']`` holds the provenance (selection, parameters, matrix id,
        unreachable summary of the pairs returned).

    Raises
    ------
    ParameterError
        For an unknown ``mode``, ``status`` or ``level``, a network ``year`` outside the
        supported range, or ``options`` given with a keyword it replaces.
    NetworkError
        When the selected network has links to unknown nodes or non-positive times.

    Examples
    --------
    >>> t = unit_travel_times(region, mode="road")
    >>> t.shape
    (65, 65)
    >>> t.loc[["220102", "220183"], ["220202", "220402"]].round(1)
    destination  220202  220402
    origin
    220102        104.5   100.7
    220183         92.6   129.5
    >>> rows = unit_travel_times(region, mode="road", origins=["220183", "220102"])
    >>> rows.shape, bool((rows == t.loc[["220183", "220102"]]).all().all())
    ((2, 65), True)
    """
    opts = TravelOptions.of(options, mode=mode, status=status, year=year, settings=settings,
                            level=level)
    tables, meta = _tables(region, opts, origins)
    minutes = tables["minutes"]
    routing = tables["routing"]
    notes: list[str] = []
    unserved = routing.loc[~routing["served"], "code"].tolist()
    if unserved:
        notes.append(Message("net_unserved", n=len(unserved),
                             network=meta["selection"].describe(), codes=unserved))
    n_inf = int((~np.isfinite(minutes.to_numpy())).sum())
    if n_inf:
        notes.append(Message("net_unreachable", n=n_inf))
    token = tables.get("token_only")
    if token is not None and len(token):
        notes.append(Message("net_rail_token_only", n=len(token)))
    return _provenance(minutes, region, meta, "travel_time_min", routing, notes)


def fastest_modes(
    region: Region,
    *,
    status: Iterable[str] | str | None = None,
    year: int | None = None,
    settings: Settings | None = None,
    level: str | None = None,
    origins: Sequence[str] | None = None,
    options: TravelOptions | None = None,
) -> pd.DataFrame:
    """Companion of ``unit_travel_times(mode='fastest')``: the mode of each pair's fastest trip
    (``origins``: only these rows, ``options``: a :class:`~metroscope.network.TravelOptions`
    whose mode is replaced by ``fastest``, as there).

    Labels: ``rail`` (rail alone is as fast), ``road`` (road alone is as fast; ties go to road),
    ``road+rail`` (only a combined trip is that fast), ``none`` (unreachable), ``same``
    (diagonal).

    Raises
    ------
    ParameterError
        From :func:`~metroscope.network.selection.selection` for an unknown ``mode`` or ``status``,
        or a network ``year`` outside the supported range.
    MissingDataError
        When the region has no units of ``level`` with a seat or access rows.
    NetworkError
        When the selected network has links to unknown nodes, non-positive or missing times,
        or bad access rows (every problem listed).

    Examples
    --------
    >>> fastest_modes(region).loc["220183", ["220102", "220202"]]
    destination
    220102    road
    220202    road
    Name: 220183, dtype: string
    """
    opts = TravelOptions.of(options, status=status, year=year, settings=settings, level=level)
    tables, meta = _tables(region, opts.with_mode("fastest"), origins)
    return _provenance(tables["mode_used"], region, meta, "fastest_mode", tables["routing"], [])


def __getattr__(name: str) -> Any:
    """``point_travel_times`` moved to :mod:`.points`, ``travel_times_from`` and
    ``unreachable_pairs`` to :mod:`._subsets`; the old import paths keep working."""
    if name == "point_travel_times":
        from .points import point_travel_times

        return point_travel_times
    if name in ("travel_times_from", "unreachable_pairs"):
        from . import _subsets

        return getattr(_subsets, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
