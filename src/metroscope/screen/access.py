"""The accessibility gain of each city from the area's planned projects, for the screen.

The gain is the relative change of potential accessibility (Hansen 1959; METHODS.md §7,
:func:`metroscope.network.accessibility`, mass = population, door-to-door fastest mode by
default) when a shipped scenario of the area's plan is applied to its network:

.. math:: \\Delta A_c = 100\\left(\\frac{A^{plan}_c}{A^{base}_c} - 1\\right)\\ \\%,\\qquad
          A_{pref} = \\frac{\\sum_{c \\in pref} P_c A_c}{\\sum_{c \\in pref} P_c}

(a prefecture's accessibility is the population-weighted mean of its county-level units').
It is missing, with the reason, when the region has no transport network or no scenario of
its own (a scenario whose ``base`` is the region's name), and for a unit that is not on the
network (no seat or access rows) or that the network does not connect (zero base potential:
the relative change is undefined).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..indicators import _base as B

if TYPE_CHECKING:
    from .._options import NetworkMode
    from ..region import Region

#: The shipped scenario preferred as "the plan" (every project with a target year <= 2030).
DEFAULT_SCENARIO = "network-2030"


def plan_scenario(region: Region, scenario: str | None) -> tuple[str | None, str]:
    """The scenario to use (name) or None with the reason (``no_network``, ``no_scenario``).

    ``scenario`` None = :data:`DEFAULT_SCENARIO` when its base is this region, else the first
    shipped scenario whose base is this region.

    Raises
    ------
    ScenarioSpecError
        Propagated from :func:`metroscope.scenario.load_scenario` when ``scenario`` is None and
        a shipped scenario file is invalid (a given ``scenario`` name is not checked here).

    Examples
    --------
    >>> plan_scenario(region, None)
    ('network-2030', '')
    >>> plan_scenario(region, "chang-si-liao-tong")
    ('chang-si-liao-tong', '')
    """
    from ..scenario import list_scenarios, load_scenario

    if region.links is None or len(region.links) == 0:
        return None, "no_network"
    if scenario is not None:
        return scenario, ""
    names = list_scenarios()
    own = [n for n in names if load_scenario(n).base == region.name]
    if not own:
        return None, "no_scenario"
    return (DEFAULT_SCENARIO if DEFAULT_SCENARIO in own else own[0]), ""


def access_gain(region: Region, codes: Sequence[str], level: str | None, *,
                scenario: str | None = None, mode: NetworkMode = "fastest",
                progress: Callable[[str], None] | None = None) -> tuple[pd.DataFrame, str | None]:
    """``access_gain`` (%), ``access_base``, ``access_plan`` (potential, persons / min^b) and
    ``why_access_gain`` per code, and the scenario used (or None).

    Without a network or a scenario of the region's own nothing is computed and nothing is
    raised (the reason is in ``why_access_gain``).

    Raises
    ------
    ScenarioSpecError
        Propagated from :func:`plan_scenario` (an invalid shipped scenario file) and from
        :func:`metroscope.scenario.apply` when ``scenario`` is neither a shipped scenario nor a
        file, is invalid, or cannot be applied to ``region``.
    ValueError
        Propagated from :func:`metroscope.network.accessibility` for an unknown ``mode``.
    MissingDataError
        Propagated from :func:`metroscope.network.accessibility` when the region (or the
        planned one) has no units with a seat or access rows, or no population. A code off
        the network is not an error: ``why_access_gain`` says ``not_located`` (no seat or
        access rows, nor county-level units that have them) or ``not_reached`` (a unit the
        network does not connect: infinite times or zero potential).
    NetworkError
        Propagated from :func:`metroscope.network.accessibility` when the network (base or
        planned) has links to unknown nodes, non-positive or missing times, or bad access rows.

    Examples
    --------
    >>> gain, scenario = access_gain(region, ["220100", "220200"], "prefecture")
    >>> scenario
    'network-2030'
    >>> gain["access_gain"].round(2)
    code
    220100    1.02
    220200    0.15
    Name: access_gain, dtype: float64
    """
    from .. import scenario as scn
    from ..network import accessibility

    cs = [str(c) for c in codes]
    name, why = plan_scenario(region, scenario)
    out = pd.DataFrame({"access_base": np.nan, "access_plan": np.nan, "access_gain": np.nan,
                        "why_access_gain": why}, index=pd.Index(cs, name="code"))
    if name is None:
        return out, None
    if progress:
        progress("base")
    base = accessibility(region, mode=mode)["potential"].astype("float64")
    if progress:
        progress("plan")
    plan = accessibility(scn.apply(name, region), mode=mode)["potential"].astype("float64")
    counties = _county_members(region, cs, level, base.index)
    for c in cs:
        members = counties[c]
        if not members:
            out.loc[c, "why_access_gain"] = "not_located"
            continue
        pop, _ = B.population(region, 2020, members)
        ok = [m for m in members if pd.notna(pop.get(m)) and pd.notna(base.get(m))
              and pd.notna(plan.get(m)) and np.isfinite(base[m]) and np.isfinite(plan[m])
              and base[m] > 0]
        if not ok or len(ok) < len(members):
            out.loc[c, "why_access_gain"] = "not_reached"
            continue
        wts = pop[ok].to_numpy(dtype="float64")
        a0 = float(np.dot(wts, base[ok].to_numpy()) / wts.sum())
        a1 = float(np.dot(wts, plan[ok].to_numpy()) / wts.sum())
        out.loc[c, ["access_base", "access_plan", "access_gain"]] = [a0, a1, 100 * (a1 / a0 - 1)]
    return out, name


def _county_members(region: Region, codes: Sequence[str], level: str | None,
                    located: pd.Index) -> dict[str, list[str]]:
    """Per code, the units whose accessibility stands for it: itself when it is on the network
    (``located``: a seat or access rows), else at prefecture level its county-level units that
    are; empty when there are none (a county without a seat or access rows)."""
    anc = B.ancestor_map(region)
    counties = [k for k in region.codes(level="county") if k in located]
    out: dict[str, list[str]] = {}
    for c in codes:
        if c in located:
            out[c] = [c]
        elif level == "prefecture":
            out[c] = [k for k in counties if c in anc.get(k, [])]
        else:
            out[c] = []
    return out
