"""Scenarios: YAML/TOML files of edits to a Region, applied and compared.

>>> from metroscope.scenario import list_scenarios
>>> list_scenarios()
['chang-si-liao-tong', 'hsr-350', 'network-2030']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .spec import (
    Scenario,
    ScenarioSpecError,
    list_scenarios,
    load_scenario,
    parse_edits,
    scenario_from_dict,
)

if TYPE_CHECKING:
    import pandas as pd

    from ..region import Region

__all__ = [
    "Scenario",
    "ScenarioSpecError",
    "apply",
    "compare",
    "list_scenarios",
    "load_scenario",
    "parse_edits",
    "scenario_effects",
    "scenario_from_dict",
]


def apply(scenario: Scenario | str, region: Region) -> Region:
    """Apply a scenario (object, shipped name or file path) to ``region``; a new Region.

    Raises
    ------
    ScenarioSpecError
        When a name is neither a shipped scenario nor a file, the file is invalid, or an edit
        cannot be applied to ``region`` (every problem listed).

    Examples
    --------
    >>> apply("chang-si-liao-tong", region)
    Region('changchun+chang-si-liao-tong': 81 units, 5636 stats rows, 132 nodes, 340 links, 3 projects)
    """
    from .editing import apply_scenario

    spec = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    return apply_scenario(spec, region)


def compare(base: Region, other: Region, **kwargs: Any) -> pd.DataFrame:
    """Per-unit deltas between two Regions (:func:`metroscope.scenario.comparison.compare`).

    Raises
    ------
    ValueError, MissingDataError, UnknownRegionError, NetworkError
        As :func:`metroscope.scenario.comparison.compare` (routing both regions: an unknown
        mode, status or network year; no core, seats or mass; a network that cannot be routed).

    Examples
    --------
    >>> other = apply("chang-si-liao-tong", region)
    >>> c = compare(region, other)
    >>> c.loc[["220402", "220502"], ["time_to_core_min_base", "time_to_core_min_scenario"]].round(1)
            time_to_core_min_base  time_to_core_min_scenario
    code
    220402                   82.0                       82.0
    220502                  215.1                      153.3
    """
    from .comparison import compare as _compare

    return _compare(base, other, **kwargs)


def scenario_effects(base: Region, other: Region, **kwargs: Any) -> pd.DataFrame:
    """Who gains and how many people are within 60/90/120 min of the core before and after
    (:func:`metroscope.scenario.effects.scenario_effects`).

    Raises
    ------
    ValueError, MissingDataError, UnknownRegionError, NetworkError
        As :func:`metroscope.scenario.comparison.compare` (routing both regions: an unknown
        mode, status or network year; no core, seats or mass; a network that cannot be routed).

    Examples
    --------
    >>> other = apply("chang-si-liao-tong", region)
    >>> scenario_effects(region, other)[["before_min", "after_min", "change_min"]].round(1)
            before_min  after_min  change_min
    code
    220502       215.1      153.3       -61.8
    220503       180.5      160.7       -19.7
    220582       224.5      212.2       -12.2
    """
    from .effects import scenario_effects as _effects

    return _effects(base, other, **kwargs)
