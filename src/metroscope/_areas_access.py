"""The comparison's 60-minute accessibility: measured on an area's own routed network, or a
lower bound from the ``china`` dataset's estimated ordinary-road layer (never mixed).

Two columns of :func:`metroscope.areas.compare`:

- ``accessibility_60min_pct``: the share (%) of the area's 2020 population (core + member
  units) whose unit is within 60 minutes of the core by the ``fastest`` mode (door to door,
  towards the core) on a routed network of the area itself (a region such as the embedded
  ``changchun``, whose road, expressway and rail links are sourced). Missing with the reason
  ``estimated_network_only`` for an area that has no such network.
- ``accessibility_60min_lower_bound_pct``: the same share by the ``china`` dataset's estimated
  ordinary-road layer (seats of neighbouring counties joined at great-circle x 1.3 and 60 km/h:
  no expressway or rail facts, so times are too slow and the share is a lower bound); missing
  (``no_network``) when the dataset has no road links.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

import pandas as pd

from ._errors import MetroscopeError

if TYPE_CHECKING:
    from .region import Region

logger = logging.getLogger(__name__)

#: the accessibility threshold (minutes), the 1-hour commuting circle of the plans
ACCESS_MINUTES = 60.0
#: the mode of the routed measurement (door to door, best of road and rail)
ROUTED_MODE: Final = "fastest"


def within_60(population: pd.Series, area: list[str], minutes: pd.Series | None,
              zones: tuple[float, float] = (0.0, 0.0)) -> float:
    """Share (%) of the population of ``area`` whose ``minutes`` to the core are <= 60.

    ``population`` is indexed by code (persons); ``minutes`` by code (NaN = not routed).
    NaN when ``minutes`` is None, a unit of ``area`` has no population or no time (a unit the
    network does not reach at all has an infinite time and counts as outside). ``zones``:
    persons of uncoded census zones added to the area's total and to the part inside
    (:func:`zones_60`).

    Raises
    ------
    Nothing; missing inputs give NaN.

    Examples
    --------
    >>> pop = pd.Series({"a": 300.0, "b": 100.0})
    >>> within_60(pop, ["a", "b"], pd.Series({"a": 20.0, "b": 75.0}))
    75.0
    >>> within_60(pop, ["a", "b"], pd.Series({"a": 20.0}))  # b not routed: unknown, not 0
    nan
    """
    if minutes is None or not area:
        return float("nan")
    pop = population.reindex(area)
    t = minutes.reindex(area)
    if pop.isna().any() or t.isna().any() or pop.sum() <= 0:
        return float("nan")
    total, inside = zones
    return float(100.0 * (pop[(t <= ACCESS_MINUTES).to_numpy()].sum() + inside)
                 / (pop.sum() + total))


def zones_60(china: Region, roles: pd.Series, minutes: pd.Series | None) -> tuple[float, float]:
    """The 2020 residents of uncoded census zones in an area's 60-minute share: (in the area,
    inside), persons, by the rule of :func:`metroscope._areas_zones.in_circle` (placed with
    their prefecture's districts; inside only when every one of those is within 60 minutes).

    ``roles``: role by county code of the area's rows; ``minutes`` by code (None: no network).

    Raises
    ------
    Nothing; without minutes or zones the result is (0.0, 0.0).

    Examples
    --------
    >>> from metroscope.datasets import load
    >>> china = load("china")
    >>> roles = pd.Series("member", index=["220202", "220203", "220204", "220211"])
    >>> zones_60(china, roles, pd.Series(70.0, index=roles.index))  # 吉林市's three zones
    (255303.0, 0.0)
    """
    from ._areas_zones import in_circle, uncoded_zones

    if minutes is None:
        return 0.0, 0.0
    z = in_circle(china.units, roles, uncoded_zones(china), minutes <= ACCESS_MINUTES)
    return z.plan, z.plan_inside


def estimated_minutes(china: Region, cores: Sequence[str]) -> dict[str, pd.Series] | None:
    """Minutes by the ``china`` dataset's estimated road layer from each core prefecture
    (routed through its seat unit) to every county unit; None without road links.

    Raises
    ------
    NetworkError
        When the road layer is malformed (from :func:`~metroscope.network.travel_times_from`).

    Examples
    --------
    >>> from metroscope.datasets import load
    >>> m = estimated_minutes(load("china"), ["220100"])
    >>> round(float(m["220100"]["220183"]), 1)  # 德惠市 from 长春市, minutes
    109.8
    """
    from ._schema import ROAD_MODES

    links = china.links
    if links.empty or not links["mode"].isin(list(ROAD_MODES)).any():
        return None
    from .network._subsets import travel_times_from

    m = travel_times_from(china, sorted(set(cores)), mode="road")
    return {c: m[c] for c in sorted(set(cores))}


def default_networks() -> list[Region]:
    """The embedded regions with a routed network of their own (every embedded dataset but
    ``china``); a dataset that cannot be opened is logged and skipped.

    Raises
    ------
    Nothing; see above.

    Examples
    --------
    >>> [r.name for r in default_networks()]
    ['changchun']
    """
    from .datasets import list_datasets, load

    out = []
    for name in list_datasets():
        if name == "china":
            continue
        try:
            out.append(load(name))
        except (MetroscopeError, OSError) as exc:  # an unreadable dataset is not measured
            logger.warning("Dataset %s not used for accessibility: %s", name, exc)
    return out


def routed_minutes(china: Region, networks: Sequence[Region]
                   ) -> dict[str, tuple[pd.Series, str]]:
    """For each region of ``networks`` that is a national area of ``china`` (its
    ``meta['metro_area']`` or Chinese title names one): the minutes of every unit to the
    region's core by :data:`ROUTED_MODE` on its own network, with the region's name.

    Raises
    ------
    NetworkError
        When a region's network is malformed (every problem listed).

    Examples
    --------
    >>> from metroscope.datasets import load
    >>> got = routed_minutes(load("china"), [load("changchun")])
    >>> list(got), got["长春都市圈"][1]
    (['长春都市圈'], 'changchun')
    """
    from ._errors import UnknownRegionError
    from ._metro import resolve
    from .network._subsets import travel_times_from

    out: dict[str, tuple[pd.Series, str]] = {}
    for region in networks:
        area = None
        for name in (region.meta.get("metro_area"), region.meta.get("title_zh")):
            if name and area is None:
                try:
                    area = resolve(china, str(name))
                except UnknownRegionError:
                    continue
        if area is None or area in out:
            continue
        t = travel_times_from(region, [region.core_code()], mode=ROUTED_MODE, direction="to")
        minutes = t.iloc[:, 0].astype(float)
        minutes.index = minutes.index.astype(str)
        out[area] = (minutes, str(region.name))
    return out
