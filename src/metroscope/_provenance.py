"""Provenance of results: what a table was computed from, kept in ``DataFrame.attrs``.

Every analysis result carries ``result.attrs["metroscope"]``: one :class:`Provenance` mapping
with at least ``indicator`` and any of ``year``, ``level``, ``measure``, ``parameters``,
``sources``, ``notes`` and the analysis-specific keys listed on the class. Reports, the web
pages and the CLI print it beside the numbers. It is written only through :func:`annotate`,
so its keys are checked by the type checker and ``notes`` is always a list.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypedDict, TypeVar, Unpack

import pandas as pd

T = TypeVar("T", pd.DataFrame, pd.Series)

KEY = "metroscope"


class Provenance(TypedDict, total=False):
    """The keys of ``attrs["metroscope"]`` (all optional; an analysis sets those it has).

    A key given as ``None`` to :func:`annotate` is left out. ``notes`` is a list of notes, each a :class:`~metroscope.messages.Message` (reads in zh and
    en) or a plain string; ``parameters`` the options an analysis was run with; ``summary``
    the headline figures of a result (e.g. a circle's population inside).
    """

    indicator: str
    region: str | None
    year: Any
    network_year: int | None
    stats_year: int | None
    level: str | None
    measure: Any
    parameters: dict[str, Any]
    sources: list[str]
    notes: list[Any] | None
    reference: str | None
    verdict: dict[str, Any]
    units: dict[str, str] | None
    # output precision kind of columns whose unit does not decide it (metroscope._precision)
    precision: dict[str, str] | None
    summary: dict[str, Any]
    n: int
    weak_reason: str
    # routing and accessibility
    mode: str
    statuses: list[str]
    matrix_id: str
    direction: str
    origins: list[str]
    minutes: float | None
    max_minutes: float
    thresholds_min: list[float]
    mass: str
    decay: str
    decay_param: float
    include_self: bool
    min_cost_min: float
    capacity: str
    units_inside: list[str]
    accessibility_minutes: float
    accessibility_mode: str
    accessibility_networks: Any
    # scenario comparisons and screens
    scenario: Any
    # the notes of the scenario itself (its year, ...: ``meta["scenario"]["notes"]`` of the
    # applied Region), also among ``notes``; shown wherever the scenario's results are
    scenario_notes: list[Any] | None
    base: Any
    other: Any
    roles: Any
    height: Any


def annotate(result: T, **meta: Unpack[Provenance]) -> T:
    """Merge ``meta`` into ``result.attrs['metroscope']`` and return ``result``.

    ``None`` values are left out; ``notes`` (a list or tuple) is stored as a list.
    """
    current: dict[str, Any] = dict(result.attrs.get(KEY, {}))
    for k, v in meta.items():
        if v is None:
            continue
        if k == "notes":
            v = _note_list(v)
        current[k] = v
    result.attrs[KEY] = current
    return result


def _note_list(notes: object) -> list[Any]:
    if isinstance(notes, str):  # one note (a Message is a str too)
        return [notes]
    if isinstance(notes, Sequence):
        return list(notes)
    msg = f"notes must be a list of notes, not {type(notes).__name__}"
    raise TypeError(msg)


def provenance(result: pd.DataFrame | pd.Series) -> Provenance:
    """The provenance of a result (empty if none), as a new mapping."""
    return Provenance(**result.attrs.get(KEY, {}))  # type: ignore[typeddict-item]


def sources_of(stats: pd.DataFrame) -> list[str]:
    """Distinct sources of some stats rows, sorted."""
    return sorted({str(s) for s in stats["source"].dropna().unique()})
