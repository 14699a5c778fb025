"""How a rail line's published length is shared among its sections (``LENGTH_APPORTIONING``).

Pure functions of the line's facts and its stations' great-circle distances, so that each rule
is tested by hand (tests/test_databuild.py):

- :func:`chainage_lengths`: sections with a chainage at both ends get the chainage difference;
  the rest of the line length is shared among the other sections in proportion to their
  great-circle distance;
- :func:`time_lengths`: where the facts give cumulative fastest times from the first station
  (:func:`fastest_times`), the length is shared between the timed stations in proportion to the
  time differences (:func:`time_spans`; assumption: uniform running speed), and within a span
  by great-circle distance.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import pairwise


def chainage_lengths(total: float, gc: Sequence[float], fixed: Sequence[float | None],
                     *, chainage: bool) -> tuple[list[float], list[str]]:
    """Section lengths (km) and notes: chainage differences where ``fixed`` has one, the rest of
    ``total`` shared by great-circle distance ``gc`` among the other sections (``chainage``:
    the line's facts give a chainage, which the notes then mention).

    Examples
    --------
    >>> chainage_lengths(100.0, [10.0, 30.0], [None, None], chainage=False)[0]
    [25.0, 75.0]
    >>> chainage_lengths(100.0, [10.0, 30.0, 20.0], [None, 40.0, None], chainage=True)[0]
    [20.0, 40.0, 40.0]
    """
    rest = total - sum(f for f in fixed if f is not None)
    gc_rest = sum(g for g, f in zip(gc, fixed, strict=True) if f is None)
    lengths = [f if f is not None else rest * g / gc_rest for g, f in zip(gc, fixed, strict=True)]
    notes = ["chainage difference" if f is not None else
             f"line length {total:g} km{' less chainage sections' if chainage else ''}"
             " shared in proportion to great-circle distance" for f in fixed]
    return lengths, notes


def fastest_times(facts: str) -> dict[str, float]:
    """Cumulative fastest minutes from a line's first station, from ``other_facts``.

    ``{}`` when the facts give no such list.

    Examples
    --------
    >>> fastest_times("fastest 沈阳北–通化 1 h 01 min, –白山东 1 h 23 min")
    {'沈阳北': 0.0, '通化': 61.0, '白山东': 83.0}
    >>> fastest_times("12 train pairs/day")
    {}
    """
    hz = r"[\u4e00-\u9fff]+"
    step = rf"–({hz}) (?:(\d+) h )?(\d+) min"
    m = re.search(rf"fastest ({hz})((?:,? ?–{hz} (?:\d+ h )?\d+ min)+)", facts)
    if not m:
        return {}
    out = {m.group(1): 0.0}
    for name, hours, mins in re.findall(step, m.group(2)):
        out[name] = 60.0 * int(hours or 0) + int(mins)
    return out


def time_spans(names: Sequence[str], times: dict[str, float], line: str
               ) -> list[tuple[int, int, float]]:
    """(first section, last section + 1, share of the line length) per span between consecutive
    timed stations: share = time difference / total time (uniform running speed).

    Raises ``SystemExit`` when a timed station is not on the line, the times do not run from
    the first to the last station in order, or they do not increase.

    Examples
    --------
    >>> time_spans(["A", "B", "C", "D"], {"A": 0.0, "C": 30.0, "D": 40.0}, "line")
    [(0, 2, 0.75), (2, 3, 0.25)]
    """
    idx = [names.index(n) if n in names else -1 for n in times]
    if -1 in idx:
        raise SystemExit(f"{line}: timed station not in the station list: {times}")
    if idx[0] != 0 or idx[-1] != len(names) - 1 or idx != sorted(idx):
        raise SystemExit(f"{line}: the fastest times must run from the first to the last station "
                         f"in order to share the line length: {times}")
    t = list(times.values())
    if any(b <= a for a, b in pairwise(t)):
        raise SystemExit(f"{line}: cumulative fastest times do not increase: {times}")
    return [(i, j, (tb - ta) / t[-1]) for (i, ta), (j, tb) in pairwise(zip(idx, t, strict=True))]


def time_lengths(line: str, names: Sequence[str], times: dict[str, float], total: float,
                 gc: Sequence[float], straight_km: Callable[[str, str], float],
                 say: Callable[[str], None] = print) -> tuple[list[float], list[str]]:
    """Section lengths (km) and notes when the facts give cumulative fastest times: ``total``
    shared between the timed stations in proportion to the time differences, within a span by
    the sections' great-circle distances ``gc``. A span shorter than ``straight_km`` between its
    end stations (their estimated coordinates) is flagged in its note and said.

    Examples
    --------
    >>> lengths, notes = time_lengths("L", ["A", "B", "C"], {"A": 0.0, "C": 60.0}, 90.0,
    ...                               [20.0, 40.0], lambda a, b: 50.0)
    >>> lengths
    [30.0, 60.0]
    """
    lengths: list[float] = []
    notes: list[str] = []
    t_all = list(times.values())[-1]
    for i, j, share in time_spans(names, times, line):
        a, b = names[i], names[j]
        span = total * share
        dt = times[b] - times[a]
        straight = straight_km(a, b)
        note = (f"line length {total:g} km shared between the stations with published "
                f"fastest cumulative times in proportion to the time differences "
                f"(LENGTH_APPORTIONING: uniform running speed): {a}–{b} {dt:g} of {t_all:g} "
                f"min = {span:.1f} km"
                + (", shared in proportion to great-circle distance" if j - i > 1 else ""))
        if span < straight:
            note += (f"; shorter than the {straight:.1f} km great circle between the "
                     f"estimated coordinates of {a} and {b}: a coordinate is wrong or the "
                     "assumption fails here (DATA.md)")
            say(f"   note: {line} {a}–{b} {span:.1f} km < great circle {straight:.1f} km "
                "between the estimated station coordinates")
        g = gc[i:j]
        for x in g:
            lengths.append(span * x / sum(g))
            notes.append(note)
    return lengths, notes
