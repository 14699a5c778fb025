"""Notes the analyses attach to their results (``attrs["metroscope"]["notes"]``), and the labels
of source lines, in Chinese and English. Part of :data:`metroscope.messages.CATALOGUE`.

Prefixes: ``net_`` routing and travel times, ``acc_`` accessibility and the circle, ``scn_``
scenarios, ``ov_`` the overview, ``ind_`` indicators, ``src_`` source lines, ``label_`` names
of analyses in source lines.
"""

from __future__ import annotations

from typing import Final

NOTES: Final[dict[str, tuple[str, str]]] = {
    # routing and travel times (metroscope.network)
    "net_no_headway": ("线路 {lines} 没有发车间隔数据:候车时间按0分钟计",
                       "no headway for line(s) {lines}: boarding wait 0"),
    "net_headway_none_known": ("网络中没有任何线路有发车间隔:线路 {line} 候车按0分钟计(可设置 assumed_headway_min)",
                               "no line of the network has a headway: line {line} boards with "
                               "no wait (set assumed_headway_min)"),
    "net_assumed_headway": ("线路 {line} (部分或全部区段)没有公布的发车频率:假定发车间隔 {h} 分钟({why})",
                            "line {line} has no published frequency (on some or all of its "
                            "links): assumed headway {h} min ({why})"),
    "net_headway_at_opening": ("以下线路的发车间隔按开通时的每日列车数计算(数据中没有现行时刻表,这些线路的候车时间可能与现行运营不同):{lines}",
                               "headways counted from the trains a day at the line's opening "
                               "(the data has no current timetable; waits on these lines may "
                               "differ from today's): {lines}"),
    "net_headway_from_setting": ("设置项 assumed_headway_min", "settings.assumed_headway_min"),
    "net_headway_median_same_mode": ("同类线路已公布间隔的中位数:{lines}",
                                     "median of the same-mode lines with a published "
                                     "frequency: {lines}"),
    "net_headway_median_any": ("各线路已公布间隔的中位数:{lines}",
                               "median of the lines with a published frequency: {lines}"),
    "net_estimated_roads": (
        "全国数据的路网:仅为相邻县级单元驻地之间的估算普通公路(大圆距离 × {detour:g},时速 {speed:g} 公里);"
        "本数据没有高速公路或铁路(仅东北地区的 changchun 数据有);出行时间为粗略估计",
        "china network: estimated ordinary roads between neighbouring county seats only "
        "(great-circle x {detour:g} at {speed:g} km/h); no expressway or rail facts in this dataset "
        "(expressway and rail facts exist only for north-east China, in the changchun dataset); "
        "travel times are rough estimates"),
    "net_origin_routed": ("起点 {origin} 经由 {route} 接入路网",
                          "origin {origin} routed through {route}"),
    "net_year_leaves_out": (
        "网络年份{year}不含{n}个{year}年以后才开通的运营路段,涉及:{lines}",
        "network year {year} leaves out {n} operating link(s) opened after {year}, on: {lines}"),
    "net_routed_through_seat": ("以下单元经由其驻地所在单元接入路网:{pairs}",
                                "routed through their seat unit: {pairs}"),
    "net_unserved": ("{n}个单元无法接入所选路网({network}):{codes}",
                     "{n} unit(s) without access to the {network}: {codes}"),
    "net_unreachable": ("{n}个有序单元对之间不可达(记为 inf),详见 unreachable_pairs()",
                        "{n} unreachable ordered pair(s) are inf; see unreachable_pairs()"),
    # accessibility and the commuting circle
    "acc_no_commuting_data": (
        "未计算通勤率口径的通勤圈:没有载入通勤流数据(2010/2020年人口普查表不含工作地流向);"
        "可载入 region.extra['commuting_flows'](起点、终点、通勤人数)",
        "commuting-rate circle not computed: no commuting-flow data are loaded (the 2010/2020 "
        "census tables carry no place-of-work flows); load region.extra['commuting_flows'] "
        "(origin, destination, commuters)"),
    "acc_area_missing": ("圈内面积只合计有面积的单元;圈内 {n} 个单元没有面积({codes})",
                         "area_km2_inside sums the units with an area; {n} unit(s) inside have "
                         "none ({codes})"),
    "acc_rail_without_train": ("铁路通勤圈内的{inside}个单元中有{n}个不乘火车即可到达(仅靠市内通勤段)",
                               "{n} of the {inside} units inside the rail circle are reached "
                               "without a train (intra-city leg only)"),
    "acc_assumed_position": ("{n}个单元在数据中没有位置,其节点设在另一单元驻地(单元→驻地所在单元:{units}),"
                             "其时间和可达性是假定值,并非实测",
                             "{n} unit(s) have no location in the data; their node stands at "
                             "another unit's seat (unit→seat of: {units}), so their times and "
                             "accessibility are assumed, not measured"),
    "net_year_no_service_patterns": ("网络年份{year}开通了{n}个尚未运营的路段,但不含情景的运营组织(如跨线直通运行);"
                                     "要包含它们,请用 metroscope scenario compare network-2030",
                                     "network year {year} opens {n} link(s) not yet in operation but not the "
                                     "service patterns of scenarios (through services over "
                                     "another line); use metroscope scenario compare "
                                     "network-2030 for them"),
    "acc_core_outside": ("核心单元 {code} {name} 在通勤圈之外:{why}",
                         "core unit {code} {name} is outside the circle: {why}"),
    "acc_core_unreachable": ("所选网络中不可达(没有接入记录或没有路径)",
                             "not reachable in the selected network (no access row or no path)"),
    "acc_core_over": ("所选网络中{mode}需 {minutes} 分钟,超过 {limit} 分钟阈值",
                      "{minutes} min by {mode} in the selected network, over the {limit} min "
                      "threshold"),
    "lq_ref_with_kind": ("{kind}:{desc}", "{kind}: {desc}"),
    "lq_ref_units": ("所比较的单元本身", "the units compared themselves"),
    "lq_ref_units_no_nation": ("所比较的单元本身(不属于同一省份,且没有全国数据)",
                               "the units compared themselves (no single province and no "
                               "national data)"),
    "lq_ref_units_no_province": ("所比较的单元本身(数据中没有省份)",
                                 "the units compared themselves (no province in the data)"),
    "lq_ref_nation": ("全国(全部地级单元,普查城市数据)",
                      "China (all prefecture-level units, census city file)"),
    "lq_ref_province_own": ("{name} {code}(本省普查数据)", "{name} {code} (its own census figures)"),
    "lq_ref_province_sum": ("{name} {code}(其 {n} 个{level}单元之和)",
                            "{name} {code} (sum of its {n} units at level {level})"),
    "acc_partial_apart": ("规划中部分纳入的{n}个单元({names},共{population}人)不计入规划范围人口和圈内"
                          "人口占比(数据不能说明哪一部分在规划范围内),单独列出:其中{inside}个在通勤圈内",
                          "the {n} unit(s) listed in part by the plan ({names}; {population} "
                          "persons) are left out of the plan-area population and the share "
                          "inside (the data do not say which part is in) and reported apart: "
                          "{inside} of them inside the circle"),
    "acc_uncoded_zones": ("2020年普查中{n}个无区划代码的开发区({names},共{population}人)随其所在地级市"
                          "的市辖区计入规划范围人口;它们没有自己的位置,只有当该市全部市辖区都在圈内"
                          "时才计入圈内人口:{inside}人计入圈内,{outside}人只计入规划范围人口",
                          "{n} zone(s) of the 2020 census without an administrative code "
                          "({names}; {population} persons) are counted in the plan area's "
                          "population with their prefecture's districts; they have no location "
                          "of their own, so they count inside the circle only when every "
                          "district of their prefecture is inside: {inside} persons inside, "
                          "{outside} persons in the plan-area population only"),
    "acc_uncoded_zones_unplaced": ("2020年普查中无区划代码的开发区有{population}人未计入规划范围"
                                   "人口:其所在地级市的市辖区只有一部分在规划范围内",
                                   "{population} persons of zones of the 2020 census without an "
                                   "administrative code are left out of the plan area's "
                                   "population: only some of their prefecture's districts are "
                                   "in the plan area"),
    # the comparison base of an LQ (``kind`` of lq_ref_with_kind)
    "lq_ref_codes": ("{n}个参照单元", "{n} reference units"),
    "lq_ref_note": ("参照区域:{note}", "reference: {note}"),
    "lq_ref_industries_missing": ("参照区域缺少这些行业,其区位熵记为缺失:{industries}",
                                  "industries missing from the reference region get no LQ "
                                  "(NaN): {industries}"),
    "lq_kind_province": ("本省", "province"),
    "lq_kind_nation": ("全国", "nation"),
    "lq_kind_units": ("单元本身", "units"),
    "ind_measure_employment": ("分行业就业(普查长表抽样,仅用其份额)",
                               "employment by industry (census long-form sample; shares only)"),
    # ageing stages by the share aged 65+ (UN 1956: 7 %; 14 % and 20 % conventions)
    "ind_ageing_stage_super": ("超老龄化(≥20%)", "super-aged (超老龄化, ≥20%)"),
    "ind_ageing_stage_aged": ("深度老龄化(≥14%)", "aged (深度老龄化, ≥14%)"),
    "ind_ageing_stage_ageing": ("老龄化(≥7%)", "ageing (老龄化, ≥7%)"),
    "ind_ageing_stage_young": ("未老龄化(<7%)", "young (<7%)"),
    "ind_ref_ageing": ("联合国 1956;2010年和2020年人口普查",
                       "United Nations 1956; population censuses 2010 and 2020"),
    "ind_ref_censuses": ("2010年和2020年人口普查", "Population censuses 2010 and 2020"),
    "ind_ref_census_2020": ("2020年人口普查", "Population census 2020"),
    "acc_zero_time_pairs": ("{n}对不同单元之间的出行时间为0分钟,不计入幂函数衰减的潜力值(t^-a 在0处无定义)",
                            "{n} pair(s) of distinct units 0 minutes apart left out of the "
                            "power-decay potential (t^-a undefined at 0)"),
    "acc_missing_mass": ("{codes} 缺少{mass}数据:在加权时间、日可达量和潜力可达性中按0计;"
                         "其他单元的总质量因此未知,其可达质量占比(reachable_mass_share)留空,"
                         "缺少质量的单元数见 n_missing_mass",
                         "no {mass} for {codes}: counted as 0 in the weighted times and the "
                         "daily and potential sums; the other units' total mass is therefore "
                         "unknown, so their reachable_mass_share is missing (n_missing_mass "
                         "counts the units without a mass)"),
    # accessibility's refusal when no unit of the matrix's level has a value of the mass
    "acc_no_mass": ("区域“{region}”的{level}单元没有“{mass}”数据{year};{hint}",
                    "No '{mass}' values for the {level} units of region '{region}'{year}; {hint}"),
    "acc_no_mass_year": ("({year}年)", " in {year}"),
    "acc_no_mass_other_level": ("“{mass}”只有{levels}单元有数据{why}:请指定 level='{level}'"
                                "(命令行:--level {level}),或改用其他质量指标。",
                                "'{mass}' has values for {levels}-level units only{why}: give "
                                "level='{level}' (command line: --level {level}), or choose "
                                "another mass."),
    "acc_no_mass_gdp": ("(GDP 按地级市公布,县级没有)",
                        " (GDP is published for prefectures, not for counties)"),
    "acc_no_mass_load": ("请载入该指标,或改用其他质量指标。",
                         "load the indicator or choose another mass."),
    "acc_2sfca_weights": ("两步均使用同一权重,阈值含边界(与 PySAL access 1.1.10 一致)",
                          "same weight in both steps, inclusive cut-off (as PySAL access "
                          "1.1.10)"),
    # scenarios
    "scn_linkage_with_core": (
        "与核心的联系强度:按县级单元人口、{mode}出行时间的{exponent}次方为阻抗(k = 1)计算到核心"
        "驻地单元的引力联系;没有驻地坐标的单元不计算",
        "linkage_with_core: linkage_intensity(level='county', mass='population', friction = "
        "{mode} minutes ^ {exponent}, k = 1) to the core's seat unit; units without seats have "
        "none"),
    "scn_no_linkage": ("未计算联系强度:metroscope.indicators 不可用",
                       "linkage intensity not computed: metroscope.indicators is not available"),
    # overview
    "ov_comparable_only": (
        "有边界调整或缺少普查人口的单元不计入,但边界只在彼此之间调整的单元合并为可比单元计入:{units}",
        "units with a boundary break or a missing census count are excluded, except where they "
        "form a consolidated unit (units whose boundaries moved among themselves): {units}"),
    "ov_census_missing": ("缺少2010或2020年普查人口", "census 2010 or 2020 population missing"),
    "ov_no_gdp": ("没有GDP数据", "no GDP rows"),
    # indicators
    "ind_migration_incomplete": (
        "{year}年数据不全(相应份额为NaN):{codes}",
        "incomplete in {year} (NaN shares): {codes}"),
    "ind_shrinking": (
        "在{n_known}个可比单元中,{n_shrink}个在{start}–{end}年间人口收缩(变化 < {threshold} %);"
        "{n_unknown}行没有可比的变化值",
        "{n_shrink} of the {n_known} units with a comparable change are shrinking (change < "
        "{threshold} % over {start}-{end}); {n_unknown} rows have no comparable change"),
    "ind_definitions_differ": (
        "{start}年用的是{kind_start},{end}年用的是{kind_end}:口径不同(普查为11月1日时点数,"
        "统计公报为年末常住人口)",
        "{start} uses the {kind_start} and {end} the {kind_end}: different definitions (census "
        "on 1 November, year-end resident population of the bulletins)"),
    "ind_census_count": ("普查人口", "census count"),
    "ind_yearend_figure": ("年末常住人口", "year-end figure"),
    "ind_trend_breaks": ("“序列断点”标出与此前年份不可比的年份(如经济普查修订),跨越断点解读趋势需谨慎",
                         "series_break marks years whose figures are not comparable with "
                         "earlier years (e.g. economic-census revisions): read the trend across "
                         "them with care"),
    "ind_years_thin": ("剔除的年份(有数值的单元不足{share}):{years}",
                       "years left out (fewer than {share} of the units have a value): {years}"),
    "ind_not_every_year": ("剔除(并非每年都有数据):{codes}",
                           "left out (not present in every year): {codes}"),
    "ind_sd_log_trend": ("对数标准差 {first_value} ({first}) → {last_value} ({last}):{trend}",
                         "sd_log {first_value} ({first}) -> {last_value} ({last}): {trend}"),
    "ind_falling": ("下降(σ收敛)", "falling (σ-convergence)"),
    "ind_not_falling": ("未下降", "not falling"),
    "ind_across_break": ("{trend}——跨越序列断点,水平值不严格可比",
                         "{trend} — across a series break, so the levels are not strictly "
                         "comparable"),
    "ind_price_basis_current": ("GDP 当年价,亿元", "GDP at current prices, 亿元"),
    "ind_gdp_nominal_levels": ("GDP为当年价:水平值为名义值", "GDP at current prices: levels are "
                               "nominal"),
    "ind_gdp_nominal_growth": ("GDP为当年价:增长为名义增长", "GDP at current prices: growth is "
                               "nominal"),
    "cons_reason_no_code": ("边界变动说明提到没有代码的单元,其数值不在数据中",
                            "the break note names units without a code, whose values are not in "
                            "the data"),
    "cons_reason_no_end": ("{codes}没有期末数值", "no end value for {codes}"),
    "cons_reason_no_start": ("所有成员都没有期初数值", "no start value for any member"),
    "cc_note_benchmark": (
        "分项指数按给定基准标准化(克鲁格曼指数/2、成员比例%/100、1 − 距离/300 km、联系强度/最强成员),"
        "而不是在单元间做极差标准化:极差标准化使最低的单元-年份恰为0,因而无论其水平如何C = D = 0"
        "(一种假象,例如吉林市2010年在三城计算中为“极度失调”,D = 0.000)",
        "sub-indices normalised against stated benchmarks (Krugman index / 2, membership % / "
        "100, 1 − distance / 300 km, linkage / the strongest member's), not min-max over the "
        "units: min-max gives the lowest unit-year exactly 0 and therefore C = D = 0 whatever "
        "its level (an artefact, e.g. 吉林市 2010 '极度失调' with D = 0.000 on three cities)"),
    "areas_note_zones": ("开发区没有2010年普查数据;其2010年人口视为包含在同组市辖区的2010年数据中",
                         "development zones have no 2010 census row; their 2010 population is "
                         "taken to be inside the 2010 counts of the same group's districts"),
    "ind_migration_county_relative": ("普查按居住地所在县级单元统计“本省其他县”流入人口;加总到地级及以上单元后,"
                                      "其中包括本市其他区县之间的人户分离,不仅是来自本省其他地级市的人口,"
                                      "无法从普查表中区分",
                                      "the census counts 'from another county of the province' "
                                      "relative to the county-level unit of residence: summed to "
                                      "a prefecture or above it also holds people registered in "
                                      "another district or county of the same city (人户分离), "
                                      "not only migrants from other prefectures; the census "
                                      "tables cannot separate the two"),
    "region_parent_differs": ("{indicator} {year}:上级单元自身的数值与其下级单元之和不同:{items}"
                              "(括号内为下级之和、差值与相对差)",
                              "{indicator} {year}: the parent's own figure differs from its "
                              "children's sum: {items} (in brackets: the children's sum, the "
                              "gap and the relative gap)"),
    "areas_note_uncoded_zones": ("2020年普查中有39个开发区、新区和管理区没有区划代码(共342万人),"
                                 "其2020年人口计入所在地级市市辖区所属的组,与2010年口径一致",
                                 "39 development zones, new areas and management areas have no "
                                 "code in the 2020 census (3.42 million residents); their 2020 "
                                 "population is counted in the group holding their prefecture's "
                                 "districts, as in 2010"),
    "sp_note_members_only": ("范围:仅都市圈成员({n}个单元);以外的单元未计入(scope='all'时包含):"
                             "{codes}",
                             "scope: the metropolitan area's members only ({n} units); outside "
                             "units left out (scope='all' includes them): {codes}"),
    # notes of the core-versus-periphery rows (indicators.core_periphery)
    "cp_note_assumed": ("假设边界变动新设的单元({created})全部由核心区单元划出;边界变动记录同样涉及"
                        "{extra}(见合并单元一行)",
                        "assumes the units created by the boundary change ({created}) were "
                        "carved out of the core units only; the break records name the same "
                        "change for {extra} too (see the consolidated row)"),
    "cp_note_union": ("核心区单元由完整的合并单元组成",
                      "the core units are a union of whole consolidated units"),
    "cp_note_rest_of_core": ("核心地级市的普查总数(2010年按2020年边界)减去核心区;{note}",
                             "the core prefecture's census total (2010 on 2020 boundaries) "
                             "minus the core; {note}"),
    "cp_note_consolidated": ("{label}:边界变动涉及的全部单元之和",
                             "{label}: the union of every unit of the boundary change"),
    "cp_note_rest_outside": ("核心地级市的普查总数减去合并单元",
                             "the core prefecture's census total minus the consolidated units"),
    "cp_note_gdp": ("当年价(名义);GDP只有整个地级市的数值,因此这里的核心是整个核心地级市;"
                    "所取年份区间内任何成员都没有统计口径断裂",
                    "current prices (nominal); GDP exists only for whole prefectures, so the "
                    "core here is the whole core prefecture; span without a series break for "
                    "any member"),
    "cp_note_gdp_break": ("{start}至{end}年间{units}的统计口径断裂",
                          "series break between {start} and {end} for {units}"),
    # target clusters inside one census section (indicators.industry.division_of_labour)
    "ind_clusters_inseparable": ("{clusters}:人口普查无法区分", "{clusters} — census cannot "
                                 "separate them"),
    # why a unit's change is missing (indicators.population)
    "ind_why_no_value": ("{year}年无数值", "no value in {year}"),
    "ind_why_series_break": ("{start}至{end}年间存在序列断点(不可比)",
                             "series break between {start} and {end} (not comparable)"),
    "ind_why_two": ("{a};{b}", "{a}; {b}"),
    "ind_why_three": ("{a};{b};{c}", "{a}; {b}; {c}"),
    "ind_consolidated_row": ("由{n}个边界相互变动的单元合并而成(边界变动:{years})",
                             "consolidated unit of {n} units whose boundaries moved among "
                             "themselves (boundary change {years})"),
    "ind_consolidated_row_not_comparable": (
        "由{n}个边界相互变动的单元合并而成(边界变动:{years});不可比:{why}",
        "consolidated unit of {n} units whose boundaries moved among themselves (boundary "
        "change {years}); not comparable: {why}"),
    "ind_consolidated_change": ("合并单元{label}:{start}年{value_start}人 → {end}年{value_end}人",
                                "consolidated unit {label}: {value_start} -> {value_end} "
                                "persons ({start} -> {end})"),
    "ind_consolidated_not_comparable": ("合并单元{label}不可比:{why}",
                                        "consolidated unit {label}: not comparable ({why})"),
    "ind_consolidated_used": ("{start}至{end}年间边界变动的单元合并为一个单元计入:{label}",
                              "units whose boundaries moved among themselves between {start} "
                              "and {end} enter as one consolidated unit: {label}"),
    "ind_left_out_break": ("因{start}至{end}年间存在序列断点而剔除:{codes}",
                           "left out for a series break between {start} and {end}: {codes}"),
    "ind_left_out_values": ("因{start}或{end}年缺少数值而剔除:{codes}",
                            "left out for lack of values in {start} or {end}: {codes}"),
    "ind_rank_size_too_few": ("仅{n}个单元(少于3个),不做位序-规模拟合",
                              "{n} unit(s), fewer than 3: no rank-size fit"),
    "ind_per_capita_published": (
        "{year}年{measure}为当年行政区划口径,而普查人口已调整到{boundary_year}年区划,其间边界有变动;"
        "以下单元改用公布的{year}年人均地区生产总值(人口按其反推,与{measure}同一口径):{codes}",
        "{measure} of {year} is on the {year} boundaries but the census population is adjusted to "
        "the {boundary_year} boundaries, and the boundary changed in between: for these units "
        "the published GDP per capita of {year} is used (population implied by it, on the "
        "boundary of {measure}): {codes}"),
    "ind_per_capita_no_same_boundary": (
        "{year}年{measure}为当年行政区划口径,而普查人口已调整到{boundary_year}年区划,其间边界有变动;"
        "没有同一口径的人口,以下单元不计入人均值:{codes}",
        "{measure} of {year} is on the {year} boundaries but the census population is adjusted to "
        "the {boundary_year} boundaries, and the boundary changed in between: no population on "
        "the same boundary, so these units have no per-capita value: {codes}"),
    "ind_left_out_measure": ("因{year}年缺少{measure}而剔除:{codes}",
                             "left out for lack of {measure} in {year}: {codes}"),
    "ind_zero_cells_filled": (
        "{n_cells}个缺失的行业单元格({n_units}个单元)记为0:这些单元其余行业之和已等于报告的就业总数"
        "(employed_sample_total)",
        "{n_cells} missing industry cells of {n_units} units set to 0: their other industries "
        "already sum to the reported total (employed_sample_total)"),
    "ind_flow_default_sectors_absent": ("默认的外向型部门中以下部门在此没有就业数据:{sectors}",
                                        "default sectors without employment data here: "
                                        "{sectors}"),
    "ind_flow_no_gdp": ("{year}年有 {n} 个单元没有GDP(官方统计中县级没有GDP):这些单元的城市流强度为空,"
                        "倾向度照常给出",
                        "no GDP in {year} for {n} unit(s) (counties have no GDP in the official "
                        "statistics): flow_intensity NaN there, tendency still given"),
    "ind_no_employment": ("{year}年没有分行业就业数据:{codes}",
                          "no employment by industry in {year} for: {codes}"),
    "ind_left_out_incomplete_employment": ("{year}年分行业就业数据不完整,已剔除:{codes}",
                                           "left out for incomplete employment data in "
                                           "{year}: {codes}"),
    "ind_industries_no_employment": ("这些单元中没有就业的行业(已剔除):{industries}",
                                     "industries with no employment in these units (dropped): "
                                     "{industries}"),
    "ind_industries_gappy": ("多个单元缺少以下行业,已剔除(不按0处理):{industries}",
                             "industries missing for many units, left out (not read as 0): "
                             "{industries}"),
    "ind_outside_province_left_out": ("{province}以外的单元未计入(以本省为基准):{codes}",
                                      "units outside {province} left out (the base is the "
                                      "province): {codes}"),
    "ind_rows_insufficient": ("{n_weak}/{n}行证据不足(抽样人数少于{min_n}人,或区位熵95%区间"
                              "包含{threshold}):不予推荐",
                              "{n_weak} of {n} rows have insufficient evidence (fewer than "
                              "{min_n} sampled persons, or a 95 % LQ interval containing "
                              "{threshold}): not recommended"),
    "ind_lqs_unreliable": ("{n}个区位熵中{n_weak}个不可靠(抽样人数少于{min_n}人或95%区间包含1);"
                           "样本量与标记:metroscope analyze lq_evidence",
                           "{n_weak} of {n} LQs are not reliable (fewer than {min_n} sampled "
                           "persons or a 95 % interval containing 1); sample sizes and flags: "
                           "metroscope analyze lq_evidence"),
    # the evidence verdict of a division-of-labour row (a value of its ``evidence`` column)
    "ind_evidence_sufficient": ("充分", "sufficient"),
    "ind_evidence_few": ("证据不足:抽样{n}人(少于{min_n}人)",
                         "insufficient evidence: {n} sampled persons (< {min_n})"),
    "ind_evidence_interval": ("证据不足:95%区间{low}–{high}包含{threshold}",
                              "insufficient evidence: 95 % interval {low}–{high} includes "
                              "{threshold}"),
    "ind_clusters_in_manufacturing": (
        "目标产业集群(新能源汽车 C36、光电信息 C39、医药 C27)都是制造业的大类;人口普查只报告制造业门类,"
        "因此这些数据无法区分它们",
        "the target clusters (new-energy vehicles C36, optoelectronics C39, pharmaceuticals C27) "
        "are divisions of manufacturing; the census reports only the manufacturing section, so "
        "they cannot be told apart in these data"),
    "ind_no_seats_distance": ("没有驻地坐标(距离为空,改用出行时间):{codes}",
                              "no seat coordinates (distance_km NaN; travel times used): {codes}"),
    "ind_k_missing_gdp": ("k = 1:本年部分单元缺少GDP", "k = 1: GDP is missing for some units in "
                          "this year"),
    "ind_zero_friction": ("{n}对单元阻抗为0(驻地重合):联系强度为空",
                          "{n} pair(s) with zero friction (coincident seats): linkage NaN"),
    "ind_missing_linkage": ("{n}个单元的两两联系量缺失(缺少质量、距离或出行时间),没有合计,不计入份额:{codes}",
                            "{n} unit(s) with a missing pair linkage (no mass, distance or "
                            "travel time) have no total and are left out of the shares: {codes}"),
    "ind_latest_partial_year": ("没有任何年份所有单元都有{measure};使用有数值的最近年份({year})",
                                "no year has {measure} for every unit; used the latest year with "
                                "any value ({year})"),
    "ind_mass_population": (
        "质量 = 人口:这些单元没有GDP(县级单元在官方统计中没有GDP),无法构造 √(P·G)",
        "mass = population: no GDP exists for these units (counties have no GDP in the official "
        "statistics), so sqrt(P*G) cannot be formed"),
    "ind_no_positive_mass": ("因{year}年缺少正的{mass}质量而剔除:{codes}",
                             "left out for lack of a positive {mass} mass in {year}: {codes}"),
    "ind_no_seats": ("因缺少驻地坐标而剔除:{codes}", "left out for lack of seat coordinates: "
                     "{codes}"),
    "ind_no_travel_times": ("因缺少出行时间而剔除:{codes}", "left out for lack of travel times: "
                            "{codes}"),
    "ind_no_dominant_centre": ("{n}个地点到任何中心都没有可用的距离或出行时间,没有主导中心:{codes}",
                               "{n} location(s) with no usable distance or travel time to any "
                               "centre have no dominant centre: {codes}"),
    "ind_zero_values_theil": ("部分数值为0:泰尔L指数无定义(空),泰尔T按 0·ln 0 = 0 计算",
                              "some values are 0: Theil L is undefined (NaN); Theil T uses "
                              "0·ln 0 = 0"),
    "ind_core_mass_linkage": ("核心 {core}:占质量的 {mass_pct} %,占联系总量的 {linkage_pct} %",
                              "core {core}: {mass_pct} % of the mass, {linkage_pct} % of the "
                              "total linkage"),
    "ind_share_total_gaps": (
        "各年份的 share_of_parent_pct 均以{parent}的{basis}为分母;{years}年没有该总量,因此这些年份的"
        "份额留空,而不改用各单元之和(以各单元之和为分母的序列见 share_units_sum_pct)",
        "share_of_parent_pct uses the {basis} of {parent} in every year; it has no such total in "
        "{years}, so the share is missing there rather than switched to the sum of the units "
        "(see share_units_sum_pct for a series on that denominator)"),
    # the denominator of the core's share (primacy), as the note and parent_basis say it
    "ind_label_user_total": ("{parent}的用户提供总量", "user-supplied total of {parent}"),
    "ind_label_the_set": ("这组单元", "the set"),
    "ind_label_no_parent": ("没有上级单元", "no parent unit"),
    "ind_label_no_reported": ("{parent}在{year}年没有公布的 {measure}",
                              "no reported {measure} of {parent} in {year}"),
    "ind_label_user_row": ("{parent}的用户提供数值(统计行)", "user-supplied figure of {parent} (stats row)"),
    "ind_label_reported": ("{parent}的公布数", "reported figure of {parent}"),
    "ind_label_units_sum": ("各单元之和", "sum of the units"),
    "ind_label_units_sum_of": ("{parent}各单元之和", "sum of the units of {parent}"),
    "ind_label_incomplete": ("{label}:数据不全,不计算份额", "{label}: incomplete, so no share"),
    "ind_primacy_denominator": ("{lead}分母:{basis}", "{lead}denominator: {basis}"),
    "ind_primacy_share_gap": (
        "{lead}{parent}在{year}年没有{basis}:其他年份均以{parent}的{basis}为分母,因此该年份额留空,"
        "而不改用各单元之和(以各单元之和为分母的份额见 share_of_units_sum_pct)",
        "{lead}{parent} has no {basis} in {year}: the other years divide by the {basis} of "
        "{parent}, so the share is missing here rather than switched to the sum of the units "
        "(see share_of_units_sum_pct for the share on that denominator)"),
    "ind_primacy_rank1_not_core": ("{note};第1位是 {code},不是核心",
                                   "{note}; rank 1 is {code}, not the core"),
    "ind_primacy_core_not_unit": (
        "核心 {core} 不是{level}单元:份额以最大单元 {leader} 代替核心,各指数描述的也是最大单元,"
        "而不是核心(核心的首位度请用地级单元计算)",
        "the core {core} is not a {level} unit: the largest unit, {leader}, stands in "
        "for it in the share, and every index describes the largest unit, not the core (the "
        "core's primacy: at prefecture level)"),
    "ind_primacy_core_absent": ("核心不在这些单元中,以最大单元代替;",
                                "the core is not among these units: the largest unit stands in; "),
    "ind_primacy_incomplete": ("数据不全:{codes}在{year}年没有 {measure}",
                               "incomplete: no {measure} in {year} for {codes}"),
    "ind_primacy_r2": ("秩-规模回归(OLS)的 R²", "R² of the rank-size OLS"),
    "ind_rank_refused": ("不计算:至少需要 {need} 个单元,这组只有 {n} 个",
                         "refused: needs at least {need} units, the set has {n}"),
    "ind_rank_refused_county": ("不计算:至少需要 {need} 个单元,这组只有 {n} 个(请改用 --level county)",
                                "refused: needs at least {need} units, the set has {n} (switch to "
                                "--level county)"),
    "ind_basis_official_total": ("官方公布的总量", "official total"),
    "ind_basis_user_total": ("用户提供的总量", "user total"),
    "ind_basis_units_sum": ("各单元之和", "units sum"),
    "ind_years_pooled": ("多年合并后再标准化", "years pooled before standardising"),
    "ind_years_unavailable": ("所选年份{years}未计入:并非每个指标在这些年份都有数据",
                              "years asked for {years} left out: not every indicator has data "
                              "in them"),
    "ind_year_skipped": ("{year}年未计入:{reason}", "{year} skipped: {reason}"),
    "ind_year_incomplete": ("{year}年未计入:{codes}的数据不全",
                            "{year} skipped: incomplete for {codes}"),
    # keys of notes given as a dict ({"no_seat": [codes]}), e.g. by metroscope.flows
    "flow_placed_at_anchor": ("没有驻地坐标,按网络数据置于所依附城区的驻地(单元 → 依附单元):{anchors}",
                              "no seat coordinates: placed at the seat of the district they are "
                              "anchored to in the network data (unit → anchor): {anchors}"),
    "flow_merged_colocated": ("{rows}个单元与其他单元位于同一地点,辐射模型将其合并为{n}处计算;"
                              "每处的流量按各单元的人口(作为终点)和出行量(作为起点)分回各单元,"
                              "同一处内各单元之间不计流量:{groups}",
                              "{rows} units share their point with another unit and were merged "
                              "into {n} places for the radiation model; each place's flows are "
                              "split back to its units in proportion to their population (as "
                              "destinations) and their trips (as origins), and the model gives "
                              "no flow between the units of one place: {groups}"),
    "flow_no_value": ("因缺少{year}年{indicator}数值而剔除:{codes}",
                      "left out for lack of a {year} {indicator} value: {codes}"),
    "flow_mean_kept_probability": ("截断后各起点保留的概率平均为 {value:.4f}",
                                   "mean probability kept per origin after truncation: {value:.4f}"),
    # source lines (report and CLI)
    "src_notes": ("说明", "notes"),
    "src_method_details": ("方法细节", "Method details"),
    "src_parameters": ("参数", "parameters"),
    "src_not_translated": ("(另有一条仅以英文记录的说明,见英文版)", "(English only)"),
    "src_door_to_door": ("{mode}门到门出行时间(分钟)", "door-to-door travel time by {mode}, "
                         "minutes"),
    "mode_rail": ("铁路", "rail"),
    "mode_road": ("公路", "road"),
    "mode_fastest": ("最快方式", "fastest"),
    # names of analyses in source lines
    "label_primacy": ("首位度", "primacy"),
    "label_primacy_trend": ("首位度历年变化", "primacy over time"),
    "label_rank_size": ("位序-规模", "rank-size"),
    "label_spillover_table": ("辐射表", "spillover table"),
    "label_linkage_intensity": ("经济联系强度", "linkage intensity"),
    "label_population_change": ("人口变化", "population change"),
    "label_population_change_by_role": ("按角色的人口变化", "population change by role"),
    "label_prefecture_population_change": ("地级人口变化", "population change of prefectures"),
    "label_units_by_role": ("按角色的单元", "units by role"),
    "label_latest_gdp": ("最新GDP", "latest GDP"),
    "label_commuting_circle": ("1小时通勤圈", "commuting circle"),
    "label_commuting_circle_summary": ("通勤圈汇总", "commuting circle summary"),
    "label_travel_time_min": ("出行时间", "travel times"),
    "label_accessibility": ("可达性", "accessibility"),
    "label_scenario_comparison": ("情景对比", "scenario comparison"),
    "label_location_quotients": ("区位熵", "location quotients"),
    "label_similarity_matrix": ("产业结构相似系数", "structural similarity"),
    "label_division_of_labour": ("分工表", "division of labour"),
    "label_theil": ("泰尔指数", "Theil index"),
    "label_sigma_convergence": ("σ收敛", "σ-convergence"),
    "label_beta_convergence": ("β收敛", "β-convergence"),
    "label_integration_index": ("一体化指数", "integration index"),
    "label_coupling_coordination": ("耦合协调度", "coupling coordination"),
    "label_radiation_flows": ("辐射模型通勤流", "radiation-model flows"),
    "label_gravity_flows": ("引力模型通勤流", "gravity-model flows"),
    "label_core_share_of_flows": ("核心在流量中的份额", "core's share of flows"),
    "label_ageing": ("人口老龄化", "ageing"),
    "label_breaking_points": ("断裂点", "breaking points"),
    "label_calibration_residuals": ("校准残差", "calibration residuals"),
    "label_coefficient_of_variation": ("变异系数", "coefficient of variation"),
    "label_core_periphery": ("核心—外围", "core and periphery"),
    "label_entropy_weights": ("熵权", "entropy weights"),
    "label_field_strength": ("场强", "field strength"),
    "label_hinterlands": ("腹地(场强最大的中心)", "hinterlands (the centre of strongest field)"),
    "label_gini": ("基尼系数", "Gini coefficient"),
    "label_gravity_fit": ("引力模型拟合", "gravity-model fit"),
    "label_integration_panel": ("一体化面板", "integration panel"),
    "label_integration_weights": ("一体化权重", "integration weights"),
    "label_locations": ("位置", "locations"),
    "label_membership_degree": ("隶属度", "membership degree"),
    "label_metro_area_comparison": ("都市圈比较", "metropolitan-area comparison"),
    "label_metro_area_list": ("都市圈列表", "metropolitan-area list"),
    "label_migration_shares": ("迁移份额", "migration shares"),
    "label_opportunity_screen": ("机会筛查", "opportunity screen"),
    "label_population": ("人口", "population"),
    "label_population_projection": ("人口预测", "population projection"),
    "label_rail_lines": ("铁路线路", "rail lines"),
    "label_road_calibration_residuals": ("道路校准残差", "road calibration residuals"),
    "label_scenario_effects": ("情景效果", "scenario effects"),
    "label_target_clusters": ("目标产业集群", "target clusters"),
    "label_two_step_fca": ("两步移动搜索法可达性", "two-step floating catchment (2SFCA)"),
    "label_unreachable_pairs": ("不可达单元对", "unreachable pairs"),
    "label_urbanisation": ("城镇化", "urbanisation"),
    "label_weight_sensitivity": ("权重敏感性", "weight sensitivity"),
}
