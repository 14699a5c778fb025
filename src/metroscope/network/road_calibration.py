"""Calibration of the road model on published drive times.

The car time of a trip from seat a to seat b is the sum over the links of its fastest path:

.. math:: T_{ab} = \\sum_{expressway} \\frac{60\\,L}{f\\,V} + \\sum_{road} \\frac{60\\,L}{v}
          + \\sum_{urban} \\frac{60\\,L}{u}

with L the link length (km), V the expressway's design speed, f the operating-speed factor of
expressways (``settings.operating_speed_factor_expressway``), v the ordinary-road speed
(``settings.road_speed_kph``) and u the intra-city speed (``settings.urban_speed_kph``, an
assumption, not fitted). The network is the one of the year the time was published for
(expressway links carry ``open_year``). A fastest path that leaves the road at a unit's seat
and rejoins it at another road node of that unit (a unit with access rows to two road nodes)
adds that change's access minutes and ``transfer_penalty_min``, fixed like the urban links.

:func:`calibrate_roads` fits 1/f >= 1 and 1/v by least squares on the relative residuals
(model / published - 1, linear in 1/f and 1/v; SciPy ``lsq_linear``) of the ``calibration`` rows
of ``network/data/drive_times.csv`` (facts from
``shared/data/scout_curated/ne_drive_times_facts.csv``, each with its URL). The fastest path
depends on f and v, so paths and fit alternate until the paths no longer change. The other rows
(``check``) are never fitted: their residuals are out-of-sample checks. The held-out residual of
a calibration row is its residual when the row is left out of the fit (the paths of the full
fit kept); NaN when the other rows do not determine f or v (no other row uses an expressway, or
an ordinary road, that this row uses), as in the rail calibration.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._errors import MissingDataError
from .._provenance import annotate
from ..messages import Message
from ..settings import Settings, get_settings
from .graph import build_graph
from .traveltime import routing_codes

if TYPE_CHECKING:
    from ..region import Region

DRIVE_TIMES = Path(__file__).parent / "data" / "drive_times.csv"
#: 0.5 <= f <= 1 and 30 <= v <= 90 km/h: the design speeds of China's first- and second-class
#: highways are 60-100 km/h (JTG B01-2014), so an average outside 30-90 is not a road speed
_BOUNDS = ((1.0, 1 / 90.0), (2.0, 1 / 30.0))


def drive_times() -> pd.DataFrame:
    """The published drive times (origin, destination, their unit codes, published_min,
    published_as exact/about/lower_bound/upper_bound/range, low_min, high_min, the network
    ``year``, ``role`` calibration/check, what, source).

    Raises
    ------
    Nothing of its own; ``OSError`` if the packaged CSV is missing or unreadable.

    Examples
    --------
    >>> drive_times()[["origin", "destination", "published_min"]].head(3)
      origin destination  published_min
    0     长春         长岭县            150
    1     磐石          吉林             40
    2     集安          通化             40
    """
    return pd.read_csv(DRIVE_TIMES, dtype={"origin_code": str, "destination_code": str})


def _path_links(region: Region, origin: str, destination: str, year: int,
                settings: Settings) -> pd.DataFrame:
    """The links of the fastest road path between two units in the network of ``year``."""
    from scipy.sparse.csgraph import dijkstra

    g = build_graph(region, mode="road", year=year, settings=settings)
    o, d = routing_codes(region, [origin, destination])
    if o not in g.unit_in or d not in g.unit_out:
        msg = Message("err_road_calib_no_access", origin=origin, destination=destination,
                      region=region.name)
        raise MissingDataError(msg)
    dist, pred = dijkstra(g.csr, directed=True, indices=g.unit_in[str(o)],
                          return_predecessors=True)
    end = g.unit_out[str(d)]
    if not np.isfinite(dist[end]):
        msg = Message("err_road_calib_no_path", origin=origin, destination=destination,
                      year=year)
        raise MissingDataError(msg)
    nodes = []
    node = end
    while node >= 0:
        nodes.append(node)
        node = pred[node]
    nodes.reverse()
    links = g.links
    ends = pd.DataFrame({"a": links["from_node"].astype(str), "b": links["to_node"].astype(str)})
    used = []
    change = 0.0
    road = [k for k, n in enumerate(nodes) if g.labels[n].startswith("n:")]
    for k in range(road[0], road[-1]):
        u, v = nodes[k], nodes[k + 1]
        if not (g.labels[u].startswith("n:") and g.labels[v].startswith("n:")):
            # a change through a unit's seat (a unit with access rows to two road nodes):
            # its access minutes and transfer penalty are fixed minutes of the trip
            change += float(dist[v] - dist[u])
            continue
        x, y = g.labels[u][2:], g.labels[v][2:]
        hit = links[((ends["a"] == x) & (ends["b"] == y)) | ((ends["a"] == y) & (ends["b"] == x))]
        used.append(hit.sort_values("minutes_used", kind="stable").index[0])
    path = links.loc[used]
    path.attrs["change_min"] = change
    return path


def _terms(region: Region, rows: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """Per row: expressway minutes at design speed (``a_expressway``), road km x 60
    (``a_road``: minutes = a_road / v), fixed minutes (``b``), and the path (link ids)."""
    out = []
    for r in rows.itertuples(index=False):
        path = _path_links(region, str(r.origin_code), str(r.destination_code), int(r.year),
                           settings)
        length = pd.to_numeric(path["length_km"]).astype(float)
        speed = pd.to_numeric(path["speed_kph"], errors="coerce").astype(float)
        fixed_time = pd.to_numeric(path.get("minutes"), errors="coerce").notna()
        if "operating_speed_kph" in path.columns:
            fixed_time |= pd.to_numeric(path["operating_speed_kph"], errors="coerce").notna()
        expr = (path["mode"] == "expressway") & ~fixed_time
        road = (path["mode"] == "road") & speed.isna() & ~fixed_time
        out.append({
            "a_expressway": float((60 * length / speed)[expr].sum()),
            "a_road": float((60 * length)[road].sum()),
            "b": float(path["minutes_used"][~expr & ~road].sum()) + path.attrs["change_min"],
            "km_expressway": float(length[expr].sum()), "km_road": float(length[road].sum()),
            "km_other": float(length[~expr & ~road].sum()),
            "path": " ".join(path["link_id"].astype(str)),
        })
    return pd.DataFrame(out, index=rows.index)


def _fit(terms: pd.DataFrame, published: np.ndarray) -> tuple[float, float]:
    from scipy.optimize import lsq_linear

    a = np.column_stack([terms["a_expressway"] / published, terms["a_road"] / published])
    rhs = 1 - terms["b"].to_numpy() / published
    fit = lsq_linear(a, rhs, bounds=_BOUNDS)
    return float(1 / fit.x[0]), float(1 / fit.x[1])


def _settings(base: Settings, factor: float, speed: float) -> Settings:
    return base.model_copy(update={"operating_speed_factor_expressway": factor,
                                   "road_speed_kph": speed, "travel_time_cache": "off"})


def _model(terms: pd.DataFrame, factor: float, speed: float) -> pd.Series:
    return terms["a_expressway"] / factor + terms["a_road"] / speed + terms["b"]


def road_residuals(region: Region, *, settings: Settings | None = None,
                   targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """Modelled against published drive times under ``settings``: the targets with the path's
    km by kind, ``model_min``, ``residual_pct`` (100 x (model - published) / published) and
    ``within`` (for bounds and ranges: the model satisfies it; NaN for exact/about rows).

    Raises
    ------
    MissingDataError
        When a row's origin or destination has no road access or no road path in its year.

    Examples
    --------
    >>> res = road_residuals(region, targets=drive_times().head(2))
    >>> res[["origin", "destination", "published_min", "model_min"]].round(1)
      origin destination  published_min  model_min
    0     长春         长岭县            150      115.2
    1     磐石          吉林             40       72.1
    """
    settings = settings or get_settings()
    targets = drive_times() if targets is None else targets
    s = settings.model_copy(update={"travel_time_cache": "off"})
    terms = _terms(region, targets, s)
    out = targets.copy()
    for c in ("km_expressway", "km_road", "km_other", "path"):
        out[c] = terms[c]
    out["model_min"] = _model(terms, s.operating_speed_factor_expressway, s.road_speed_kph)
    out["residual_pct"] = 100 * (out["model_min"] / out["published_min"] - 1)
    lo = pd.to_numeric(out["low_min"], errors="coerce")
    hi = pd.to_numeric(out["high_min"], errors="coerce")
    bounded = lo.notna() | hi.notna()
    ok = (lo.isna() | (out["model_min"] >= lo)) & (hi.isna() | (out["model_min"] <= hi))
    out["within"] = ok.where(bounded)
    return annotate(out, indicator="road_calibration_residuals",
                    parameters={"operating_speed_factor_expressway":
                                s.operating_speed_factor_expressway,
                                "road_speed_kph": s.road_speed_kph,
                                "urban_speed_kph": s.urban_speed_kph},
                    sources=sorted(set(targets["source"])))


def calibrate_roads(region: Region, *, targets: pd.DataFrame | None = None,
                    max_iterations: int = 10) -> dict[str, Any]:
    """Fit the expressway operating-speed factor and the ordinary-road speed (module doc).

    Returns
    -------
    dict
        ``operating_speed_factor_expressway`` (4 decimals), ``road_speed_kph`` (1 decimal),
        ``iterations``, ``converged`` (the paths stopped changing) and ``residuals`` (see
        :func:`road_residuals`, plus ``heldout_model_min`` and ``heldout_residual_pct``).

    Raises
    ------
    MissingDataError
        When fewer than two rows have role ``calibration``, or a row's origin or destination
        has no road access or no road path in its year.

    Examples
    --------
    Not run as a test (+SKIP): it takes about 5 s, routing every drive time at each iteration.

    >>> fit = calibrate_roads(region)  # doctest: +SKIP
    >>> {k: v for k, v in fit.items() if k != "residuals"}  # doctest: +SKIP
    {'operating_speed_factor_expressway': 1.0, 'road_speed_kph': 90.0, 'iterations': 2, 'converged': True}
    """
    targets = drive_times() if targets is None else targets
    cal = (targets["role"] == "calibration").to_numpy()
    if cal.sum() < 2:
        msg = Message("err_road_calib_rows")
        raise MissingDataError(msg)
    base = get_settings()
    p = targets["published_min"].to_numpy(float)
    factor, speed = base.operating_speed_factor_expressway, base.road_speed_kph
    paths: list[str] | None = None
    converged = False
    it = 0
    for it in range(1, max_iterations + 1):  # noqa: B007 - the count is reported
        terms = _terms(region, targets[cal], _settings(base, factor, speed))
        factor, speed = _fit(terms, p[cal])
        if paths == terms["path"].tolist():
            converged = True
            break
        paths = terms["path"].tolist()
    factor, speed = round(factor, 4), round(speed, 1)
    fitted = _settings(base, factor, speed)
    res = road_residuals(region, settings=fitted, targets=targets)
    terms = _terms(region, targets[cal], fitted)
    held = pd.Series(np.nan, index=targets.index, dtype="float64")
    idx = targets.index[cal]
    for k, i in enumerate(idx):
        keep = np.ones(len(idx), dtype=bool)
        keep[k] = False
        if any(terms[c].iloc[k] > 0 and not (terms[c][keep] > 0).any()
               for c in ("a_expressway", "a_road")):
            continue  # f or v rests on this row alone: not determinable held out (NaN)
        f_k, v_k = _fit(terms[keep], p[cal][keep])
        held[i] = float(_model(terms.iloc[[k]], f_k, v_k).iloc[0])
    checks = ~cal
    held[targets.index[checks]] = res.loc[checks, "model_min"]
    res["heldout_model_min"] = held
    res["heldout_residual_pct"] = 100 * (held / res["published_min"] - 1)
    return {"operating_speed_factor_expressway": factor, "road_speed_kph": speed,
            "iterations": it, "converged": converged, "residuals": res}
