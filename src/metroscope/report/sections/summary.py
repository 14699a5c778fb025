"""Section 1, Summary: the headline numbers with sources and quality tags, and a map of the
area (units by role, rail lines by status)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import _data, _fmt, _maps
from .._analyses import AnalysisError, source_line
from .._figures import bilingual
from .._i18n import note as note_text
from .._i18n import role as role_label
from .._i18n import t, tf
from ..context import Headline, Headlines, Section, SourceLine, Text
from . import guard

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from .._inputs import ReportInputs

IND = ("metroscope.indicators", "metroscope.indicators.primacy")
NET = "metroscope.network"
OVERVIEW = "metroscope.overview"


def build(inp: ReportInputs, section: Section) -> None:
    """Headlines, then the overview map, then the units-by-role table."""
    items: list[Headline] = []
    items += _primacy_headlines(inp)
    items += _population_headlines(inp)
    items += _gdp_headline(inp)
    items += _circle_headlines(inp)
    section.blocks.append(Headlines(tuple(items)))
    for note in inp.notes:
        section.blocks.append(note)
    with guard(section):
        section.blocks.append(overview_map(inp))
    with guard(section):
        section.blocks.append(_roles_table(inp))


def missing_headline(key: str, label: Text, failure: AnalysisError) -> Headline:
    """A headline whose value is missing, with the reason."""
    return Headline(key=key, label=label, value=None, display=Text("缺失", "missing"),
                    missing=failure.note.text)


def primacy_value(inp: ReportInputs, measure: str, metric: str) -> tuple[float, Any]:
    """``primacy_table(region, measure=...)`` value of ``metric`` and the whole result."""
    tab = inp.run(IND, "primacy_table", inp.region, measure=measure, key=("primacy", measure))
    return float(tab.loc[metric, "value"]), tab


def _parent_name(inp: ReportInputs, tab: Any) -> Text:
    parent = tab.attrs.get("metroscope", {}).get("parameters", {}).get("parent")
    if parent is None or parent not in inp.region.units.index:
        return Text("上级单元", "the parent unit")
    u = inp.region.units.loc[parent]
    return Text(str(u["name_zh"]), str(u["name_en"]))


def _primacy_headlines(inp: ReportInputs) -> list[Headline]:
    out: list[Headline] = []
    specs = (
        ("core_gdp_share", "gdp", "share_of_parent_pct",
         Text("核心城市GDP占{p}比重", "Core's share of {p} GDP"), "pct"),
        ("core_population_share", "population", "share_of_parent_pct",
         Text("核心城市人口占{p}比重", "Core's share of {p} population"), "pct"),
        ("two_city_gdp", "gdp", "two_city_index",
         Text("两城市指数(GDP)", "Two-city index (GDP)"), "index"),
        ("two_city_population", "population", "two_city_index",
         Text("两城市指数(人口)", "Two-city index (population)"), "index"),
    )
    for key, measure, metric, label, kind in specs:
        try:
            value, tab = primacy_value(inp, measure, metric)
        except AnalysisError as exc:
            out.append(missing_headline(key, Text(label.zh.format(p=""), label.en.format(p="the")),
                                        exc))
            continue
        p = _parent_name(inp, tab)
        lab = Text(label.zh.format(p=p.zh), label.en.format(p=p.en))
        prov = tab.attrs.get("metroscope", {})
        year = prov.get("year")
        used = prov.get("parameters", {}).get("stats_indicators") or [measure]
        rows = pd.concat([_data.rows(inp.region, i, years=[year] if year is not None else None)
                          for i in used])
        display = _fmt.pct(value) if kind == "pct" else _fmt.number(value, 2)
        missing = None
        if math.isnan(value):
            missing = Text(str(tab.loc[metric, "note"]), str(tab.loc[metric, "note"]))
        note = denominator_note(inp, tab, p) if metric == "share_of_parent_pct" else None
        out.append(Headline(key=key, label=lab, value=None if math.isnan(value) else value,
                            display=display, year=str(year or ""),
                            quality=_data.quality_range(rows), source=source_line(tab),
                            missing=missing, note=note,
                            source_kind=_data.kind_range(rows)))
    return out


def denominator_note(inp: ReportInputs, tab: Any, parent: Text) -> Text | None:
    """Which denominator a share of ``primacy_table`` used and, when the two denominators
    (official total, sum of the units) both exist in some year, how far apart they are; for
    GDP, why the share differs from the published figure in the region's metadata."""
    prov = tab.attrs.get("metroscope", {})
    params = prov.get("parameters", {})
    year, basis = prov.get("year"), params.get("denominator")
    measure = prov.get("measure")
    if basis is None or year is None:
        return None
    if basis == "units_sum":
        total = params.get("units_sum")
        shown = (_fmt.cny_100m(total) if measure == "gdp" else _fmt.number(total, 0))
        note = tf("denom_units_sum", p=parent, n=int(tab.loc["share_of_parent_pct", "n_units"]),
                  total=shown, year=year)
    else:
        note = tf("denom_user" if basis == "user_total" else "denom_official", p=parent,
                  year=year)
    try:
        trend = inp.run(IND, "primacy_trend", inp.region, measure=measure,
                        key=("primacy_trend", measure))
    except AnalysisError:
        trend = None
    if trend is not None and "share_units_sum_pct" in trend.columns:
        both = trend.dropna(subset=["share_official_pct", "share_units_sum_pct"])
        if len(both):
            gy = int(both.index.max())
            r = both.loc[gy]
            ratio = float(r["share_official_pct"]) / float(r["share_units_sum_pct"])
            gap = 100 * (1 - ratio)  # how far the units' sum falls below the official total
            pp = float(r["share_units_sum_pct"]) - float(r["share_official_pct"])
            note = note + Text(" ", " ") + tf(
                "denom_gap", gy=gy, gap_pct=_fmt.pct(abs(gap)),
                sign=Text("低" if gap >= 0 else "高", ""), below=Text(
                    "", "below" if gap >= 0 else "above"),
                dir=Text("高" if pp >= 0 else "低", ""), higher=Text(
                    "", "is higher" if pp >= 0 else "is lower"), pp=_fmt.number(abs(pp), 1))
    press = inp.region.meta.get("press_core_gdp_share_pct")
    py = inp.region.meta.get("press_core_gdp_share_year")
    if measure == "gdp" and press is not None:
        key = "denom_press" if basis != "official_total" or int(py or 0) != int(year) \
            else "denom_press_same"
        note = note + Text(" ", " ") + tf(key, press=_fmt.pct(float(press)), py=py, p=parent)
    return note


def _population_headlines(inp: ReportInputs) -> list[Headline]:
    """Census change 2010 -> 2020 of the core and member prefectures (boundary-adjusted), then
    of the partially included counties (comparable units only)."""
    out: list[Headline] = []
    label = Text("{u}人口变化 2010→2020(普查)", "Population change of {u}, 2010→2020 (census)")
    q = _data.quality_range(_data.rows(inp.region, "population", years=[2010, 2020]))
    try:
        pref = inp.run(OVERVIEW, "prefecture_population_change", inp.region,
                       key=("prefecture_population_change",))
    except AnalysisError as exc:
        out.append(missing_headline("population_change", Text("人口变化", "Population change"),
                                    exc))
        pref = None
    if pref is not None:
        src = source_line(pref)
        u = inp.region.units
        for code in [c for c in inp.region.codes(roles=["core", "member"], level="prefecture")]:
            name = Text(str(u.at[code, "name_zh"]), str(u.at[code, "name_en"]))
            lab = Text(label.zh.format(u=name.zh), label.en.format(u=name.en))
            if code not in pref.index:
                out.append(Headline(key=f"population_change_pct_{code}", label=lab, value=None,
                                    display=Text("缺失", "missing"), missing=Text(
                                        "缺少2010或2020年普查人口", "no 2010 or 2020 census count")))
                continue
            v = float(pref.at[code, "change_pct"])
            out.append(Headline(key=f"population_change_pct_{code}", label=lab, value=v,
                                display=_fmt.pct(v, signed=True), year="2010→2020", quality=q,
                                source=src))
    try:
        roles = inp.run(OVERVIEW, "population_change_by_role", inp.region,
                        key=("population_change_by_role",))
    except AnalysisError as exc:
        out.append(missing_headline("population_change_partial", Text("人口变化", "Population "
                                                                     "change"), exc))
        return out
    if "partial" in getattr(roles, "index", []):
        row = roles.loc["partial"]
        rl = role_label("partial")
        lab = Text("部分纳入县级单元人口变化 2010→2020(普查)",
                   f"Population change of the {rl.en} counties, 2010→2020 (census)")
        if _fmt.is_missing(row["change_pct"]):
            notes = roles.attrs.get("metroscope", {}).get("notes") or []
            why = [note_text(n) for n in ([notes] if isinstance(notes, str) else notes)]
            out.append(Headline(key="population_change_pct_partial", label=lab, value=None,
                                display=Text("缺失", "missing"),
                                missing=Text(";".join(w.zh for w in why),
                                             "; ".join(w.en for w in why))))
        else:
            out.append(Headline(key="population_change_pct_partial", label=lab,
                                value=float(row["change_pct"]),
                                display=_fmt.pct(row["change_pct"], signed=True),
                                year="2010→2020", quality=q, source=source_line(roles)))
    return out


def _gdp_headline(inp: ReportInputs) -> list[Headline]:
    label = Text("核心城市GDP(最新年份)", "Core GDP (latest year)")
    try:
        tab = inp.run(OVERVIEW, "latest_gdp", inp.region, key=("latest_gdp",))
        core = inp.region.core_code()
    except AnalysisError as exc:
        return [missing_headline("core_gdp", label, exc)]
    if tab.empty or core not in tab.index:
        return [Headline(key="core_gdp", label=label, value=None, display=Text("缺失", "missing"),
                         missing=Text("核心城市无GDP数据", "no GDP for the core"))]
    row = tab.loc[core]
    return [Headline(key="core_gdp", label=label, value=float(row["gdp_cny_100m"]),
                     display=_fmt.cny_100m(row["gdp_cny_100m"]), year=str(int(row["year"])),
                     quality=str(row["quality"]),
                     source_kind=_data.kind_range(_data.rows(inp.region, "gdp", codes=[core],
                                                             years=[int(row["year"])])),
                     source=source_line(
                         tab, extra_sources=[str(row["source"])]))]


def circle_share(inp: ReportInputs, key: str, region: Any) -> Any:
    """Result of ``metroscope.network.commuting_circle`` for one region (cached by key)."""
    return inp.run(NET, "commuting_circle", region, mode="rail", key=("circle", key, "rail"))


def _circle_headlines(inp: ReportInputs) -> list[Headline]:
    out: list[Headline] = []
    for key, title, region in inp.regions():
        label = Text(f"1小时通勤圈(铁路门到门)内人口占比:{title.zh}",
                     f"Share of the area's population within 1 hour of the core by rail "
                     f"(door to door): {title.en}")
        try:
            res = circle_share(inp, key, region)
            value, year = circle_population_share(res)
        except AnalysisError as exc:
            out.append(missing_headline(f"circle_share_{key}", label, exc))
            continue
        out.append(Headline(key=f"circle_share_{key}", label=label, value=value,
                            display=_fmt.pct(value), year=str(year or ""),
                            source=source_line(res)))
    return out


def circle_population_share(res: Any) -> tuple[float, Any]:
    """The share (percent) of the area's population inside the circle, from a
    ``commuting_circle`` result (its provenance carries the summary)."""
    prov = res.attrs.get("metroscope", {})
    summary = prov.get("summary", {})
    if "share_plan_population_inside" in summary:
        return 100 * float(summary["share_plan_population_inside"]), summary.get(
            "population_year")
    msg = Text("commuting_circle 的结果中没有人口份额",
               "the commuting_circle result carries no population share")
    from ..context import Note

    raise AnalysisError(Note(msg, style="missing"))


def overview_map(inp: ReportInputs) -> Any:
    """Map of the area: prefecture polygons by role, county seats, rail lines by status."""
    region = inp.region

    def build_fig(lang: str) -> go.Figure:
        import plotly.graph_objects as go

        fig = go.Figure()
        for tr in _maps.base_polygons(region, lang):
            fig.add_trace(tr)
        for tr in _maps.rail_traces(region, lang):
            fig.add_trace(tr)
        u = region.units
        for r, colour in (("core", "#a93226"), ("member", "#d68910"), ("partial", "#f5b041")):
            codes = [str(c) for c in u.index[(u["role"] == r) & (u["level"] == "county")
                                             & u["seat_lon"].notna()]]
            if codes:
                fig.add_trace(_maps.seat_points(region, codes, lang, color=colour, size=8,
                                                name=role_label(r).get(lang), showlegend=True))
        prefs = [str(c) for c in u.index[(u["level"] == "prefecture")
                                         & u["role"].isin(_maps.FOCUS_ROLES)
                                         & u["seat_lon"].notna()]]
        if prefs:
            fig.add_trace(_maps.seat_labels(region, prefs, lang, size=12))
        fig.update_layout(_maps.geo_layout(region, "", height=560))
        return fig

    caption = Text(
        "都市圈范围:地级单元按角色着色(多边形);县级单元无边界数据,以政府驻地点表示;铁路按状态绘制。",
        "The area: prefectures shaded by role (polygons); counties have no polygons in the data "
        "and are drawn as points at their seats; rail lines by status.")
    src = SourceLine(Text("单元边界与驻地:区域数据 units 表;铁路:links 表",
                          "unit polygons and seats: the region's units table; rail: the links "
                          "table"))
    return bilingual("fig-overview-map", caption, build_fig, height_px=560, is_map=True,
                     source=src)


def _roles_table(inp: ReportInputs) -> Any:
    from ..context import Table

    tab = inp.run(OVERVIEW, "units_by_role", inp.region, key=("units_by_role",))
    u = inp.region.units
    rows = []
    for r, row in tab.iterrows():
        sel = u[(u["role"] == r) & (u["level"] == tab.attrs["metroscope"].get("level", "county"))]
        names = Text("、".join(sel["name_zh"].astype(str)), ", ".join(sel["name_en"].astype(str)))
        rows.append((
            _fmt.text_cell(role_label(str(r))),
            _fmt.cell(row["n_units"], _fmt.number(row["n_units"], 0)),
            _fmt.cell(row["population_2020"], _fmt.persons(row["population_2020"])),
            _fmt.text_cell(names),
        ))
    cols = (t("role"), Text("县级单元数", "County-level units"),
            Text("2020年常住人口", "Population 2020"), Text("单元", "Units"))
    return Table("tab-units-by-role", Text("按角色的县级单元(2020年普查)",
                                           "County-level units by role (census 2020)"),
                 cols, tuple(rows), source=source_line(tab))
