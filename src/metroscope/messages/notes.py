"""Notes the analyses attach to their results (``attrs["metroscope"]["notes"]``), and the labels
of source lines, in Chinese and English. Part of :data:`metroscope.messages.CATALOGUE`.

Prefixes: ``net_`` routing and travel times, ``acc_`` accessibility and the circle, ``scn_``
scenarios, ``ov_`` the overview, ``flow_`` notes of the flow models given as a dict; the
indicators' notes (``ind_``) are in :mod:`.notes_indicators`, the source lines' labels
(``src_``, ``mode_``) and the names of analyses in them (``label_``) in :mod:`.labels`.
"""

from __future__ import annotations

from typing import Final

from .labels import SOURCE_LABELS
from .notes_indicators import INDICATOR_NOTES

NOTES: Final[dict[str, tuple[str, str]]] = {
    **INDICATOR_NOTES,
    **SOURCE_LABELS,
    # routing and travel times (metroscope.network)
    "net_no_line_name": ("未标线路名的 {mode} 区段", "(no line) {mode}"),
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
    "net_rail_token_only": (
        "{n}个起讫对不通铁路(记为 inf):两地之间的每一条铁路出行,最后下车的车站都是最初上车的车站"
        "(乘火车去而复返,并未把旅客带到别处);铁路视图要求城市之间的出行乘坐火车,此类出行不计",
        "{n} ordered pair(s) are not served by rail (inf): every rail trip between them would "
        "alight for the last time at the station it first boarded at (a train ride out and "
        "back that takes the traveller nowhere); the rail view's trips between cities ride a "
        "train, and such a trip does not count"),
    "net_reason_token_ride": (
        "不通铁路:每一条铁路出行最后下车的车站都是最初上车的车站(乘火车去而复返)",
        "not served by rail: every rail trip would alight for the last time at the station "
        "it first boarded at (a train ride out and back)"),
    # the reasons of unreachable_pairs()
    "net_reason_origin_no_access": ("起点 {code} 没有接入{network}节点的接入行",
                                    "origin {code} has no access row to a node of the "
                                    "{network}"),
    "net_reason_destination_no_access": ("终点 {code} 没有接入{network}节点的接入行",
                                         "destination {code} has no access row to a node of "
                                         "the {network}"),
    "net_reason_both": ("{first};{second}", "{first}; {second}"),
    "net_reason_no_path": ("{network}中没有路径(两地位于路网互不连通的部分)",
                           "no path in the {network} (separate network components)"),
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
    "acc_uncoded_zones_beyond": ("圈内人口(population_inside)另含规划范围以外{n}个无区划代码的开发区"
                                 "({names},共{population}人):其所在地级市的全部市辖区都在圈内;"
                                 "规划范围人口及其比重不含这些人",
                                 "population_inside also counts {n} zone(s) of the 2020 census "
                                 "without an administrative code beyond the plan area ({names}; "
                                 "{population} persons), whose prefecture's districts are all "
                                 "inside; the plan-area population and its share do not"),
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
    # the tidying of observed flows before a fit (metroscope.flows._observed)
    "flow_summed_repeated_pairs": ("{rows} 行重复了 {pairs} 个起讫点对({listed});"
                                   "每个起讫点对的流量已相加为一个观测值",
                                   "{rows} rows repeat {pairs} origin-destination pair(s) "
                                   "({listed}); their flows were summed into one observation "
                                   "per pair"),
    "flow_dropped_zero_outflow": ("{n} 个观测流出量为 0 的起点未参与拟合(其固定效应没有有限的"
                                  "估计值):{codes}",
                                  "{n} origin(s) with zero observed outflow were left out (their "
                                  "fixed effect has no finite estimate): {codes}"),
    "flow_dropped_zero_inflow": ("{n} 个观测流入量为 0 的终点未参与拟合(其固定效应没有有限的"
                                 "估计值):{codes}",
                                 "{n} destination(s) with zero observed inflow were left out "
                                 "(their fixed effect has no finite estimate): {codes}"),
}
