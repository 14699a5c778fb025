"""Every fixed string of the report, in Chinese and English, in one place.

Section builders and templates look strings up by key with :func:`t`; labels of statistics
come from :mod:`metroscope.measures`. A test checks that every key has both languages.
"""

from __future__ import annotations

from typing import Final

from .context import Text

STRINGS: Final[dict[str, tuple[str, str]]] = {
    # page furniture
    "report": ("都市圈监测报告", "Metropolitan-area report"),
    "contents": ("目录", "Contents"),
    "language": ("语言", "Language"),
    "generated": ("生成于", "Generated"),
    "offline_note": ("本文件自包含, 无需联网即可查看。", "This file is self-contained and works offline."),
    "scenarios": ("情景", "Scenarios"),
    "baseline": ("现状", "Baseline"),
    "source": ("来源", "Source"),
    "sources": ("来源", "Sources"),
    "sources_n": ("个来源", "sources"),
    "quality": ("质量", "Quality"),
    "year": ("年份", "Year"),
    "missing": ("缺失", "Missing"),
    "not_available": ("暂不可用", "Not yet available"),
    "needs": ("需要", "needs"),
    "analysis_failed": ("分析未能完成", "Analysis failed"),
    "no_data": ("数据缺失", "No data"),
    "unit": ("单元", "Unit"),
    "code": ("代码", "Code"),
    "role": ("角色", "Role"),
    "level": ("层级", "Level"),
    "value": ("数值", "Value"),
    "count": ("数量", "Count"),
    "page": ("页", "page"),
    # roles and levels
    "role_core": ("核心", "core"),
    "role_member": ("成员", "member"),
    "role_partial": ("部分纳入", "partial member"),
    "role_context": ("外围参照", "context"),
    "level_province": ("省", "province"),
    "level_prefecture": ("地级", "prefecture"),
    "level_county": ("县级", "county"),
    # statuses
    "status_operating": ("运营", "operating"),
    "status_under_construction": ("在建", "under construction"),
    "status_planned": ("规划", "planned"),
    "status_approved": ("已批复", "approved"),
    "status_completed": ("已完成", "completed"),
    "status_proposed": ("提出", "proposed"),
    # national metropolitan areas (metroscope areas, section "areas")
    "areas_list_title": ("国家级都市圈(按国家发展改革委复函先后)",
                         "National metropolitan areas (in order of the NDRC replies)"),
    "areas_list_caption": (
        "人口:万人,2020年普查;单元 = 县级单元(括号内为核心);地区人口 = 核心 + 成员(部分纳入单元不计);"
        "核心 = 核心城市中城镇化率≥75%的市辖区及开发区;成员名单:已列明 / 待核实(来源要求核实)/ "
        "未公布(只有核心,地区人口缺失)。",
        "Population in 10,000 persons, census 2020; units = county-level units (core in "
        "brackets); area = core + members (partial units left out); core = the core city's "
        "districts with an urban share >= 75 % and its development zones; members: listed / "
        "re-verify (the source asks to) / none (not published: core only, no area total)."),
    "areas_col_area": ("都市圈", "Area"),
    "areas_col_order": ("序", "#"),
    "areas_col_ndrc_reply": ("复函", "Reply"),
    "areas_col_core_name": ("核心", "Core"),
    "areas_col_n_units": ("单元", "Units"),
    "areas_col_n_core": ("核心单元", "Core units"),
    "areas_col_population_2020": ("人口", "Pop."),
    "areas_col_core_population_2020": ("核心人口", "Core pop."),
    "areas_col_members_status": ("成员名单", "Members"),
    "members_listed": ("已列明", "listed"),
    "members_reverify": ("已列明(来源待核实)", "listed (source to re-verify)"),
    "members_not_published": ("来源未公布", "not published in the source"),
    "members_listed_short": ("已列明", "listed"),
    "members_reverify_short": ("待核实", "re-verify"),
    "members_not_published_short": ("未公布", "none"),
    "areas_progress": ("比较各都市圈", "Comparing the areas"),
    "areas_group_population": ("人口(普查2010、2020)", "Population (census 2010, 2020)"),
    "areas_group_structure": ("结构:老龄化、城镇化、首位度、位序-规模、单元差异",
                              "Structure: ageing, urbanisation, primacy, rank-size, inequality"),
    "areas_group_industry": ("产业结构(2020年普查长表就业比重)",
                             "Industry (census 2020 long-form employment shares)"),
    "areas_group_gdp_access": ("GDP(2015年,年鉴,质量C,非当前值)与可达性",
                               "GDP (2015 yearbook, quality C, not current) and accessibility"),
    "areas_rank_of": ("{area}的位次", "Rank of {area}"),
    "areas_missing_header": ("缺失值的原因:", "Why values are missing:"),
    "areas_definitions": (
        "定义与来源:见 metroscope.areas 文档与 DATA.md(全部都市圈采用同一定义)。",
        "Definitions and sources: the metroscope.areas docstring and DATA.md (one definition "
        "for every area)."),
    "unit_persons": ("万人", "10k"),
    "unit_cny_100m": ("亿元", "100m yuan"),
    "area_population_2010": ("人口2010", "Pop. 2010"),
    "area_population_2020": ("人口2020", "Pop. 2020"),
    "area_population_change_pct": ("人口变化", "Pop. change"),
    "area_core_population_2010": ("核心人口2010", "Core pop. 2010"),
    "area_core_population_2020": ("核心人口2020", "Core pop. 2020"),
    "area_core_change_pct": ("核心变化", "Core change"),
    "area_rest_change_pct": ("外围变化", "Rest change"),
    "area_population_partial_2020": ("部分纳入单元人口2020", "Partial units' pop. 2020"),
    "area_core_share_pct": ("核心人口占比", "Core share"),
    "area_share_age_65_plus_pct": ("65岁+占比", "Aged 65+"),
    "area_core_share_age_65_plus_pct": ("核心65岁+", "Core aged 65+"),
    "area_urbanisation_pct": ("城镇化率", "Urbanisation"),
    "area_core_urbanisation_pct": ("核心城镇化率", "Core urbanisation"),
    "area_primacy_two_city": ("两城市指数", "Two-city index"),
    "area_rank_size_q": ("位序-规模指数q", "Rank-size q"),
    "area_urban_share_cv": ("城镇化率变异系数", "Urban-share CV"),
    "area_employment_primary_pct": ("第一产业就业", "Primary jobs"),
    "area_employment_secondary_pct": ("第二产业就业", "Secondary jobs"),
    "area_employment_tertiary_pct": ("第三产业就业", "Tertiary jobs"),
    "area_employment_manufacturing_pct": ("制造业就业", "Manufacturing jobs"),
    "area_core_employment_manufacturing_pct": ("核心制造业就业", "Core manufacturing jobs"),
    "area_krugman_core_rest": ("核心-外围专业化指数", "Krugman core vs rest"),
    "area_industry_similarity_mean": ("城市间结构相似度", "Similarity between cities"),
    "area_core_gdp_2015_cny_100m": ("核心城市GDP 2015", "Core city GDP 2015"),
    "area_accessibility_60min_pct": ("60分钟可达人口占比", "Pop. within 60 min"),
    "why_no_network": ("数据中没有交通网络,无法计算", "not available: the data have no transport "
                                                  "network"),
    "why_no_network_short": ("无网络", "no network"),
    "why_members_not_published": ("来源未公布成员名单(只有核心)",
                                  "member list not published in the source (core only)"),
    "why_members_not_published_short": ("无成员名单", "no members"),
    "why_too_few_cities": ("城市少于3个", "fewer than 3 cities"),
    "why_too_few_cities_short": ("城市<3", "<3 cities"),
    "why_incomplete": ("有单元缺少普查数值(不做部分求和)",
                       "a unit lacks the census value (no partial sums)"),
    "why_incomplete_short": ("数据不全", "incomplete"),
    "areas_not_national": ("本区域不是18个国家级都市圈之一,无法比较。",
                           "This region is not one of the 18 national metropolitan areas, so it "
                           "is not compared."),
    "areas_members_caveat": (
        "本都市圈的成员名单在来源中未公布或需要核实:地区层面的数值缺失或有待核实。",
        "This area's member list is not published in the source or must be re-verified: its "
        "area-level values are missing or provisional."),
    "areas_definitions_note": (
        "核心 = 核心城市中2020年城镇化率≥75%的市辖区及其开发区(各都市圈同一规则);地区 = 核心 + 成员"
        "(部分纳入单元不计);行业比重来自2020年普查长表抽样;GDP只有2015年年鉴数据(质量C),不是当前值;"
        "数据中没有全国交通网络,因此可达性缺失。位次:1 = 数值最大(城镇化率变异系数:最小)。",
        "Core = the core city's districts with a 2020 urban share >= 75 % and its development "
        "zones (one rule for every area); area = core + members (partial units left out); "
        "industry shares from the census 2020 long-form sample; GDP exists only for 2015 "
        "(yearbook, quality C) and is not a current value; the data have no national transport "
        "network, so accessibility is missing. Rank 1 = the largest value (urban-share CV: the "
        "smallest)."),
    "areas_col_measure": ("指标", "Measure"),
    "areas_col_rank": ("位次", "Rank"),
    "areas_col_median": ("各都市圈中位数", "Median of the areas"),
    "areas_table_title": ("与其他国家级都市圈的比较", "Compared with the other national areas"),
    "areas_no_dots": ("可比较的都市圈少于2个,不绘制点图。",
                      "Fewer than 2 areas have these values: no dot plot."),
    "areas_others": ("其他都市圈", "other areas"),
    "areas_dots_x": ("百分比(%)", "percent (%)"),
    "areas_dots_caption": ("各都市圈的数值(灰点),本都市圈以红色菱形标出。",
                           "Each area's value (grey dots); this area is the red diamond."),
    # reader messages for analyses that cannot run (no developer text in the page)
    "missing_analysis": ("{title}:本区域无法计算——{why}", "{title}: not available for this area — {why}"),
    "reason_gdp": ("需要同一年份各单元的GDP与人口;本区域的GDP年份:{years}",
                   "it needs GDP and population of the same year for every unit; GDP years in "
                   "these data: {years}"),
    "reason_network": ("数据中没有所需的交通网络", "the data have no transport network for it"),
    "reason_generic": ("数据中缺少所需的数值(详见运行日志)",
                       "the data lack the values it needs (details in the run log)"),
    "none_available": ("无", "none"),
    "no_network_mode": ("本区域数据中没有{mode}网络,因此无法计算通勤圈(不是0%)",
                        "not available: the data have no {mode} network for this area (not 0 %)"),
    "mode_rail": ("铁路", "rail"),
    "mode_road": ("道路", "road"),
    "mode_fastest": ("交通", "transport"),
    "gdp_headline": ("核心城市GDP({year}年)", "Core GDP ({year})"),
    "gdp_headline_stale": ("核心城市GDP({year}年;数据中最新的一年,距今超过{max_age}年,并非当前值)",
                           "Core GDP ({year}: the newest year in the data, more than {max_age} "
                           "years old, not a current value)"),
    "analysis_spillover_table": ("核心辐射效应", "Spillover from the core"),
    "analysis_linkage_intensity": ("经济联系强度", "Linkage intensity"),
    "analysis_theil": ("泰尔指数", "Theil index"),
    "analysis_sigma_convergence": ("σ收敛", "σ convergence"),
    "analysis_beta_convergence": ("β收敛", "β convergence"),
    "analysis_integration_index": ("一体化指数", "Integration index"),
    "analysis_coupling_coordination": ("耦合协调度", "Coupling coordination"),
    "analysis_primacy_table": ("首位度", "Primacy"),
    "analysis_primacy_trend": ("首位度变化", "Primacy over time"),
    # section titles
    "sec_summary": ("概览", "Summary"),
    "sec_primacy": ("首位度与辐射效应", "Primacy and spillover"),
    "sec_population": ("人口变化", "Population"),
    "sec_commuting": ("1小时通勤圈", "The 1-hour commuting circle"),
    "sec_accessibility": ("可达性", "Accessibility"),
    "sec_industry": ("产业分工", "Industry"),
    "sec_inequality": ("差异、收敛与一体化", "Inequality, convergence and integration"),
    "sec_flows": ("通勤流潜力", "Flows"),
    "sec_projects": ("项目库", "Projects"),
    "sec_notes": ("数据与方法说明", "Data and method notes"),
    "sec_areas": ("在全国国家级都市圈中的位置", "Among China's national metropolitan areas"),
    "lead_areas": (
        "用同一套定义(2010、2020年人口普查,县级单元)比较18个国家级都市圈:本都市圈的数值、位次与"
        "18个都市圈的中位数。成员名单未公布的都市圈只比较核心。",
        "The 18 national metropolitan areas compared with the same definitions (census 2010 and "
        "2020, county-level units): this area's value, its rank and the median of the areas. "
        "Areas whose member list is not published are compared on their core only."),
    # section leads
    "lead_summary": (
        "都市圈的核心数字:核心城市的经济与人口份额、两城市指数、成员单元的人口变化,以及1小时通勤圈"
        "覆盖的人口份额(现状与各情景)。每个数字都注明来源与数据质量等级(A–D)。",
        "The headline numbers of the area: the core's shares of GDP and population, the two-city "
        "index, the population change of the members, and the share of the area's population inside "
        "the 1-hour circle today and under each scenario. Each number carries its source and "
        "quality tag (A–D).",
    ),
    "lead_primacy": (
        "核心城市的首位度随时间的变化,以及核心对各成员的经济联系强度(引力模型)。",
        "How dominant the core is over time, and the strength of its economic linkage with "
        "each member (gravity model).",
    ),
    "lead_population": (
        "2010年与2020年人口普查之间各县级单元的常住人口变化,以及收缩和老龄化的单元。",
        "Change of the resident population of each county-level unit between the 2010 and 2020 "
        "censuses, and the shrinking and ageing units.",
    ),
    "lead_commuting": (
        "各单元政府驻地到核心的最短出行时间(现状与各情景);60分钟以内的单元构成1小时通勤圈。",
        "Shortest travel time from each unit's seat to the core, today and under each scenario; "
        "units within 60 minutes form the 1-hour commuting circle.",
    ),
    "lead_accessibility": (
        "各单元的可达性指标及各情景带来的提升。",
        "Per-unit accessibility measures and the gains each scenario brings.",
    ),
    "lead_industry": (
        "基于人口普查长表行业从业人口的区位商、产业结构相似系数与分工指数。",
        "Location quotients, structural similarity and division of labour from the census "
        "long-form employment by industry.",
    ),
    "lead_inequality": (
        "泰尔指数及其分解、σ/β收敛与一体化指数。",
        "The Theil index and its decomposition, σ/β convergence, and integration indices.",
    ),
    "lead_flows": (
        "辐射模型与引力模型估计的通勤潜力,以及核心在流入量中的份额。",
        "Commuting potential from the radiation and gravity models, and the core's share of "
        "inbound flows.",
    ),
    "lead_projects": (
        "项目库:状态、目标年份与来源。",
        "The project pipeline with status, target years and sources.",
    ),
    "lead_notes": (
        "本报告使用的全部来源、许可、质量等级、估计值与注意事项。",
        "Every source, licence, quality tag, estimate and caveat used in this report.",
    ),
}


def t(key: str) -> Text:
    """The string ``key`` in both languages.

    Raises
    ------
    KeyError
        When ``key`` is not in :data:`STRINGS` (names the key).
    """
    try:
        zh, en = STRINGS[key]
    except KeyError:
        msg = f"No report string {key!r}; add it to metroscope/report/_i18n.py STRINGS."
        raise KeyError(msg) from None
    return Text(zh, en)


def tf(key: str, **values: object) -> Text:
    """The string ``key`` with ``str.format`` fields filled in both languages."""
    base = t(key)
    return Text(base.zh.format(**values), base.en.format(**values))


def role(role_name: str) -> Text:
    """Label of a unit role (core, member, partial, context)."""
    return t(f"role_{role_name}") if f"role_{role_name}" in STRINGS else Text.same(role_name)


def status(status_name: str) -> Text:
    """Label of a link or project status."""
    key = f"status_{status_name}"
    return t(key) if key in STRINGS else Text.same(status_name)


def measure(name: str) -> Text:
    """Label of a registered statistic (the raw name when unregistered)."""
    from ..measures import label

    return Text(label(name, "zh"), label(name, "en"))
