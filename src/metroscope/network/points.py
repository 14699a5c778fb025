"""Travel times between arbitrary points (lon/lat) and units: each point joins the network
through its nearest unit seats (see :func:`point_travel_times`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from .._errors import MissingDataError, ParameterError, shorten
from .._provenance import annotate
from ..geo import great_circle_km
from ..messages import Message
from ..settings import Settings
from . import _cache
from ._trips import trip_minutes
from .graph import RoutableGraph, build_graph
from .options import TravelOptions
from .traveltime import dataset_notes, matrix_units, routing_codes

if TYPE_CHECKING:
    from .._options import NetworkMode
    from ..region import Region


def point_travel_times(
    region: Region,
    points: pd.DataFrame,
    *,
    mode: NetworkMode = "fastest",
    direction: Literal["to_points", "from_points"] = "to_points",
    status: Iterable[str] | str | None = None,
    year: int | None = None,
    settings: Settings | None = None,
    level: str | None = None,
    options: TravelOptions | None = None,
) -> pd.DataFrame:
    """Travel times between arbitrary points (lon/lat) and units, in minutes.

    A point is joined to the ``settings.point_access_nodes`` unit seats nearest to it by an
    access leg of great-circle km x ``point_circuity_factor`` at ``point_access_speed_kph``;
    from a seat the trip continues as the unit's own trips do (its access rows).

    Parameters
    ----------
    points
        DataFrame with ``lon`` and ``lat`` columns (degrees); its index names the points.
    direction
        ``to_points`` (unit -> point, e.g. residents to a hospital) or ``from_points``.
    options
        Mode, network year, statuses, settings and level as one
        :class:`~metroscope.network.TravelOptions` (instead of those keywords; not both).

    Returns
    -------
    pandas.DataFrame
        ``to_points``: index unit codes, columns point ids; ``from_points``: the transpose
        layout (index point ids, columns unit codes). Minutes, ``inf`` where unreachable.

    Raises
    ------
    ParameterError
        When ``direction`` is not ``to_points`` or ``from_points``, for an unknown
        ``mode`` or ``status``, or a network ``year`` outside the supported range.
    MissingDataError
        When ``points`` lacks ``lon`` or ``lat``, or no unit has access to the network.
    NetworkError
        When the selected network cannot be routed (every problem listed).

    Examples
    --------
    >>> points = pd.DataFrame({"lon": [125.32], "lat": [43.88]}, index=["hospital"])
    >>> point_travel_times(region, points, mode="road").loc[["220102", "220183"]].round(1)
            hospital
    code
    220102       5.9
    220183      72.1
    """
    import scipy.sparse as sp

    if direction not in ("to_points", "from_points"):
        msg = Message("err_direction_points", got=shorten(direction))
        raise ParameterError(msg)
    missing = [c for c in ("lon", "lat") if c not in points.columns]
    if missing:
        msg = Message("err_points_lon_lat", missing=", ".join(missing))
        raise MissingDataError(msg)
    opts = TravelOptions.of(options, mode=mode, status=status, year=year, settings=settings,
                            level=level)
    settings = opts.routing_settings()
    g = build_graph(region, options=opts)
    codes = matrix_units(region, opts.level)
    route = routing_codes(region, codes)
    served = sorted({r for r in route if r is not None and r in g.unit_in})
    if not served:
        msg = Message("err_points_no_access", region=region.name,
                      network=g.selection.describe_message())
        raise MissingDataError(msg)
    seats = region.units.loc[served, ["seat_lon", "seat_lat"]].to_numpy(float)
    lon = pd.to_numeric(points["lon"]).to_numpy(float)
    lat = pd.to_numeric(points["lat"]).to_numpy(float)
    km = great_circle_km(lon[:, None], lat[:, None], seats[None, :, 0], seats[None, :, 1])
    km = np.where(np.isnan(km), np.inf, km)
    k = min(settings.point_access_nodes, len(served))
    n0, p = g.n_nodes, len(points)
    src, dst, w = [], [], []
    for i in range(p):
        for j in np.argsort(km[i], kind="stable")[:k]:
            if not np.isfinite(km[i, j]):
                continue
            t = km[i, j] * settings.point_circuity_factor / settings.point_access_speed_kph * 60
            c = served[int(j)]
            # point-in (n0+i) -> seat; seat -> point-out (n0+p+i)
            src += [n0 + i, n0 + i, g.unit_in[c], g.unit_out[c]]
            dst += [g.unit_in[c], g.unit_out[c], n0 + p + i, n0 + p + i]
            w += [t, t, t, t]
    coo = g.csr.tocoo()
    n = n0 + 2 * p
    csr = sp.csr_array((np.concatenate([coo.data, w]),
                        (np.concatenate([coo.row, src]).astype(np.int64),
                         np.concatenate([coo.col, dst]).astype(np.int64))), shape=(n, n))
    aug = RoutableGraph(csr=csr, labels=(*g.labels, *[f"point-in:{i}" for i in range(p)],
                                         *[f"point-out:{i}" for i in range(p)]),
                        unit_in=g.unit_in, unit_out=g.unit_out, selection=g.selection,
                        links=g.links, notes=g.notes, edges=g.edges)
    token = np.zeros((len(codes), p) if direction == "to_points" else (p, len(codes)),
                     dtype=bool)
    if direction == "to_points":
        rows = [i for i, r in enumerate(route) if r is not None and r in g.unit_in]
        mat = np.full((len(codes), p), np.inf)
        if rows:
            trips = trip_minutes(aug, [g.unit_in[str(route[i])] for i in rows],
                                 list(range(n0 + p, n0 + 2 * p)))
            mat[rows], token[rows] = trips.minutes, trips.token_only
        out = pd.DataFrame(mat, index=pd.Index(codes, name="code", dtype="string"),
                           columns=points.index.copy())
    else:
        cols = [g.unit_out[r] if r is not None and r in g.unit_out else -1 for r in route]
        trips = trip_minutes(aug, list(range(n0, n0 + p)), [max(c, 0) for c in cols])
        has = np.array(cols)[None, :] >= 0
        mat = np.where(has, trips.minutes, np.inf)
        token = has & trips.token_only
        out = pd.DataFrame(mat, index=points.index.copy(),
                           columns=pd.Index(codes, name="code", dtype="string"))
    notes = [*g.notes, *dataset_notes(region)]
    if token.any():  # pairs only a train ride going nowhere would serve (module _trips)
        notes.append(Message("net_rail_token_only", n=int(token.sum())))
    return annotate(out, indicator="travel_time_min",
                    measure=f"point {direction} by {opts.mode}", mode=opts.mode,
                    statuses=list(g.selection.statuses), year=g.selection.year,
                    network_year=g.selection.year,
                    notes=notes or None,
                    parameters={k: getattr(settings, k) for k in _cache.ROUTING_SETTINGS})
