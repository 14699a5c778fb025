"""Small reads of the Region's stats that several sections share: the sources and quality
tags behind a set of values, and the focus units of the area."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

from .context import SourceLine, Text

if TYPE_CHECKING:
    from ..region import Region

FOCUS_ROLES = ("core", "member", "partial")
QUALITY_ORDER = "ABCD"


def rows(region: Region, indicator: str, *, codes: Iterable[str] | None = None,
         years: Iterable[int] | None = None) -> pd.DataFrame:
    """The stats rows of ``indicator`` (optionally for some codes and years)."""
    st = region.stats
    m = st["indicator"] == indicator
    if codes is not None:
        m &= st["code"].isin(list(codes))
    if years is not None:
        m &= st["year"].isin(list(years))
    return st[m]


def worst_quality(df: pd.DataFrame) -> str:
    """The lowest quality tag among some stats rows ('' when none)."""
    q = [str(x) for x in df["quality"].dropna().unique() if str(x) in QUALITY_ORDER]
    return max(q, key=QUALITY_ORDER.index) if q else ""


def quality_range(df: pd.DataFrame) -> str:
    """Quality tags of some stats rows as ``A`` or ``A–C``."""
    q = sorted({str(x) for x in df["quality"].dropna().unique() if str(x) in QUALITY_ORDER},
               key=QUALITY_ORDER.index)
    if not q:
        return ""
    return q[0] if len(q) == 1 else f"{q[0]}–{q[-1]}"


def kind_range(df: pd.DataFrame) -> Text | None:
    """The kinds of source of some stats rows (most authoritative first), as a label."""
    from ..sources import KINDS, kinds
    from ._i18n import source_kind

    if df.empty:
        return None
    found = set(kinds(df))
    labels = [source_kind(k) for k in KINDS if k in found]
    if not labels:
        return None
    return Text("、".join(x.zh for x in labels), ", ".join(x.en for x in labels))


def stats_source(region: Region, indicator: str, *, codes: Iterable[str] | None = None,
                 years: Iterable[int] | None = None, text: Text | None = None) -> SourceLine:
    """A source line naming the distinct sources of some stats rows."""
    df = rows(region, indicator, codes=codes, years=years)
    sources = tuple(sorted({str(s) for s in df["source"].dropna().unique()}))
    yrs = sorted({int(y) for y in df["year"].dropna().unique()})
    span = "" if not yrs else (str(yrs[0]) if len(yrs) == 1 else f"{yrs[0]}–{yrs[-1]}")
    q = quality_range(df)
    base = text or Text(f"统计 {indicator}", f"stats {indicator}")
    extra = Text(f", {span}" if span else "", f", {span}" if span else "")
    if q:
        extra = extra + Text(f", 质量 {q}", f", quality {q}")
    return SourceLine(base + extra, sources)


def focus_codes(region: Region, level: str | None = None) -> list[str]:
    """Codes of the core, member and partial units (at ``level`` if given)."""
    return region.codes(roles=list(FOCUS_ROLES), level=level)


#: A value older than this many years (before the report's year) is never called "latest".
MAX_LATEST_AGE_YEARS = 3


def require_network(region: Region, mode: str) -> None:
    """Raise :class:`~metroscope.report._analyses.AnalysisError` with the catalogue's reader note
    when ``region`` has no links of ``mode`` (``rail``, ``road`` or ``fastest`` = any), so
    that a travel-time result is shown as not available instead of 0 %."""
    from .._schema import RAIL_MODES, ROAD_MODES
    from ._analyses import AnalysisError
    from ._i18n import t
    from .context import Note

    modes = {"rail": RAIL_MODES, "road": ROAD_MODES}.get(mode)
    links = region.links
    have = not links.empty and (modes is None or links["mode"].isin(list(modes)).any())
    if not have:
        m = (t("network_any") if mode == "fastest" else t(f"mode_{mode}")
             if mode in ("rail", "road") else Text.same(mode))
        text = t("no_network_mode")
        raise AnalysisError(Note(Text(text.zh.format(mode=m.zh), text.en.format(mode=m.en)),
                                 style="missing"))
