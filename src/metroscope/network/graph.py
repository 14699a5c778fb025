"""Routable graphs built from a Region's network (nodes, links, access).

A trip is modelled door to door, from a unit's seat to another unit's seat. The graph is
directed and every edge weight is in minutes:

==================================  =====================================================
edge                                minutes
==================================  =====================================================
``unit-in:c -> in:X``               access row (unit ``c`` to station ``X``)
``in:X -> dep:X|L|to:Y``            wait = ``wait_fraction_of_headway`` x headway of ``L``
``dep:X|L|to:Y -> arr:Y|L|from:X``  in-vehicle time of the link X-Y of layer ``L``
``arr:Y|L|from:X -> dep:Y|L|to:Z``  dwell ``rail_dwell_min`` (staying on the train at
                                    ``Y``), for every ``Z`` next to ``Y`` on ``L`` except
                                    ``X``: no U-turn on board (below)
``arr:Y|L|from:X -> out:Y``         0 (alighting)
``out:Y -> dep:Y|M|to:Z``           transfer: ``transfer_penalty_min`` + wait of ``M``
``out:Y -> unit-out:d``             access row of ``d`` (egress)
``unit-out:c -> unit-in:c``         ``transfer_penalty_min`` (a change of station or mode
                                    through the seat of ``c``)
``unit-in:c -> n:R``                access row to a road node ``R`` (``seat:<code>``, 0 min)
``n:R -> n:S``                      road, expressway or urban link time
``n:S -> unit-out:d``               access row of ``d`` to road node ``S``
``n:X -> in:X``, ``out:X -> n:X``   ``transfer_penalty_min`` (a change between road and rail
                                    at a station that is also a road node; same both ways)
==================================  =====================================================

**No U-turn on board.** The rail nodes are per direction of travel: a departure node per
station, layer and next station, an arrival node per station, layer and previous station.
Staying on the train at ``Y`` leads on to every neighbour of ``Y`` on the layer but the one the
train came from, so a trip never rides a line back over the link it came by without
alighting; going back costs the alighting, a transfer (``transfer_penalty_min`` + the wait)
and boarding again, as it would for a passenger. A ring or a terminal loop is ridden round (a
train that runs on); every rail line of the embedded data is a simple path, and a junction of
one line (a station with three or more neighbours on it; none in the data) is passed in any
direction but back. Before this rule, the rail view let a trip that has to ride a train ride
out and back on one (前郭 -> 乾安 rode 松原 -> 查干湖 -> 松原: 154.5 min instead of 161.9).

Road layers: ``road`` and ``fastest`` have one (``n:``). ``rail`` has three copies of the road
network so that the road serves only to reach and leave stations and within a city: ``a:``
(access: every road link, entered from the unit, left only into a station), ``e:`` (egress:
from a station to the unit) and ``u:`` (the intra-city leg: ``urban`` links only, unit to
unit). A rail trip between two cities therefore always rides a train (one that takes it
somewhere: the router's rule, :mod:`._trips`); units of one city reach each other by the
intra-city leg in every mode.

``L`` is a riding layer (:func:`metroscope.network._times.riding_layers`): the line itself
when its links have one headway; for a line with several, one layer per headway ``h``
(``"<line> ~h=<h>"``) holding the line's links with a headway <= ``h``, so that a ride waits
``wait_fraction_of_headway`` x the largest headway among the links it rides, whichever end it
boards at (nested service patterns; the common-lines wait of Spiess & Florian 1989). Nothing
is one-way: the minutes from c to d are those from d to c.

A rail line without a headway gets an assumed one (:mod:`metroscope.network._times`), recorded
in ``RoutableGraph.notes`` and repeated in every travel-time result's provenance notes, as are
the lines whose published headway is the count at their opening
(:func:`metroscope.network._times.opening_headway_note`).

In-vehicle minutes of a link: see :func:`metroscope.network._times.link_minutes` (timetable
minutes; average operating speed; design speed x the calibrated operating-speed factor of the
mode for rail and expressway links; road and urban links without a speed run at the
settings' ``road_speed_kph`` / ``urban_speed_kph``).

Which links count (modes, statuses, the network year) is
:mod:`metroscope.network.selection`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .. import _schema as S
from .._errors import NetworkError, ParameterError, shorten
from ..messages import LANGS, Message, text
from ..settings import Settings, get_settings
from ._times import (
    RidingLayer,
    headway_pool,
    line_keys,
    line_names,
    link_minutes,
    opening_headway_note,
    operating_speed_factors,
    riding_layers,
)
from .selection import MODE_LINKS, MODES, NetworkSelection, select_links, selection

__all__ = ["MODES", "MODE_LINKS", "NetworkSelection", "RoutableGraph", "build_graph",
           "build_graphs", "link_minutes", "operating_speed_factors", "select_links", "selection",
           "shortest_minutes"]

if TYPE_CHECKING:
    from ..region import Region
    from .options import TravelOptions

logger = logging.getLogger(__name__)

#: the link columns the router reads (the others, notes and sources, are not copied)
ROUTING_COLUMNS: tuple[str, ...] = ("link_id", "from_node", "to_node", "mode", "line",
                                    "length_km", "speed_kph", "minutes", "operating_speed_kph",
                                    "status", "open_year", "headway_min")


@dataclass
class _Builder:
    labels: list[str] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)
    src: list[int] = field(default_factory=list)
    dst: list[int] = field(default_factory=list)
    w: list[float] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)

    def node(self, label: str) -> int:
        i = self.index.get(label)
        if i is None:
            i = len(self.labels)
            self.index[label] = i
            self.labels.append(label)
        return i

    def edge(self, a: str, b: str, minutes: float, kind: str) -> None:
        self.src.append(self.node(a))
        self.dst.append(self.node(b))
        self.w.append(float(minutes))
        self.kind.append(kind)


@dataclass(frozen=True)
class RoutableGraph:
    """A directed graph in minutes, ready for SciPy's compiled Dijkstra.

    ``csr[i, j]`` is the minutes of the edge i -> j (explicit zeros are edges). Unit ``c`` is
    entered at ``unit_in[c]`` and left at ``unit_out[c]``.
    """

    csr: sp.csr_array
    labels: tuple[str, ...]
    unit_in: dict[str, int]
    unit_out: dict[str, int]
    selection: NetworkSelection
    links: pd.DataFrame  # the selected links with their in-vehicle ``minutes_used``
    notes: tuple[str, ...]
    edges: pd.DataFrame  # src, dst, minutes, kind (for inspection and tests)

    @property
    def n_nodes(self) -> int:
        """Number of graph nodes."""
        return len(self.labels)

    def served_units(self) -> list[str]:
        """Units with at least one access edge into the selected network.

        Raises
        ------
        Nothing.

        Examples
        --------
        >>> g = build_graph(region, mode="rail")
        >>> len(g.served_units()), g.served_units()[:3]
        (68, ['210100', '210200', '220102'])
        """
        return sorted(self.unit_in)


def _problem_lines(region: Region, links: pd.DataFrame, minutes: pd.Series) -> list[str]:
    problems: list[str] = []
    known = set(region.nodes["node_id"].dropna().astype(str))
    for end in ("from_node", "to_node"):
        bad = links[~links[end].astype(str).isin(known)]
        for lid, node in zip(bad["link_id"], bad[end], strict=True):
            problems.append(Message("err_graph_unknown_end", link=repr(lid), end=end,
                                    node=repr(node)))
    bad_t = links[~(np.isfinite(minutes.to_numpy()) & (minutes.to_numpy() > 0))]
    for lid in bad_t["link_id"]:
        t = float(minutes.loc[links.index[links["link_id"] == lid][0]])  # "-2.5", not np.float64
        what = Message("err_graph_zero_minutes" if t == 0 else "err_graph_negative_minutes"
                       if t < 0 else "err_graph_no_time")
        problems.append(Message("err_graph_bad_time", link=repr(lid), what=what, got=repr(t)))
    for col in ("headway_min",):
        if col in links.columns:
            h = pd.to_numeric(links[col], errors="coerce")
            for lid in links.loc[(h <= 0).fillna(False).astype(bool), "link_id"]:
                problems.append(Message("err_graph_headway", link=repr(lid), column=col))
    loops = links[links["from_node"].astype(str) == links["to_node"].astype(str)]
    for lid in loops["link_id"]:
        problems.append(Message("err_graph_self_loop", link=repr(lid)))
    return problems


def _access_problems(access: pd.DataFrame, region: Region) -> list[str]:
    problems: list[str] = []
    known = set(region.nodes["node_id"].dropna().astype(str))
    m = pd.to_numeric(access["minutes"], errors="coerce")
    for code, node, t in zip(access["code"], access["node_id"], m, strict=True):
        if str(node) not in known:
            problems.append(Message("err_graph_access_node", code=str(code), node=str(node),
                                    shown=repr(node)))
        if not np.isfinite(t) or t < 0:
            problems.append(Message("err_graph_access_minutes", code=str(code), node=str(node),
                                    got=repr(t)))
    unknown = sorted(set(access["code"].dropna().astype(str)) - set(region.units.index))
    problems += [Message("err_graph_access_unit", code=repr(c)) for c in unknown]
    return problems


def build_graph(
    region: Region,
    *,
    mode: str | None = None,
    status: Iterable[str] | str | None = None,
    year: int | None = None,
    settings: Settings | None = None,
    options: TravelOptions | None = None,
) -> RoutableGraph:
    """Build the directed door-to-door graph of ``region`` for a mode set.

    Parameters
    ----------
    region
        The Region whose ``nodes``, ``links`` and ``access`` are routed on.
    mode
        ``rail`` (hsr, intercity, rail links; door to door with road access and egress and
        the intra-city leg), ``road`` (expressway, road and urban links) or ``fastest`` (all,
        with changes between them).
    status
        Link statuses that count (default operating; every status when ``year`` is given).
    year
        Network year: only links whose ``open_year`` <= ``year`` count.
    settings
        Waits, transfer penalty, operating-speed factor and dwell (default
        :func:`metroscope.settings.get_settings`).
    options
        All of the above as one :class:`~metroscope.network.TravelOptions` (its ``level`` is
        not used here), instead of the keywords. Without it, ``mode`` defaults to ``rail``.

    Raises
    ------
    NetworkError
        Listing every link to an unknown node, every zero, negative or missing time, and every
        bad access row of the selected network.
    ParameterError
        From :func:`selection` for an unknown mode or status, or a year outside the range;
        ``options`` given beside a keyword that differs from its default.

    Examples
    --------
    >>> g = build_graph(region, mode="rail")
    >>> g.csr.shape, g.selection.describe()
    ((811, 811), 'rail network (operating)')
    >>> from metroscope.network import TravelOptions
    >>> build_graph(region, options=TravelOptions(mode="rail", network_year=2030)).selection.year
    2030
    """
    opts = _travel_options(options, mode=mode, status=status, year=year, settings=settings)
    return build_graphs(region, (opts.mode,), options=opts)[opts.mode]


def _travel_options(options: TravelOptions | None, *, mode: str | None,
                    status: Iterable[str] | str | None, year: int | None,
                    settings: Settings | None) -> TravelOptions:
    """The graph layer's options: ``options``, or the keywords (mode ``rail`` by default);
    the check of keywords beside ``options`` is :meth:`TravelOptions.of`'s."""
    from .options import TravelOptions  # options builds on this module's selection

    chosen = mode or ("fastest" if options is not None else "rail")
    return TravelOptions.of(options, mode=chosen, status=status,  # type: ignore[arg-type]
                            year=year, settings=settings)


def build_graphs(region: Region, modes: Sequence[str], *,
                 status: Iterable[str] | str | None = None, year: int | None = None,
                 settings: Settings | None = None,
                 options: TravelOptions | None = None) -> dict[str, RoutableGraph]:
    """:func:`build_graph` for several modes, selecting, timing and checking the links once
    (for the union of the modes' links). ``options`` gives the statuses, network year and
    settings at once (its mode is not used: ``modes`` are).

    Raises
    ------
    ParameterError
        From :func:`selection` for an unknown mode or status, or a year outside the range;
        ``options`` given beside a keyword that differs from its default; ``modes`` empty
        or a string (a mode listed twice is built once).
    NetworkError
        Listing every link to an unknown node, every zero, negative or missing time, and every
        bad access row of the selected network.

    Examples
    --------
    >>> graphs = build_graphs(region, ["rail", "road"])
    >>> sorted(graphs), graphs["road"].csr.shape
    (['rail', 'road'], (246, 246))
    """
    if options is not None:
        opts = _travel_options(options, mode=None, status=status, year=year,
                               settings=settings)
        status, year, settings = opts.status, opts.network_year, opts.settings
    if isinstance(modes, str) or not modes:
        msg = Message("err_graph_modes", got=shorten(modes))
        raise ParameterError(msg)
    modes = list(dict.fromkeys(modes))
    for m in modes:
        selection(m, status, year)  # an unknown mode is a ParameterError, as in build_graph
    settings = settings or get_settings()
    union = "fastest" if len(modes) > 1 else modes[0]
    sel = selection(union, status, year)
    cols = [c for c in ROUTING_COLUMNS if c in region.links.columns]
    links = select_links(region.links[cols], sel)  # only what routing reads: faster copies
    minutes = link_minutes(links, settings)
    used_nodes = set(links["from_node"].astype(str)) | set(links["to_node"].astype(str))
    access = region.access[region.access["node_id"].astype(str).isin(used_nodes)]
    problems = _problem_lines(region, links, minutes) + _access_problems(access, region)
    if problems:
        listed = {lang: "\n  - ".join(text(p, lang) for p in problems) for lang in LANGS}
        msg = Message("err_graph_problems", n=len(problems), network=sel.describe_message(),
                      region=region.name, problems=listed)
        raise NetworkError(msg)
    links = links.assign(minutes_used=minutes)
    is_rail = links["mode"].isin(S.RAIL_MODES).to_numpy()
    # the same for every mode with rail links (they all have the union's): computed once
    opening = opening_headway_note(region.links, links[is_rail]) if is_rail.any() else []
    pool = headway_pool(region) if is_rail.any() else {}
    out = {}
    for m in modes:
        sub = links[links["mode"].isin(MODE_LINKS[m]).to_numpy()] if m != union else links
        if m != union:
            nodes = set(sub["from_node"].astype(str)) | set(sub["to_node"].astype(str))
            acc = access[access["node_id"].astype(str).isin(nodes)]
        else:
            acc = access
        out[m] = _assemble(region, NetworkSelection(m, sel.statuses, sel.year), sub, acc,
                           settings, pool, opening)
    return out


def _assemble(region: Region, sel: NetworkSelection, links: pd.DataFrame,
              access: pd.DataFrame, settings: Settings, pool: dict[str, tuple[str, float]],
              opening: list[str]) -> RoutableGraph:
    """The graph of checked links (with ``minutes_used``) and access rows (module doc);
    ``pool`` is the region's :func:`headway_pool` and ``opening`` the note of headways counted
    at the lines' opening (both the same for every mode, so taken once)."""
    b = _Builder()
    notes: list[str] = []
    is_rail = links["mode"].isin(S.RAIL_MODES)
    rail = links[is_rail.to_numpy()].copy()
    road = links[~is_rail.to_numpy()]
    rail_stations = _rail_layer(b, rail, settings, notes, pool,
                                line_names(region.links) if not rail.empty else {})
    if not rail.empty:
        notes += opening
    road_nodes = set(road["from_node"].astype(str)) | set(road["to_node"].astype(str))
    urban = road[(road["mode"] == "urban").to_numpy()]
    # road layers: one in road and fastest; in rail, an access copy, an egress copy and the
    # intra-city copy, so that a rail trip uses the road only to reach and leave stations
    layers = ("a", "e", "u") if sel.mode == "rail" else ("n",)
    for layer in layers:
        for r in (urban if layer == "u" else road).itertuples(index=False):
            a, z, t = str(r.from_node), str(r.to_node), float(r.minutes_used)
            b.edge(f"{layer}:{a}", f"{layer}:{z}", t, "road")
            b.edge(f"{layer}:{z}", f"{layer}:{a}", t, "road")
    enter_layer, leave_layer = ("a", "e") if sel.mode == "rail" else ("n", "n")
    for x in sorted(rail_stations & road_nodes):  # a station on the road network
        # a change between road and rail costs the transfer penalty in both directions
        b.edge(f"{enter_layer}:{x}", f"in:{x}", settings.transfer_penalty_min, "change")
        b.edge(f"out:{x}", f"{leave_layer}:{x}", settings.transfer_penalty_min, "change")
    urban_nodes = set(urban["from_node"].astype(str)) | set(urban["to_node"].astype(str))
    unit_in: dict[str, int] = {}
    unit_out: dict[str, int] = {}
    for code, node, t in zip(access["code"].astype(str), access["node_id"].astype(str),
                             pd.to_numeric(access["minutes"]), strict=True):
        targets = [("in", "out")] if node in rail_stations else []
        if node in road_nodes:
            targets.append((enter_layer, leave_layer))
        if sel.mode == "rail" and node in urban_nodes:
            targets.append(("u", "u"))
        for enter, leave in targets:
            b.edge(f"unit-in:{code}", f"{enter}:{node}", float(t), "access")
            b.edge(f"{leave}:{node}", f"unit-out:{code}", float(t), "egress")
        if targets:
            unit_in[code] = b.index[f"unit-in:{code}"]
            unit_out[code] = b.index[f"unit-out:{code}"]
    for code in unit_in:
        b.edge(f"unit-out:{code}", f"unit-in:{code}", settings.transfer_penalty_min, "through")
    edges = pd.DataFrame({"src": b.src, "dst": b.dst, "minutes": b.w, "kind": b.kind})
    # parallel edges: keep the quickest (a sparse matrix would add them up)
    edges = edges.sort_values("minutes", kind="stable").drop_duplicates(["src", "dst"])
    n = len(b.labels)
    csr = sp.csr_array((edges["minutes"].to_numpy(np.float64),
                        (edges["src"].to_numpy(np.int64), edges["dst"].to_numpy(np.int64))),
                       shape=(n, n))
    logger.info("Built the %s of region %r: %d links, %d graph nodes, %d edges, %d units served",
                sel.describe(), region.name, len(links), n, csr.nnz, len(unit_in))
    return RoutableGraph(csr=csr, labels=tuple(b.labels), unit_in=unit_in, unit_out=unit_out,
                         selection=sel, links=links, notes=tuple(notes),
                         edges=edges.reset_index(drop=True))


def _rail_layer(b: _Builder, rail: pd.DataFrame, settings: Settings, notes: list[str],
                pool: dict[str, tuple[str, float]], names: dict[str, str]) -> set[str]:
    """Ride, board, dwell, alight and transfer edges of the rail links, one set per riding
    layer (:func:`~metroscope.network._times.riding_layers`; ``names``: the lines' English
    names for its notes) and per direction of travel
    (module doc: a train is not ridden back over the link it came by); returns the stations."""
    if rail.empty:
        return set()
    rail["line_key"] = line_keys(rail)
    rail["headway_min"] = pd.to_numeric(rail.get("headway_min"), errors="coerce")
    layers, wait_notes = riding_layers(rail, settings, pool, names)
    notes += wait_notes
    in_layers: list[list[RidingLayer]] = [[] for _ in range(len(rail))]
    for layer in layers:
        for i in layer.rows:
            in_layers[i].append(layer)
    waits: dict[tuple[str, str], float] = {}
    # the stations next to each station on each layer, in the order of the links
    near: dict[tuple[str, str], dict[str, None]] = {}
    for r, mine in zip(rail.itertuples(index=False), in_layers, strict=True):
        a, z, t = str(r.from_node), str(r.to_node), float(r.minutes_used)
        for layer in mine:
            lk = layer.key
            b.edge(f"dep:{a}|{lk}|to:{z}", f"arr:{z}|{lk}|from:{a}", t, "ride")
            b.edge(f"dep:{z}|{lk}|to:{a}", f"arr:{a}|{lk}|from:{z}", t, "ride")
            waits[(a, lk)] = waits[(z, lk)] = layer.wait
            near.setdefault((a, lk), {})[z] = None
            near.setdefault((z, lk), {})[a] = None
    for (x, lk), wait in sorted(waits.items()):
        ends = list(near[(x, lk)])
        for n in ends:
            b.edge(f"in:{x}", f"dep:{x}|{lk}|to:{n}", wait, "board")
        for p in ends:
            for n in ends:
                if n != p:  # staying on: on, never back to the station it came from
                    b.edge(f"arr:{x}|{lk}|from:{p}", f"dep:{x}|{lk}|to:{n}",
                           settings.rail_dwell_min, "dwell")
            b.edge(f"arr:{x}|{lk}|from:{p}", f"out:{x}", 0.0, "alight")
        for n in ends:
            b.edge(f"out:{x}", f"dep:{x}|{lk}|to:{n}", settings.transfer_penalty_min + wait,
                   "transfer")
    return {x for x, _ in waits}


def shortest_minutes(graph: RoutableGraph, sources: Sequence[int]) -> np.ndarray[Any, Any]:
    """Minutes from each graph node in ``sources`` to every graph node (SciPy Dijkstra).

    Returns an array ``len(sources)`` x ``graph.n_nodes`` (``inf`` where unreachable).

    Raises
    ------
    NetworkError
        When a source is not an integer node index in ``0 .. graph.n_nodes - 1`` (a negative
        index is not taken to count from the end; every bad source is named).

    Examples
    --------
    >>> g = build_graph(region, mode="rail")
    >>> shortest_minutes(g, [0]).shape
    (1, 811)
    """
    from scipy.sparse.csgraph import dijkstra

    bad = [s for s in sources if isinstance(s, bool) or not isinstance(s, (int, np.integer))
           or not 0 <= int(s) < graph.n_nodes]
    if bad:
        msg = Message("err_graph_sources", got=shorten(bad), last=graph.n_nodes - 1)
        raise NetworkError(msg)
    if len(sources) == 0 or graph.n_nodes == 0:
        return np.full((len(sources), graph.n_nodes), np.inf)
    out = dijkstra(graph.csr, directed=True, indices=np.asarray(sources, dtype=np.int64))
    return np.atleast_2d(np.asarray(out, dtype=np.float64))
