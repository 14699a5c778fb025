"""Strings of the national metropolitan-area comparison (``metroscope areas``, the report's
areas section and the web's areas page), in Chinese and English. Part of the one catalogue,
:data:`metroscope.messages.CATALOGUE`."""

from __future__ import annotations

from typing import Final

AREAS: Final[dict[str, tuple[str, str]]] = {
    # national metropolitan areas: list, comparison, measures, reasons
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
    "areas_bases": (
        "口径(2020年):人口、变化、核心占比、65岁及以上比重、城镇化率、两城市指数、位序-规模指数和60分钟"
        "可达占比都按县级单元加上归入其中的无代码开发区计算(开发区的城镇人口和65岁及以上比重取自同一普查行);"
        "城镇化率变异系数和行业比重只按有代码的县级单元计算(开发区不是单元,其长表就业抽样不在数据集中)。",
        "Bases (2020): population, change, core share, aged 65+, urbanisation, two-city index, "
        "rank-size and the 60-minute shares count the county-level units and the uncoded zones "
        "placed with them (the zones' urban population and 65+ share from the same census "
        "rows); the urban-share CV and the industry shares are over the coded county-level "
        "units only (the zones are not units, and their long-form employment sample is not in "
        "the dataset)."),
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
    "area_primacy_two_city": ("两城市指数(核心区 ÷ 其余最大“城市”,核心地级市在圈内的其余部分计为一城)",
                              "Two-city index (core ÷ largest other 'city'; the rest of the core "
                              "prefecture in the area counts as one)"),
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
    "areas_period_access": ("2020年人口,现状网络", "2020 population, today's network"),
    "area_accessibility_60min_pct": ("60分钟可达人口占比(本地路网实测;核心与成员单元,部分纳入单元另计)",
                                     "Pop. within 60 min (own routed network; core and member "
                                     "units, partial units apart)"),
    "area_accessibility_60min_lower_bound_pct": ("60分钟可达人口占比下限(估算普通道路)",
                                                 "Pop. within 60 min, lower bound (estimated "
                                                 "ordinary roads)"),
    "why_estimated_network_only": ("本都市圈没有可路由的实测路网,只有估算普通道路的下限",
                                   "no routed network of this area: only the lower bound from "
                                   "the estimated ordinary-road layer"),
    "why_estimated_network_only_short": ("仅有估算下限", "estimate only"),
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
    "why_uncoded_zones_split": ("2020年普查中无代码的开发区无法归入某一组(其所在地级市的市辖区分属不同组"
                                "或不全在都市圈内)",
                                "2020 census zones without a code cannot be placed in one group "
                                "(their prefecture's districts are split between groups or not "
                                "all in the area)"),
    "why_uncoded_zones_split_short": ("开发区无法归组", "zones unplaced"),
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
        "60分钟可达人口占比只在有本地实测路网的都市圈(长春)按最快方式计算;其他都市圈只有按估算普通道路"
        "(相邻县城大圆距离×1.3、60公里/小时,无高速公路和铁路)得到的下限,两者分列,不混合。位次:1 = 数值最大(城镇化率变异系数:最小)。",
        "Core = the core city's districts with a 2020 urban share >= 75 % and its development "
        "zones (one rule for every area); area = core + members (partial units left out); "
        "industry shares from the census 2020 long-form sample; GDP exists only for 2015 "
        "(yearbook, quality C) and is not a current value; the share within 60 minutes is "
        "measured only for an area with its own routed network (Changchun, fastest mode); the "
        "other areas have only a lower bound from the estimated ordinary-road layer "
        "(neighbouring county seats, great-circle x 1.3 at 60 km/h, no expressways or rail), "
        "shown in its own row and never mixed with the measured value. Rank 1 = the largest value (urban-share CV: the "
        "smallest)."),
    "areas_col_measure": ("指标", "Measure"),
    "areas_col_rank": ("位次", "Rank"),
    "areas_rank_alone": ("仅本都市圈有此数据,无从排名", "only this area has a value: no rank"),
    "areas_col_period": ("时期", "Period"),
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
}
