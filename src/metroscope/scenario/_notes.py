"""A scenario's own notes, shown with its results (CLI, report, API, dashboard): a ``year``
that keeps links opened after it, and a ``base`` region other than the one it is applied to.
They travel in ``region.meta["scenario"]["notes"]`` of the applied region."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from ..messages import Message

if TYPE_CHECKING:
    from ..region import Region
    from . import spec as E

__all__ = ["base_notes", "year_notes"]


def year_notes(scenario: E.Scenario, region: Region) -> list[Any]:
    """A note when the scenario's ``year`` lies before links that operate today: the year
    opens and completes the links due by then, it does not take the later ones away (the
    network of a past year is ``network_year`` / ``--network-year``).

    Raises
    ------
    Nothing of its own.

    Examples
    --------
    >>> from metroscope.scenario import Scenario
    >>> [str(n)[:45] for n in year_notes(Scenario(name="y", year=2000), region)]
    ["The scenario's year 2000 opens and completes "]
    >>> year_notes(Scenario(name="y", year=2100), region)
    []
    """
    links = region.links
    if scenario.year is None or not {"status", "open_year"} <= set(links.columns):
        return []
    later = links["status"].eq("operating") & (pd.to_numeric(links["open_year"], errors="coerce")
                                               > scenario.year)
    if not bool(later.any()):
        return []
    return [Message("scn_note_year_keeps_links", year=scenario.year, n=int(later.sum()))]


def base_notes(scenario: E.Scenario, region: Region) -> list[Any]:
    """A note when the scenario names a ``base`` region other than the one it is applied to
    (a scenario region's own base name counts: ``changchun`` for ``changchun+hsr-350``). Only a
    note, not a refusal: a bundle exported from a region under another name is a fair base.

    Raises
    ------
    Nothing of its own.

    Examples
    --------
    >>> from metroscope.scenario import Scenario
    >>> [n.params for n in base_notes(Scenario(name="b", base="nanjing"), region)]
    [{'base': 'nanjing', 'region': 'changchun'}]
    >>> base_notes(Scenario(name="b", base="changchun"), region), base_notes(Scenario(name="b"), region)
    ([], [])
    """
    name = str(region.name).split("+", 1)[0]
    if scenario.base is None or scenario.base == name:
        return []
    return [Message("scn_note_base_differs", base=scenario.base, region=name)]
