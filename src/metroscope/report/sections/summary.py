"""Section 1, Summary: the headline numbers with sources and quality tags, and a map of the
area (units by role, rail lines by status)."""

from __future__ import annotations

import datetime as _dt
import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from ... import network, overview
from ...indicators import primacy as indicators_primacy
from ...scenario import effects as scenario_effects
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
    """``primacy_table(region, measure=...)`` value of ``metric`` and the whole result. The
    core's share of the parent (``share_of_parent_pct``) is that of the headline year
    (:func:`~metroscope.indicators.primacy.headline_share_year`: the latest year with the
    parent's own total, as on the dashboard), never a later year on the units' sum alone."""
    year = None
    if metric == "share_of_parent_pct":
        try:
            trend = inp.run(indicators_primacy.primacy_trend, inp.region, measure=measure,
                            key=("primacy_trend", measure))
            year = indicators_primacy.headline_share_year(trend)
        except AnalysisError:
            year = None
    tab = inp.run(indicators_primacy.primacy_table, inp.region, measure=measure, year=year,
                  key=("primacy", measure, year))
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
            missing = note_text(tab.loc[metric, "note"])  # a message reads in Chinese too
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
        trend = inp.run(indicators_primacy.primacy_trend, inp.region, measure=measure,
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
                gap_dir=Text("低" if gap >= 0 else "高", "below" if gap >= 0 else "above"),
                share_dir=Text("高" if pp >= 0 else "低", "is higher" if pp >= 0 else "is lower"),
                pp=_fmt.number(abs(pp), 1))
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
        pref = inp.run(overview.prefecture_population_change, inp.region,
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
        roles = inp.run(overview.population_change_by_role, inp.region,
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
    label = tf("gdp_headline", year="—")
    try:
        tab = inp.run(overview.latest_gdp, inp.region, key=("latest_gdp",))
        core = inp.region.core_code()
    except AnalysisError as exc:
        return [missing_headline("core_gdp", label, exc)]
    if tab.empty or core not in tab.index:
        return [Headline(key="core_gdp", label=label, value=None, display=Text("缺失", "missing"),
                         missing=Text("核心城市无GDP数据", "no GDP for the core"))]
    row = tab.loc[core]
    year = int(row["year"])
    stale = _dt.date.today().year - year > _data.MAX_LATEST_AGE_YEARS
    label = (tf("gdp_headline_stale", year=year, max_age=_data.MAX_LATEST_AGE_YEARS) if stale
             else tf("gdp_headline", year=year))
    return [Headline(key="core_gdp", label=label, value=float(row["gdp_cny_100m"]),
                     display=_fmt.cny_100m(row["gdp_cny_100m"]), year=str(int(row["year"])),
                     quality=str(row["quality"]),
                     source_kind=_data.kind_range(_data.rows(inp.region, "gdp", codes=[core],
                                                             years=[int(row["year"])])),
                     source=source_line(
                         tab, extra_sources=[str(row["source"])]))]


def circle_share(inp: ReportInputs, key: str, region: Any) -> Any:
    """Result of ``metroscope.network.commuting_circle`` for one region (cached by key); not
    available (never 0 %) when the region has no network."""
    _data.require_network(region, "fastest")
    return inp.run(network.commuting_circle, region, mode="fastest",
                   key=("circle", key, "fastest"))




def _scenario_headline(inp: ReportInputs, key: str, title: Text, region: Any) -> Headline:
    """What the scenario changes: people gaining more than 15 min (value), and in the text the
    population within 60/90/120 min before -> after and the unit whose time changed most;
    when no total moves, the text says what did change."""
    label = Text(f"情景:{title.zh} — 到核心时间缩短15分钟以上的人口",
                 f"Scenario {title.en}: people whose time to the core falls by more than 15 min")
    try:
        eff = inp.run(scenario_effects.scenario_effects, inp.region, region,
                      key=("scenario_effects", key))
    except AnalysisError as exc:
        return missing_headline(f"gain_15_{key}", label, exc)
    s = eff.attrs.get("metroscope", {}).get("summary", {})
    within = s.get("population_within", {})
    parts_zh, parts_en = [], []
    for minutes, (before, after) in sorted(within.items(), key=lambda kv: float(kv[0])):
        m = f"{float(minutes):g}"
        b, a = _fmt.persons(before), _fmt.persons(after)
        parts_zh.append(f"{m}分钟内 {b.zh}→{a.zh}")
        parts_en.append(f"within {m} min {b.en} → {a.en}")
    top = s.get("largest_change")
    if top:
        move = Text(f"变化最大:{top['name_zh']} {top['before_min']:.0f}→{top['after_min']:.0f} 分钟",
                    f"largest change: {top['name_en']} {top['before_min']:.0f} → "
                    f"{top['after_min']:.0f} min")
    else:
        move = Text("到核心的时间没有变化", "no unit's time to the core changes")
    if not s.get("crosses_threshold"):
        head = Text("没有人口跨过60/90/120分钟阈值;", "no one crosses the 60/90/120-min "
                    "thresholds; ")
    else:
        head = Text("; ".join(parts_zh) + ";", "; ".join(parts_en) + "; ")
    people = float(s.get("people_gaining", 0.0))
    shown = _fmt.persons(people)
    sens = s.get("headway_sensitivity")
    if sens:
        lo, hi = sens["headway_min"]
        p_lo, p_hi = (_fmt.persons(v) for v in sens["people_gaining"])
        move = move + Text(f";无公布班次的线路按假定发车间隔 {lo:g}–{hi:g} 分钟:{p_lo.zh}–{p_hi.zh}",
                           f"; lines without a published frequency at an assumed headway of "
                           f"{lo:g}–{hi:g} min: {p_lo.en} – {p_hi.en}")
    display = Text(f"{shown.zh}({head.zh}{move.zh})", f"{shown.en} ({head.en}{move.en})")
    return Headline(key=f"gain_15_{key}", label=label, value=people, display=display,
                    source=source_line(eff))


def _circle_headlines(inp: ReportInputs) -> list[Headline]:
    out: list[Headline] = []
    for key, title, region in inp.regions():
        if key != "baseline":
            out.append(_scenario_headline(inp, key, title, region))
            continue
        label = Text(f"1小时通勤圈(最快方式门到门)内人口占比(核心与成员单元,部分纳入单元另计):"
                     f"{title.zh}",
                     f"Share of the area's population (core and member units; partial units "
                     f"apart) within 1 hour of the core (fastest door-to-door trip, road or "
                     f"rail): {title.en}")
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
    """Map of the area: county polygons by role (prefecture outlines over them), the core and
    member cities labelled, units without a polygon as points, rail lines by status, a scale
    bar."""
    from .. import _mapview

    region = inp.region

    def build_fig(lang: str) -> go.Figure:
        import plotly.graph_objects as go

        fig = go.Figure()
        for tr in _maps.base_polygons(region, lang):
            fig.add_trace(tr)
        for tr in _maps.rail_traces(region, lang):
            fig.add_trace(tr)
        for tr in _maps.unpolygoned_points(region, lang):
            fig.add_trace(tr)
        for tr in _maps.place_labels(region, lang):
            fig.add_trace(tr)
        return _mapview.finish(fig, region, lang, height=560)

    note = _maps.polygon_note(region)
    caption = Text(
        "都市圈范围:县级单元按角色着色,粗线为地级市界;标注核心与成员城市;铁路按状态绘制。"
        + note.zh,
        "The area: county-level units shaded by role, prefecture boundaries in bold; the core "
        "and member cities labelled; rail lines by status. " + note.en)
    src = SourceLine(Text("单元边界与驻地:区域数据 units 表;铁路:links 表",
                          "unit polygons and seats: the region's units table; rail: the links "
                          "table"))
    return bilingual("fig-overview-map", caption, build_fig, height_px=560, is_map=True,
                     source=src)


def _roles_table(inp: ReportInputs) -> Any:
    from ..context import Table

    tab = inp.run(overview.units_by_role, inp.region, key=("units_by_role",))
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
