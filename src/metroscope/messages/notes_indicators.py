"""Notes of the indicators (``metroscope.indicators``) attached to their results, in Chinese and
English. Part of :data:`metroscope.messages.CATALOGUE` through :data:`metroscope.messages.notes.NOTES`;
prefix ``ind_``.
"""

from __future__ import annotations

from typing import Final

INDICATOR_NOTES: Final[dict[str, tuple[str, str]]] = {
    "ind_projection_caveat": (
        "按基期年均增长率恒定外推:不是预测;未考虑年龄结构、迁移变化、行政区划调整和政策",
        "constant-rate extrapolation of the base period's annual rate: not a forecast; it "
        "ignores age structure, migration shifts, boundary changes and policy"),
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
    # an item of region_parent_differs whose gap the census's uncoded zones explain exactly
    "region_parent_gap_zones": ("{item},差值即{year}年普查中没有区划代码、不属于任何县级单元的开发区"
                                "人口:{zones}(见表 uncoded_zones)",
                                "{item}, the gap being the {year} census's development zones "
                                "that have no code and belong to no county-level unit: {zones} "
                                "(table uncoded_zones)"),
    "areas_note_uncoded_zones": ("2020年普查中有39个开发区、新区和管理区没有区划代码(共342万人),"
                                 "其2020年人口(及其城镇人口和65岁及以上人口)计入所在地级市市辖区所属的组,"
                                 "与2010年口径一致;城镇化率和老龄化与人口用同一口径",
                                 "39 development zones, new areas and management areas have no "
                                 "code in the 2020 census (3.42 million residents); their 2020 "
                                 "population (and its urban and 65+ residents) is counted in "
                                 "the group holding their prefecture's districts, as in 2010, "
                                 "so urbanisation and ageing have the population's base"),
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
    "ind_units_no_employment": ("这些单元没有就业(已剔除):{codes}",
                                "units with no employment (dropped): {codes}"),
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
    # units left out, and the economic complexity index when it is not defined
    "ind_no_measure_for": ("{year} 年缺少{measure}的单元:{codes}", "no {measure} in {year} for: {codes}"),
    "ind_left_out_in": ("{year} 年未计入({why}):{codes}", "left out in {year} ({why}): {codes}"),
    "ind_eci_tied": ("经济复杂度指数无定义:第二大特征值重复,特征向量(以及每个单元的 ECI)取决于行列"
                     "的顺序;返回 NaN(与 ecomplexity 相同)",
                     "ECI undefined: the second-largest eigenvalue is repeated, so the "
                     "eigenvector (and every unit's ECI) depends on the order of the rows and "
                     "columns; NaN is returned (as ecomplexity does)"),
    "ind_eci_unoriented": ("经济复杂度指数的符号无法确定:特征向量与多样性不相关(如专业化互为镜像的"
                           "几组单元),按惯例无法定向;返回 NaN(与 ecomplexity 相同)",
                           "ECI sign undetermined: the eigenvector is uncorrelated with diversity "
                           "(e.g. blocks of units with mirrored specialisations), so the "
                           "convention cannot orient it; NaN is returned (as ecomplexity does)"),
}
