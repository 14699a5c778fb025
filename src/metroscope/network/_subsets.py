"""Travel times over parts of the unit matrix: from or to chosen units of any level
(:func:`travel_times_from`, routed from those units only) and the pairs with no path, with
their reason (:func:`unreachable_pairs`). Both use the routing core of
:mod:`metroscope.network.traveltime` (same graphs, cache keys and provenance)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from .._errors import ParameterError, shorten
from .._provenance import annotate
from ..messages import Message
from ..settings import Settings
from . import _cache
from ._matrix_units import matrix_units, routing_codes
from ._result_notes import (
    _notes_of,
    _notes_table,
    dataset_notes,
    later_links_note,
    planned_links_note,
)
from .graph import build_graph
from .options import TravelOptions
from .traveltime import _od, _tables

if TYPE_CHECKING:
    from .._options import NetworkMode
    from ..region import Region


def unreachable_pairs(
    region: Region,
    *,
    mode: NetworkMode = "fastest",
    status: Iterable[str] | str | None = None,
    year: int | None = None,
    settings: Settings | None = None,
    level: str | None = None,
    options: TravelOptions | None = None,
) -> pd.DataFrame:
    """Every ordered pair of units with no path, and why (``options``: a
    :class:`~metroscope.network.TravelOptions` instead of the keywords it holds).

    Returns
    -------
    pandas.DataFrame
        Columns ``origin``, ``destination``, ``origin_name``, ``destination_name``, ``reason``.

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
    >>> unreachable_pairs(region).shape
    (0, 5)
    """
    opts = TravelOptions.of(options, mode=mode, status=status, year=year, settings=settings,
                            level=level)
    tables, meta = _tables(region, opts)
    m = tables["minutes"]
    routing = tables["routing"].set_index("code")
    desc = meta["selection"].describe_message()
    names = region.units["name_zh"].astype("string")
    token = tables.get("token_only")
    token_pairs = (set() if token is None else
                   set(zip(token["origin"].astype(str), token["destination"].astype(str),
                           strict=True)))
    rows = []
    bad = np.argwhere(~np.isfinite(m.to_numpy()))
    for i, j in bad:
        o, d = str(m.index[i]), str(m.columns[j])
        reasons = [Message(f"net_reason_{end}_no_access", code=c, network=desc)
                   for end, c in (("origin", o), ("destination", d))
                   if not bool(routing.loc[c, "served"])]
        reason: Message = (Message("net_reason_both", first=reasons[0], second=reasons[1])
                           if len(reasons) == 2 else reasons[0] if reasons
                           else Message("net_reason_token_ride") if (o, d) in token_pairs
                           else Message("net_reason_no_path", network=desc))
        rows.append((o, d, names.get(o), names.get(d), reason))
    out = pd.DataFrame(rows, columns=["origin", "destination", "origin_name",
                                      "destination_name", "reason"])
    # object dtype: each reason stays a Message (English as text, ``.zh`` in Chinese)
    out["reason"] = pd.Series([r[4] for r in rows], index=out.index, dtype=object)
    return annotate(out, indicator="unreachable_pairs", mode=opts.mode,
                    matrix_id=meta["key"][:16])


def travel_times_from(
    region: Region,
    origins: Sequence[str],
    *,
    mode: NetworkMode = "fastest",
    direction: Literal["from", "to"] = "from",
    status: Iterable[str] | str | None = None,
    year: int | None = None,
    settings: Settings | None = None,
    level: str | None = None,
    options: TravelOptions | None = None,
) -> pd.DataFrame:
    """Minutes between some units of any level (``origins``) and every matrix unit
    (``options``: a :class:`~metroscope.network.TravelOptions` instead of the keywords it
    holds).

    ``direction='from'``: from each origin to each unit; ``'to'``: from each unit to each
    origin. Origins without access rows are routed through their seat unit (a prefecture
    through its central district, for example).

    Returns
    -------
    pandas.DataFrame
        Index: the matrix units (``code``); one column per origin; minutes, ``inf`` where
        unreachable.

    Raises
    ------
    ParameterError
        When ``direction`` is not ``from`` or ``to``, for an unknown ``mode`` or ``status``, or
        a network ``year`` outside the supported range.
    UnknownRegionError
        When an origin is not a unit of the region.
    NetworkError
        When the selected network cannot be routed (every problem listed).

    Examples
    --------
    >>> t = travel_times_from(region, ["220100"], mode="rail")  # rows: every county, column: the origin
    >>> t.loc[["220202", "220302"]].round(1)
    origin  220100
    code
    220202    94.5
    220302    94.2
    """
    if direction not in ("from", "to"):
        msg = Message("err_direction_from_to", got=shorten(direction))
        raise ParameterError(msg)
    opts = TravelOptions.of(options, mode=mode, status=status, year=year, settings=settings,
                            level=level)
    settings = opts.routing_settings()
    sel = opts.selection()
    codes = matrix_units(region, opts.level)
    origin_codes = [str(o) for o in origins]
    o_route = routing_codes(region, origin_codes)
    key = _cache.network_key(region, settings, what="from", mode=sel.mode,
                             status=list(sel.statuses), year=sel.year, codes=codes,
                             origins=origin_codes, direction=direction)

    def compute() -> dict[str, pd.DataFrame]:
        g = build_graph(region, options=opts)
        route = routing_codes(region, codes)
        mat, token = _od(g, o_route, route) if direction == "from" else _od(g, route, o_route)
        if direction == "from":
            mat, token = mat.T, token.T
        for j, o in enumerate(origin_codes):  # a unit is 0 minutes from itself
            if o in codes:
                mat[codes.index(o), j] = 0.0
                token[codes.index(o), j] = False
        notes = list(g.notes)
        if token.any():  # pairs only a train ride going nowhere would serve (module _trips)
            notes.append(Message("net_rail_token_only", n=int(token.sum())))
        return {"minutes": pd.DataFrame(mat, index=pd.Index(codes, name="code", dtype="string"),
                                        columns=pd.Index(origin_codes, name="origin")),
                "graph_notes": _notes_table(notes)}

    tables = _cache.cached(key, settings, compute)
    out = tables["minutes"]
    notes = _notes_of(tables["graph_notes"]) if "graph_notes" in tables else []
    notes += [Message("net_origin_routed", origin=o, route=r)
              for o, r in zip(origin_codes, o_route, strict=True) if r is not None and r != o]
    unrouted = [o for o, r in zip(origin_codes, o_route, strict=True) if r is None]
    if unrouted:  # no access rows and no unit below with any: its column is inf
        notes.append(Message("net_unserved", n=len(unrouted), network=sel.describe_message(),
                             codes=unrouted))
    notes += dataset_notes(region)
    notes += later_links_note(region, sel)
    notes += planned_links_note(region, sel)
    return annotate(out, indicator="travel_time_min", mode=sel.mode,
                    statuses=list(sel.statuses), year=sel.year, network_year=sel.year,
                    matrix_id=key[:16], notes=notes or None,
                    parameters={k: getattr(settings, k) for k in _cache.ROUTING_SETTINGS})
