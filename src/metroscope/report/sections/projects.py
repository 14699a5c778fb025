"""Section 9, Projects: the pipeline with status, target years and sources."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import _fmt
from .._figures import PALETTE, base_layout, bilingual
from .._i18n import status as status_label
from .._i18n import t
from ..context import Note, SourceLine, Table, Text
from . import guard

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from .._inputs import ReportInputs
    from ..context import Section

STATUS_ORDER = ("operating", "completed", "under_construction", "approved", "planned",
                "proposed")


def _ordered(projects: pd.DataFrame) -> pd.DataFrame:
    rank = {s: i for i, s in enumerate(STATUS_ORDER)}
    key = projects["status"].map(lambda s: rank.get(str(s), len(rank)))
    return projects.assign(_rank=key).sort_values(["_rank", "target_year", "project_id"],
                                                  na_position="last").drop(columns="_rank")


def build(inp: ReportInputs, section: Section) -> None:
    """Timeline chart of target years by status, then the project table."""
    projects = inp.region.projects
    if projects.empty:
        section.blocks.append(Note(Text("该区域没有项目数据。", "The region has no projects table."),
                                   style="missing"))
        return
    projects = _ordered(projects)
    with guard(section):
        section.blocks.append(_timeline(projects))
    section.blocks.append(_table(inp, projects))


def _timeline(projects: pd.DataFrame) -> Any:
    has_year = projects["target_year"].notna()

    def build_fig(lang: str) -> go.Figure:
        import plotly.graph_objects as go

        fig = go.Figure()
        shown = projects[has_year]
        names = shown["name_zh"] if lang == "zh" else shown["name_en"]
        label = dict(zip(shown["project_id"], names.astype(str), strict=True))
        for i, (status, grp) in enumerate(shown.groupby("status", sort=False)):
            start = pd.to_numeric(grp["start"].astype(str).str[:4], errors="coerce")
            fig.add_trace(go.Scatter(
                x=grp["target_year"].astype(float).tolist(),
                y=[label[p] for p in grp["project_id"]], mode="markers",
                marker={"size": 13, "symbol": "diamond", "color": PALETTE[i % len(PALETTE)]},
                name=status_label(str(status)).get(lang),
                customdata=start.tolist(),
                hovertemplate="%{y}<br>" + ("目标年份" if lang == "zh" else "target")
                + " %{x}<extra>%{fullData.name}</extra>"))
        layout = base_layout("", height=max(260, 28 * len(shown) + 90))
        layout["xaxis"].update({"title": {"text": t("year").get(lang)}, "dtick": 1})
        layout["yaxis"].update({"autorange": "reversed", "automargin": True})
        layout["margin"].update({"l": 20})
        fig.update_layout(layout)
        return fig

    n_missing = int((~has_year).sum())
    caption = Text("项目目标年份(按状态)", "Project target years by status")
    if n_missing:
        caption = caption + Text(f";{n_missing} 个项目无目标年份,未在图中显示",
                                 f"; {n_missing} project(s) without a target year are not plotted")
    return bilingual("fig-projects", caption, build_fig,
                     height_px=max(260, 28 * int(has_year.sum()) + 90),
                     source=SourceLine(Text("项目表 projects(每行的来源见下表)",
                                            "the projects table (sources per row below)")))


def _table(inp: ReportInputs, projects: pd.DataFrame) -> Table:
    rows = []
    for _, p in projects.iterrows():
        budget = p.get("budget_cny_100m")
        ty = p["target_year"]
        rows.append((
            _fmt.text_cell(_fmt.unit_name(p["name_zh"], p["name_en"])),
            _fmt.text_cell(str(p["kind"])),
            _fmt.text_cell(status_label(str(p["status"])), css=f"status-{p['status']}"),
            _fmt.text_cell("" if _fmt.is_missing_str(p.get("start")) else str(p["start"])),
            _fmt.cell(ty, None if _fmt.is_missing(ty) else Text.same(str(int(ty))),
                      reason=Text("未公布目标年份", "no target year published")),
            _fmt.cell(budget, _fmt.cny_100m(budget), reason=Text("未公布投资额", "no budget published")),
            _fmt.text_cell(_unit_names(inp, p.get("codes"))),
            _fmt.text_cell(str(p["sources"]), css="sources"),
        ))
    cols = (Text("项目", "Project"), Text("类型", "Kind"), Text("状态", "Status"),
            Text("开工", "Start"), Text("目标年份", "Target year"), Text("投资", "Budget"),
            Text("涉及单元", "Units"), t("sources"))
    return Table("tab-projects", Text("项目库", "Project pipeline"), cols, tuple(rows),
                 source=SourceLine(Text("项目表 projects", "the projects table")))


def _unit_names(inp: ReportInputs, codes: Any) -> Text:
    if _fmt.is_missing_str(codes):
        return Text.same("")
    u = inp.region.units
    zh, en = [], []
    for c in str(codes).split(";"):
        c = c.strip()
        if c in u.index:
            zh.append(str(u.at[c, "name_zh"]))
            en.append(str(u.at[c, "name_en"]))
        elif c:
            zh.append(c)
            en.append(c)
    return Text("、".join(zh), ", ".join(en))
