"""The notes a travel-time result carries besides the graph's own: the dataset's caveat on its
network, the lines a network year leaves out or opens without their service patterns, and
the notes' cacheable table form. Re-exported by :mod:`metroscope.network.traveltime`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..messages import Message, from_record, untranslated

if TYPE_CHECKING:
    from ..region import Region


def dataset_notes(region: Region) -> list[str]:
    """The region's own caveat on its network (``meta['network_note']``, e.g. the china
    dataset's estimated ordinary roads), repeated in every travel-time result.

    The dataset stores the note as a catalogue key with its parameters (``key``, ``params``),
    so it renders in both languages; a plain text note (an older dataset, a user's bundle)
    is repeated as written.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> dataset_notes(region)
    []
    >>> len(dataset_notes(china))
    1
    """
    note = region.meta.get("network_note")
    return [from_record(note)] if note else []


def _notes_table(notes: Iterable[str]) -> pd.DataFrame:
    """Notes as a cacheable table: catalogue messages as JSON, so they come back translatable."""
    rows = sorted({n.to_json() if isinstance(n, Message) else str(n) for n in notes})
    return pd.DataFrame({"note": rows}, dtype="string")


def _notes_of(table: pd.DataFrame) -> list[str]:
    """The notes of a :func:`_notes_table` (messages revived)."""
    return [Message.from_json(str(n)) for n in table["note"].tolist()]


def later_links_note(region: Region, sel: Any) -> list[str]:
    """A note naming the lines of the operating links of the selected modes that the network
    year leaves out because they open after it (e.g. a scenario's 2030 links under
    ``network_year=2020``, or a line opened in 2023 under 2020): the year is the network as it
    stood then, and the reader should know what that drops. ``sel`` is a
    :class:`~metroscope.network.selection.NetworkSelection`; the result is an empty list or a
    one-message list: the number of links left out and their lines with their opening years
    (Chinese ``line``, English ``line_en`` where the region has it; a link without a line is
    named by its ``link_id``), each line once, the first six named and the rest counted.

    Raises
    ------
    Nothing of its own; ``KeyError`` if ``region.links`` lacks ``link_id`` or ``open_year``.

    Examples
    --------
    >>> from metroscope.network.selection import selection
    >>> (note,) = later_links_note(region, selection("road", ["operating"], 2023))
    >>> print(note)
    network year 2023 leaves out 4 operating link(s) opened after 2023, on: Yanji–Changchun Expressway (2024), Changchun–Taipingchuan Expressway (2024), Changchun Metropolitan Area Ring Expressway (2024)
    >>> print(note.zh)
    网络年份2023不含4个2023年以后才开通的运营路段,涉及:延长高速公路(2024)、长太高速公路(2024)、长春都市圈环线高速公路(2024)
    >>> later_links_note(region, selection("road", ["operating"], None))
    []
    """
    if sel.year is None or region.links.empty:
        return []
    from .selection import select_links, selection

    operating = select_links(region.links, selection(sel.mode, ["operating"], None))
    that_year = select_links(region.links, selection(sel.mode, ["operating"], sel.year))
    later = operating[~operating["link_id"].isin(that_year["link_id"])]
    if later.empty:
        return []
    names = _later_lines(later)
    shown: list[Any] = names[:6]
    if len(names) > 6:
        shown.append(f"… (+{len(names) - 6})")
    return [Message("net_year_leaves_out", year=sel.year, n=len(later), lines=shown)]


def planned_links_note(region: Region, sel: Any) -> list[str]:
    """A note when the network year opens planned (not yet operating) links: the year selects
    links only, and the service patterns a scenario adds (through services over another line)
    are not applied; ``metroscope scenario compare network-2030`` runs them.

    Raises
    ------
    Nothing of its own; ``KeyError`` if ``region.links`` lacks ``status``.

    Examples
    --------
    >>> from metroscope.network.selection import selection
    >>> (note,) = planned_links_note(region, selection("rail", None, 2030))
    >>> planned_links_note(region, selection("rail", ["operating"], 2030))
    []
    """
    if sel.year is None or region.links.empty:
        return []
    from .selection import select_links

    chosen = select_links(region.links, sel)
    n = int((chosen["status"].astype(str) != "operating").sum())
    if not n:
        return []
    return [Message("net_year_no_service_patterns", year=sel.year, n=n)]


def _later_lines(later: pd.DataFrame) -> list[dict[str, str]]:
    """Each line of the links ``later`` once, ``{"zh": "线路(年)", "en": "Line (year)"}``,
    by first opening year then name; a link without a line stands for itself (its id)."""
    def text(v: Any) -> str | None:
        return None if v is None or pd.isna(v) or not str(v).strip() else str(v).strip()

    en_col = later["line_en"] if "line_en" in later.columns else pd.Series(None, later.index)
    line_col = later["line"] if "line" in later.columns else pd.Series(None, later.index)
    groups: dict[str, dict[str, Any]] = {}
    for lid, line, line_en, y in zip(later["link_id"], line_col, en_col, later["open_year"],
                                     strict=True):
        zh = text(line) or str(lid)
        g = groups.setdefault(zh, {"en": text(line_en) if text(line) else None,
                                   "years": set()})
        g["en"] = g["en"] or (text(line_en) if text(line) else None)
        g["years"].add(int(y))
    out = []
    for zh, g in sorted(groups.items(), key=lambda kv: (min(kv[1]["years"]), kv[0])):
        lo, hi = min(g["years"]), max(g["years"])
        years = str(lo) if lo == hi else f"{lo}–{hi}"
        # a Chinese line name without an English one in the data is marked, not translated
        en = g["en"] or (untranslated(zh).en if any(ord(c) > 0x2E7F for c in zh) else zh)
        out.append({"zh": f"{zh}({years})", "en": f"{en} ({years})"})
    return out
