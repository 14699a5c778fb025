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
    # web dashboard (metroscope serve)
    "web_nav_overview": ("总览", "Overview"),
    "web_nav_indicators": ("指标", "Indicators"),
    "web_nav_travel": ("出行与通勤圈", "Travel and the circle"),
    "web_nav_scenarios": ("情景", "Scenarios"),
    "web_nav_industry": ("产业与流动", "Industry and flows"),
    "web_nav_report": ("报告", "Report"),
    "web_report_hint": ("为当前区域与所选情景生成双语报告(HTML自包含,可离线查看;PDF分页并带目录)。首次生成需要一些时间。",
                        "Build the bilingual report of this region and the chosen scenarios "
                        "(self-contained HTML that works offline, or a paginated PDF with a "
                        "table of contents). The first build takes a while."),
    "web_format": ("格式", "Format"),
    "web_build_report": ("生成并下载", "Build and download"),
    "web_navigation": ("导航", "Navigation"),
    "web_region": ("区域", "Region"),
    "web_go": ("前往", "Go"),
    "web_data_as_of": ("数据截至", "Data as of"),
    "web_stats": ("统计", "statistics"),
    "web_census": ("普查", "census"),
    "web_sign_in": ("登录", "Sign in"),
    "web_sign_out": ("退出", "Sign out"),
    "web_token": ("令牌", "Token"),
    "web_login_hint": ("输入由 metroscope token create 生成的令牌。写入操作(保存情景等)需要写权限。",
                       "Paste a token made by metroscope token create. Writes (saving a "
                       "scenario, ...) need scope write."),
    "web_login_failed": ("令牌无效。", "Unknown token."),
    "web_working": ("计算中…", "Working…"),
    "web_footer": ("数据与方法见 DATA.md 与 docs/", "data and methods: DATA.md and docs/"),
    "web_cards": ("核心指标", "Headline indicators"),
    "web_break": ("口径变化", "break"),
    "web_sparkline": ("近年走势", "recent trend"),
    "web_project_tracker": ("项目跟踪", "Project tracker"),
    "web_project": ("项目", "Project"),
    "web_kind": ("类型", "Kind"),
    "web_status": ("状态", "Status"),
    "web_target_year": ("目标年份", "Target year"),
    "web_tracker_hint": ("项目位置取其涉及单元驻地的平均位置;状态与来源来自区域的项目表。",
                         "A project's pin sits at the mean seat position of the units it "
                         "concerns; status and sources come from the region's projects table."),
    "web_scenario_shown": ("当前情景", "Showing"),
    "web_units_inside": ("圈内县级单元", "County-level units inside"),
    "web_population_inside": ("圈内人口", "Population inside"),
    "web_share_inside": ("占规划范围人口比重", "Share of the plan area's population"),
    "web_pp": ("个百分点", "pp"),
    "web_mean_time": ("规划范围单元到核心的平均铁路时间(分钟)",
                      "Mean rail time to the core, plan-area units (minutes)"),
    "web_unreachable": ("个单元不可达", "units unreachable"),
    "web_joins": ("新进入通勤圈", "Newly inside"),
    "web_circle_hint": ("铁路门到门出行时间(含接驳与候车)到核心城市驻地在阈值(默认60分钟)以内的单元。切换情景或阈值,地图与数字随之更新。",
                        "Units whose door-to-door rail time (access and waiting included) to "
                        "the core's seat is within the threshold (60 minutes by default). Switch "
                        "the scenario or the threshold to update the map and the numbers in "
                        "place."),
    "web_statistics": ("统计数据", "Statistics"),
    "web_statistic": ("指标", "Statistic"),
    "web_from_year": ("起始年", "From year"),
    "web_to_year": ("截止年", "To year"),
    "web_units_pick": ("单元(可多选)", "Units (several allowed)"),
    "web_show": ("显示", "Show"),
    "web_rows": ("行", "rows"),
    "web_breaks": ("不可比年份(口径变化)", "Breaks in the series"),
    "web_download": ("下载", "Download"),
    "web_analyses": ("分析指标", "Analyses"),
    "web_analysis": ("分析", "Analysis"),
    "web_measure": ("度量", "Measure"),
    "web_run": ("运行", "Run"),
    "web_reference": ("参考文献", "Reference"),
    "web_origin": ("起点", "Origin"),
    "web_core": ("核心城市", "The core"),
    "web_mode": ("方式", "Mode"),
    "web_mode_rail": ("铁路(门到门)", "rail (door to door)"),
    "web_mode_road": ("公路", "road"),
    "web_mode_fastest": ("最快方式", "fastest"),
    "web_threshold": ("阈值(分钟)", "Threshold (minutes)"),
    "web_network_year": ("网络年份", "Network year"),
    "web_today": ("现状", "today"),
    "web_units_within": ("个县级单元在阈值以内", "county-level units within the threshold"),
    "web_travel_times": ("出行时间", "Travel times"),
    "web_scenario_list": ("情景列表", "Scenarios"),
    "web_scenario_show": ("情景内容", "A scenario's edits"),
    "web_scenario_compare": ("比较两个情景", "Compare two scenarios"),
    "web_compare": ("比较", "Compare"),
    "web_scenario_editor": ("情景编辑器", "Scenario editor"),
    "web_editor_hint": ("修改一条线路的速度、发车间隔或开通年份,与现状比较后显示变化;可另存为新情景(需写权限令牌)。",
                        "Change a line's speed, headway or opening year, re-run against the "
                        "base and see the deltas; save it as a new scenario (needs a write "
                        "token)."),
    "web_base": ("基础情景", "Base"),
    "web_line": ("线路", "Line"),
    "web_parameter": ("参数", "Parameter"),
    "web_param_speed_kph": ("设计速度(公里/小时)", "design speed (km/h)"),
    "web_param_headway_min": ("发车间隔(分钟)", "headway (minutes)"),
    "web_param_open_year": ("开通年份", "opening year"),
    "web_faster_units": ("出行时间缩短的单元", "Units with a shorter trip"),
    "web_changed_units": ("变化的单元(到核心的时间,分钟)", "Units that change (time to the core, minutes)"),
    "web_new_name": ("新情景名称", "New scenario name"),
    "web_save": ("另存为新情景", "Save as a new scenario"),
    "web_save_hint": ("需要登录(写权限令牌)。", "Needs a signed-in write token."),
    "web_saved": ("已保存", "Saved"),
    "web_lq": ("区位商(人口普查长表就业)", "Location quotients (census long-form employment)"),
    "web_lq_flag": ("带*的格子:普查样本少于%d人(相对标准误差约大于%d%%),结果不可靠。",
                    "Cells with *: fewer than %d persons in the census sample (relative "
                    "standard error above about %d%%): unreliable."),
    "web_division": ("产业分工", "Division of labour"),
    "web_flows_map": ("通勤流潜力(辐射模型)", "Commuting potential (radiation model)"),
    "web_flows_hint": ("地图显示最大的%d条县际流。", "The map shows the %d largest flows between counties."),
    "web_core_share": ("核心在各单元流量中的份额", "The core's share of each unit's flows"),
    # denominators of shares (primacy headline, trend)
    "denom_official": ("分母:{p}公布的{year}年总量。", "Denominator: the {year} total reported for {p}."),
    "denom_user": ("分母:用户提供的{p}{year}年总量。", "Denominator: a user-supplied {year} total of {p}."),
    "denom_units_sum": (
        "分母:{p}所辖{n}个单元之和({total}),因数据中没有{p}{year}年的官方总量。",
        "Denominator: the sum of {p}'s {n} units ({total}), because the data hold no official "
        "{year} total of {p}."),
    "denom_gap": (
        "{gy}年两种分母都有:单元之和比官方总量{sign}{gap_pct},按单元之和算的占比{dir}{pp}个百分点"
        "(各市州之和与全省核算口径不同,如单列统计的地区)。",
        "In {gy}, when both exist, the units' sum is {gap_pct} {below} the official total and the "
        "share on it {higher} by {pp} points (prefecture sums and provincial accounts differ, e.g. "
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
}
