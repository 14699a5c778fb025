"""What kind of source each statistic rests on, and how many values rest on each source.

Every ``stats`` row carries a ``source`` (URL or citation), a ``quality`` tag (A-D) and a
``note`` that starts with the compiler's description of the source (e.g. ``[C] aggregator
article``, see ``shared/data/official_stats/PROVENANCE.md``). :func:`source_kind` turns these
into one of the kinds of :data:`KINDS`; labels in Chinese and English live in the report's
message catalogue (``kind_<key>``), so this module holds keys only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from .region import Region

#: Kinds of source, from the most to the least authoritative (the order of the listings).
KINDS: tuple[str, ...] = (
    "census", "government", "bulletin", "yearbook", "rating_agency", "news", "aggregator",
    "unverified", "user", "other")

_TAG = re.compile(r"^\s*\[([A-D])\]\s*([^;|]*)")
_GOV_HOST = re.compile(r"^https?://[^/]*\.gov\.cn(/|$)", re.IGNORECASE)


def source_kind(source: object, note: object = "", quality: object = "") -> str:
    """The kind of a source (a key of :data:`KINDS`) from its citation, note and quality.

    Rules, first match wins: a user-supplied row (note) -> ``user``; a census citation ->
    ``census``; a [D] tag or software example data -> ``unverified``; a ``*.gov.cn`` host or
    an [A] official-site tag -> ``government``; a [B] tag (verbatim reposts of bulletins and
    official releases) -> ``bulletin``; a rating-agency table -> ``rating_agency``; a
    yearbook or research panel -> ``yearbook``; news -> ``news``; any other [C] tag
    (aggregators, encyclopedia copies, low-quality hosts) -> ``aggregator``; else ``other``.

    Raises
    ------
    Nothing; any citation, note and quality give a kind (``"other"`` at worst).

    Examples
    --------
    >>> source_kind("Jilin Statistical Yearbook 2021")
    'yearbook'
    >>> source_kind("Lei Dong et al., China Census dataset, github.com/leiii/census (MIT)")
    'census'
    """
    src = "" if source is None or pd.isna(source) else str(source)  # type: ignore[arg-type]
    txt = "" if note is None or pd.isna(note) else str(note)  # type: ignore[arg-type]
    q = "" if quality is None or pd.isna(quality) else str(quality)  # type: ignore[arg-type]
    m = _TAG.match(txt)
    tag_q, tag = (m.group(1), m.group(2).lower()) if m else ("", "")
    low = (src + " " + txt).lower()
    if "user-supplied" in low:
        return "user"
    if "census" in src.lower() and "economic census" not in src.lower():
        return "census"
    if tag_q == "D" or "software documentation" in tag:
        return "unverified"
    if _GOV_HOST.match(src) or (tag_q == "A" and "official" in tag):
        return "government"
    if tag_q == "B":
        return "bulletin"
    if "rating-agency" in tag or "rating agency" in tag:
        return "rating_agency"
    if "panel" in tag or "yearbook" in src.lower():
        return "yearbook"
    if "news" in tag:
        return "news"
    if tag_q == "C" or (not tag_q and q == "C"):
        return "aggregator"
    return "other"


def kinds(stats: pd.DataFrame) -> pd.Series:
    """:func:`source_kind` of every row of a stats table (same index).

    Raises
    ------
    KeyError
        If ``stats`` lacks the ``source`` or ``quality`` column.

    Examples
    --------
    >>> kinds(region.stats).value_counts().head(3)
    kind
    census      5293
    yearbook     184
    bulletin      57
    Name: count, dtype: int64
    """
    note = stats["note"] if "note" in stats.columns else pd.Series("", index=stats.index)
    return pd.Series([source_kind(s, n, q) for s, n, q in zip(
        stats["source"], note, stats["quality"], strict=True)], index=stats.index, dtype=object,
        name="kind")


def source_table(region: Region) -> pd.DataFrame:
    """Every source of ``region.stats`` with how many values rest on it.

    Returns
    -------
    pandas.DataFrame
        Index ``source`` (citation or URL); columns ``kind`` (a key of :data:`KINDS`),
        ``quality`` (the A-D tags of its rows, e.g. ``C`` or ``B–C``), ``n_values`` (rows
        with a value), ``n_units``, ``years`` (first–last), ``indicators`` (comma-separated,
        sorted). Sorted by kind (most authoritative first), then by ``n_values`` descending.

    Raises
    ------
    KeyError
        If a non-empty ``region.stats`` lacks a standard column (``source``, ``quality``,
        ``year``, ``value``, ``code`` or ``indicator``); a validated Region always has them.

    Examples
    --------
    >>> t = source_table(region)
    >>> t[["kind", "n_values"]].head(2)
                                                              kind  n_values
    source
    Lei Dong et al., China Census dataset, github.c...      census      5293
    http://tjj.jl.gov.cn/tjsj/tjgb/ndgb/202208/t202...  government         6
    """
    st = region.stats
    if st.empty:
        return pd.DataFrame(columns=["kind", "quality", "n_values", "n_units", "years",
                                     "indicators"]).rename_axis("source")
    df = st.assign(kind=kinds(st), source=st["source"].fillna("(no source)").astype(str))
    rows = []
    for src, g in df.groupby("source", sort=False):
        q = sorted({str(x) for x in g["quality"].dropna()})
        years = sorted({int(y) for y in g["year"].dropna()})
        kind_counts = g["kind"].value_counts()
        rows.append({
            "source": src, "kind": str(kind_counts.index[0]),
            "quality": q[0] if len(q) == 1 else (f"{q[0]}–{q[-1]}" if q else ""),
            "n_values": int(g["value"].notna().sum()), "n_units": int(g["code"].nunique()),
            "years": "" if not years else (str(years[0]) if len(years) == 1
                                           else f"{years[0]}–{years[-1]}"),
            "indicators": ", ".join(sorted({str(i) for i in g["indicator"].dropna()})),
        })
    out = pd.DataFrame(rows)
    out["_k"] = out["kind"].map({k: i for i, k in enumerate(KINDS)})
    out = out.sort_values(["_k", "n_values"], ascending=[True, False], kind="mergesort")
    return out.drop(columns="_k").set_index("source")
