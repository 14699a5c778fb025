"""The scenario tables the CLI prints and the web API returns (one implementation for both).

``metroscope scenario list|show|run|compare --format json`` and ``/api/v1/scenarios...`` are
these functions followed by :func:`metroscope._records.records`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from .._provenance import annotate
from .spec import Scenario, list_scenarios, load_scenario

if TYPE_CHECKING:
    from .._options import NetworkMode
    from ..region import Region

__all__ = ["compare_table", "edits_table", "run_table", "scenarios_table"]


def scenarios_table(names: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per scenario (default: the shipped ones): ``name``, ``title``, ``title_zh``,
    ``year`` (network year or None) and ``edits`` (count).

    Raises
    ------
    ScenarioSpecError
        When a name is neither a shipped scenario nor a file, or its file is invalid.

    Examples
    --------
    >>> scenarios_table()[["name", "year"]]
                     name    year
    0  chang-si-liao-tong     NaN
    1             hsr-350     NaN
    2        network-2030  2030.0
    """
    rows = []
    for name in (list_scenarios() if names is None else names):
        s = load_scenario(name)
        rows.append({"name": name, "title": s.title,
                     "title_zh": s.title_zh, "year": s.year, "edits": len(s.edits)})
    return pd.DataFrame(rows, columns=["name", "title", "title_zh", "year", "edits"])


def edits_table(spec: Scenario | str) -> pd.DataFrame:
    """A scenario's edits, one row each: ``edit`` (position), ``op`` and ``fields`` (the
    edit's other fields as JSON text); a network ``year`` shows as a last
    ``set_network_year`` row. ``attrs['caption']`` holds the titles and description.

    Raises
    ------
    ScenarioSpecError
        When a named scenario is neither shipped nor a file, or its file is invalid.

    Examples
    --------
    >>> edits_table("chang-si-liao-tong")[["edit", "op"]]
       edit                op
    0     0   through_service
    1     1  complete_project
    """
    s = spec if isinstance(spec, Scenario) else load_scenario(spec)
    rows = [{"edit": i, "op": e.op,
             "fields": json.dumps(e.model_dump(exclude={"op"}, exclude_none=True),
                                  ensure_ascii=False)}
            for i, e in enumerate(s.edits)]
    if s.year is not None:
        rows.append({"edit": len(rows), "op": "set_network_year",
                     "fields": json.dumps({"year": s.year})})
    out = pd.DataFrame(rows, columns=["edit", "op", "fields"])
    out.attrs["name"] = s.name
    parts = (s.title_zh, s.title, s.description_zh.strip(), s.description.strip())
    out.attrs["caption"] = "\n".join(x for x in parts if x)
    # a Chinese table's caption: the Chinese title and description where the spec has them
    out.attrs["caption_zh"] = "\n".join(x for x in (s.title_zh, s.description_zh.strip()) if x)
    return out


def run_table(spec: Scenario | str, region: Region, *, mode: NetworkMode = "rail",
              minutes: float | None = None) -> pd.DataFrame:
    """The commuting circle and accessibility of ``region`` under a scenario.

    Index ``code`` (county-level units): ``name_zh``, ``name_en``, ``role``,
    ``travel_time_min`` (to the core, minutes), ``inside`` (within ``minutes``), ``population``
    (persons), then the columns of :func:`metroscope.network.accessibility`. ``attrs``:
    ``scenario`` (name), ``log`` (the edits applied), ``summary`` (the circle's summary),
    ``notes`` (the scenario's own: a ``year`` before links that operate today keeps them).

    Raises
    ------
    ScenarioSpecError
        When the scenario cannot be loaded or applied.
    ValueError, MissingDataError, UnknownRegionError, NetworkError
        As :func:`metroscope.scenario.comparison.compare` (routing both regions: an unknown
        mode, status or network year; no core, seats or mass; a network that cannot be routed).

    Examples
    --------
    >>> t = run_table("chang-si-liao-tong", region)
    >>> t.loc[["220402"], ["travel_time_min", "inside"]].round(1)
            travel_time_min  inside
    code
    220402             95.2   False
    """
    from ..network import accessibility, commuting_circle
    from . import apply

    r = apply(spec, region)
    circle = commuting_circle(r, mode=mode, minutes=minutes)
    acc = accessibility(r, mode=mode)
    out = circle[["name_zh", "name_en", "role", "travel_time_min", "inside", "population"]]
    out = out.join(acc.drop(columns=["name_zh", "name_en", "role", "mass"]))
    out.attrs = {"scenario": r.meta["scenario"]["name"], "log": list(r.meta["scenario"]["log"]),
                 "summary": circle.attrs["metroscope"]["summary"],
                 "notes": list(r.meta["scenario"].get("notes") or [])}
    return out


def compare_table(specs: Sequence[Scenario | str], region: Region, *, mode: NetworkMode = "rail",
                  minutes: float | None = None) -> pd.DataFrame:
    """Per-unit deltas of each scenario against ``region``
    (:func:`metroscope.scenario.compare`), with a leading ``scenario`` column; one block of
    rows per scenario. ``attrs['metroscope']['notes']`` holds the scenarios' own notes (a
    ``year`` before links that operate today keeps them), each once.

    Raises
    ------
    ScenarioSpecError
        When a scenario cannot be loaded or applied.
    ValueError, MissingDataError, UnknownRegionError, NetworkError
        As :func:`metroscope.scenario.comparison.compare` (routing both regions: an unknown
        mode, status or network year; no core, seats or mass; a network that cannot be routed).

    Examples
    --------
    >>> t = compare_table(["chang-si-liao-tong"], region)
    >>> t.loc[["220402"], ["scenario", "time_to_core_min_base", "time_to_core_min_scenario"]].round(1)
                      scenario  time_to_core_min_base  time_to_core_min_scenario
    code
    220402  chang-si-liao-tong                  130.1                       95.2
    """
    from . import apply, compare

    frames = []
    notes: list[Any] = []  # the scenarios' own notes (e.g. a year that keeps later links)
    for spec in specs:
        other = apply(spec, region)
        df = compare(region, other, mode=mode, minutes=minutes)
        df.insert(0, "scenario", other.meta["scenario"]["name"])
        frames.append(df)
        notes += [n for n in df.attrs["metroscope"].get("scenario_notes") or []
                  if n not in notes]
    out = pd.concat(frames) if len(frames) > 1 else frames[0]
    out.attrs = {}
    return annotate(out, indicator="scenario_compare", notes=notes or None,
                    scenario_notes=notes or None)
