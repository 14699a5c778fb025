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
}
