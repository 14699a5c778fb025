"""Section 10, Data and method notes: every source, licence, quality tag, estimate and caveat
used in the report (statistics by source, series breaks, model assumptions, the analyses'
provenance, and what is missing)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import _data, _fmt
from .._i18n import measure as measure_label
from .._i18n import t
from ..context import Cell, Note, Section, SourceLine, Table, Text

if TYPE_CHECKING:
    from .._inputs import ReportInputs

QUALITY_LEGEND = Text(
    "数据质量等级:A = 统计部门官方发布或人口普查;B = 官方公报的原文转载;C = 二手来源(新闻、汇编、"
    "研究数据集);D = 未核实(仅在别无来源时使用)。",
    "Quality tags: A = official statistics or census; B = verbatim repost of an official release; "
    "C = secondary (news, compilations, research panels); D = unverified (used only where "
    "nothing else was found).")

META_WORDS = ("source", "licen", "caveat", "assumption", "note", "crs", "plan_", "built_by",
              "left_out")


def build(inp: ReportInputs, section: Section) -> None:
    """Quality legend, statistics by source, breaks and estimates, assumptions, analyses used,
    and everything missing."""
    section.blocks.append(Note(QUALITY_LEGEND))
    stats = inp.region.stats
    if stats.empty:
        section.blocks.append(Note(Text("该区域没有统计数据。", "The region has no statistics."),
                                   style="missing"))
    else:
        section.blocks.append(_sources_table(stats))
        flagged = _flagged_table(inp, stats)
        if flagged is not None:
            section.blocks.append(flagged)
    other = _other_sources(inp)
    if other is not None:
        section.blocks.append(other)
    meta = _meta_table(inp)
    if meta is not None:
        section.blocks.append(meta)
    used = _analyses_table(inp.sections)
    if used is not None:
        section.blocks.append(used)
    section.blocks.append(_missing_table(inp.sections))


def _join(values: Iterable[Any], sep: str = ", ") -> str:
    return sep.join(str(v) for v in values)


def _years(years: Iterable[Any]) -> str:
    ys = sorted({int(y) for y in years if not _fmt.is_missing(y)})
    if not ys:
        return ""
    if ys == list(range(ys[0], ys[-1] + 1)) and len(ys) > 2:
        return f"{ys[0]}–{ys[-1]}"
    return ", ".join(str(y) for y in ys)


def _sources_table(stats: pd.DataFrame) -> Table:
    rows = []
    for source, grp in stats.groupby("source", sort=True):
        inds = sorted(grp["indicator"].unique())
        shown = inds[:8]
        labels = [measure_label(i) for i in shown]
        more = len(inds) - len(shown)
        zh = "、".join(lab.zh for lab in labels) + (f" 等{len(inds)}项" if more else "")
        en = "; ".join(lab.en for lab in labels) + (f" and {more} more" if more else "")
        q = grp["quality"].value_counts().sort_index()
        rows.append((
            Cell(Text.same(str(source)), css="sources"),
            _fmt.text_cell(_data.kind_range(grp) or Text.same("—")),
            _fmt.text_cell(Text(zh, en)),
            _fmt.text_cell(_years(grp["year"])),
            _fmt.text_cell(" ".join(f"{k}:{v}" for k, v in q.items())),
            _fmt.cell(len(grp), _fmt.number(len(grp), 0)),
        ))
    cols = (t("source"), t("source_kind"), Text("指标", "Indicators"), Text("年份", "Years"),
            Text("质量等级(行数)", "Quality (rows)"), Text("行数", "Rows"))
    return Table("tab-sources", Text("统计数据来源", "Statistics by source"), cols, tuple(rows),
                 source=SourceLine(Text("区域数据 stats 表", "the region's stats table")))


def _flagged_table(inp: ReportInputs, stats: pd.DataFrame) -> Table | None:
    note = stats["note"].astype("string") if "note" in stats.columns else pd.Series(
        pd.NA, index=stats.index, dtype="string")
    estimate = note.str.contains("estimat|估算|推算", case=False, regex=True).fillna(False)
    mask = stats["break"].fillna(False).astype(bool) | estimate | stats["quality"].isin(["D"])
    flagged = stats[mask.to_numpy()]
    if flagged.empty:
        return None
    u = inp.region.units
    flags = pd.Series("", index=flagged.index, dtype="string")
    flags = flags.where(~flagged["break"].fillna(False).astype(bool), flags + "B")
    flags = flags.where(~estimate.loc[flagged.index], flags + "E")
    flags = flags.where(~flagged["quality"].eq("D"), flags + "D")
    labels = {"B": Text("序列断点", "series break"), "E": Text("估计值", "estimate"),
              "D": Text("未核实(D)", "unverified (D)")}
    keyed = flagged.assign(_flag=flags, _note=note.loc[flagged.index].fillna(""))
    rows = []
    for (flag, text), grp in keyed.groupby(["_flag", "_note"], sort=True):
        kinds = [labels[c] for c in str(flag)]
        codes = list(dict.fromkeys(str(c) for c in grp["code"]))
        names_zh = [str(u.at[c, "name_zh"]) if c in u.index else c for c in codes]
        names_en = [str(u.at[c, "name_en"]) if c in u.index else c for c in codes]
        more = len(codes) - 8
        units = Text("、".join(names_zh[:8]) + (f" 等{len(codes)}个" if more > 0 else ""),
                     ", ".join(names_en[:8]) + (f" and {more} more" if more > 0 else ""))
        inds = sorted(grp["indicator"].unique())
        ind_labels = [measure_label(i) for i in inds[:4]]
        extra = len(inds) - 4
        indicators = Text("、".join(x.zh for x in ind_labels) + (f" 等{len(inds)}项" if extra > 0
                                                                 else ""),
                          "; ".join(x.en for x in ind_labels) + (f" and {extra} more"
                                                                 if extra > 0 else ""))
        rows.append((
            _fmt.text_cell(Text("、".join(k.zh for k in kinds), ", ".join(k.en for k in kinds))),
            _fmt.text_cell(units), _fmt.text_cell(indicators),
            _fmt.text_cell(_years(grp["year"])),
            _fmt.cell(len(grp), _fmt.number(len(grp), 0)),
            _fmt.text_cell(str(text), css="note-cell"),
        ))
    cols = (Text("标记", "Flag"), Text("单元", "Units"), Text("指标", "Indicators"), t("year"),
            Text("行数", "Rows"), Text("说明", "Note"))
    return Table("tab-flagged", Text("序列断点、估计值与未核实数据(按说明归并)",
                                     "Series breaks, estimates and unverified values (grouped "
                                     "by note)"), cols, tuple(rows),
                 source=SourceLine(Text("stats 表的 break、quality 与 note 列",
                                        "the break, quality and note columns of stats")))


def _other_sources(inp: ReportInputs) -> Table | None:
    rows = []
    for table in ("links", "nodes"):
        df = getattr(inp.region, table)
        col = next((c for c in ("source", "sources") if c in df.columns), None)
        if col is None or df.empty:
            continue
        for source, grp in df.groupby(col, sort=True):
            for s in str(source).split(" | "):
                rows.append((_fmt.text_cell(table), Cell(Text.same(s.strip()), css="sources"),
                             _fmt.cell(len(grp), _fmt.number(len(grp), 0))))
    if not rows:
        return None
    cols = (Text("表", "Table"), t("source"), Text("行数", "Rows"))
    return Table("tab-network-sources", Text("交通网络数据来源", "Network data sources"),
                 cols, tuple(rows))


def _meta_table(inp: ReportInputs) -> Table | None:
    rows = []
    for key in sorted(inp.region.meta):
        if not any(w in str(key).lower() for w in META_WORDS):
            continue
        value = inp.region.meta[key]
        text = _join(value, "; ") if isinstance(value, (list, tuple)) else str(value)
        rows.append((_fmt.text_cell(str(key)), Cell(Text.same(text), css="sources")))
    if not rows:
        return None
    cols = (Text("项目", "Item"), t("value"))
    return Table("tab-assumptions", Text("模型假设、许可与说明(区域元数据)",
                                         "Model assumptions, licences and notes (region metadata)"),
                 cols, tuple(rows), source=SourceLine(Text("region.toml [meta]",
                                                           "region.toml [meta]")))


def _analyses_table(sections: list[Section]) -> Table | None:
    seen: dict[tuple[str, str], tuple[Text, SourceLine]] = {}
    for sec in sections:
        for block in sec.blocks:
            lines: list[SourceLine] = []
            if block.kind in ("figure", "table") and block.source is not None:
                lines.append(block.source)
            if block.kind == "headlines":
                lines += [h.source for h in block.items if h.source is not None]
            for line in lines:
                k = (line.text.en, _join(line.sources))
                if (line.text.en or line.sources) and k not in seen:
                    seen[k] = (sec.title, line)
    if not seen:
        return None
    rows = []
    for title, line in seen.values():
        rows.append((_fmt.text_cell(title), _fmt.text_cell(line.text),
                     Cell(Text.same(_join(line.sources, " | ")), css="sources")))
    cols = (Text("章节", "Section"), Text("分析与说明", "Analysis and notes"), t("sources"))
    return Table("tab-analyses", Text("本报告使用的分析及其来源", "Analyses used in this report and "
                                      "their sources"), cols, tuple(rows))


def _missing_table(sections: list[Section]) -> Table | Note:
    rows = []
    for sec in sections:
        for note in sec.missing():
            rows.append((_fmt.text_cell(sec.title), _fmt.text_cell(note.text)))
        for block in sec.blocks:
            if block.kind == "headlines":
                for h in block.items:
                    if h.missing is not None:
                        rows.append((_fmt.text_cell(sec.title), _fmt.text_cell(h.label + Text(
                            ":", ": ") + h.missing)))
    if not rows:
        return Note(Text("本报告没有缺失的分析。", "Nothing is missing from this report."))
    cols = (Text("章节", "Section"), Text("缺失内容与原因", "What is missing and why"))
    return Table("tab-missing", Text("缺失的数据与分析", "Missing data and analyses"), cols,
                 tuple(rows))
