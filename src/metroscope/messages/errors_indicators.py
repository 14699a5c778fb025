"""Error messages of the indicators (the analyses, their shared inputs, the LQ evidence and the
analyses' options), in Chinese and English. Part of :data:`metroscope.messages.CATALOGUE`
through :data:`metroscope.messages.errors.ERRORS`; prefix ``err_``.
"""

from __future__ import annotations

from typing import Final

INDICATOR_ERRORS: Final[dict[str, tuple[str, str]]] = {
    # indicators (analyses and their shared inputs)
    "err_projection_horizon": ("预测的目标年份({horizon})必须晚于基期末年({base_end})且不晚于{last}"
                               "年:恒定增长率外推只能从最近一次普查向后推算。",
                               "The projection's horizon ({horizon}) must be after the base "
                               "period's end ({base_end}) and not after {last}: a constant-rate "
                               "projection runs forward from the last census."),
    "err_unknown_indicator": ("未知的指标 {got}。已有的指标:{allowed}。",
                              "Unknown indicator {got}. Known: {allowed}."),
    "err_no_seat_coordinates": ("{n} 个单元没有驻地坐标:{codes}。"
                                "请补充 seat_lon/seat_lat,"
                                "或不纳入这些单元(codes=...)。",
                                "No seat coordinates for {n} unit(s): {codes}. Add "
                                "seat_lon/seat_lat or leave them out (codes=...)."),
    "err_travel_time_lacks_units": ("travel_time_min 缺少 {n} 个单元:{codes}。"
                                    "请给出覆盖这些单元的编码×编码分钟矩阵(inf 表示不可达;"
                                    "network.unit_travel_times 可为每个有驻地的县级单元给出该矩阵)"
                                    "。",
                                    "travel_time_min lacks {n} unit(s): {codes}. Give a code x "
                                    "code matrix of minutes (inf = unreachable) that covers "
                                    "these units (network.unit_travel_times gives one for every "
                                    "county with a seat)."),
    "err_travel_time_negative": ("travel_time_min 含有负的分钟数;"
                                 "出行时间必须 >= 0(inf 表示不可达)。",
                                 "travel_time_min has negative minutes; travel times must be >= "
                                 "0 (inf = unreachable)."),
    "err_no_year_measure_weight": ("区域“{region}”的这些单元没有任何年份同时具有 {measure} 和 {weight}。",
                                   "No year has both {measure} and {weight} for these units of "
                                   "region '{region}'."),
    "err_no_values_of": ("没有 {measure} 的数值。",
                         "No values of {measure}."),
    "err_no_usable_measure_weight": ("{year} 年没有任何单元同时具有可用的 {measure} 和 {weight}({listing})"
                                     "。",
                                     "No unit has a usable {measure} and {weight} in {year} "
                                     "({listing})."),
    "err_no_usable_measure": ("{year} 年没有任何单元具有可用的 {measure}({listing})"
                              "。",
                              "No unit has a usable {measure} in {year} ({listing})."),
    "err_excl_none": ("没有 {name}",
                      "no {name}"),
    "err_excl_not_finite": ("{name} 不是有限值",
                            "{name} not finite"),
    "err_excl_negative": ("{name} 为负(不平等指标要求数值 >= 0)",
                          "negative {name} (inequality measures need values >= 0)"),
    "err_excl_weight_not_positive": ("{name} <= 0(权重必须为正)",
                                     "{name} <= 0 (a weight must be positive)"),
    "err_no_core_employment": ("{year} 年核心单元 {core} 没有分行业就业数据。",
                               "No employment by industry for the core {core} in {year}."),
    "err_no_year_all_indicators": ("单元 {codes} 没有任何年份同时具有全部指标({names})。"
                                   "{notes}",
                                   "No year in which every indicator ({names}) exists for the "
                                   "units {codes}. {notes}"),
    "err_no_parent_unit": ("没有上级单元:请传入 parent='CODE'(该总量所属的单元)。",
                           "No parent unit: pass parent='CODE' (the unit whose total this is)."),
    "err_parent_total_below_core": ("上级单元总量 {total} {unit} 小于核心 {code} 自身 {year} 年的 "
                                    "{measure} {value} {unit}(占比将超过 100%);请给出上级单元"
                                    "(含核心)的总量,单位为{unit}。",
                                    "The parent total {total} {unit} is below the core "
                                    "{code}'s own {measure} in {year}, {value} {unit} (a share "
                                    "above 100 %); give the parent's total (core included) in "
                                    "{unit}."),
    "err_parent_total_not_positive": ("上级单元总量必须是正数;传入的是 {got}。",
                                      "The parent total must be a positive number; got {got}."),
    "err_parent_total_needs_year": ("单个 parent_total 需要指定年份(或传入 {{year:"
                                    " total}})。",
                                    "A single parent_total needs a year (or pass {{year: "
                                    "total}})."),
    "err_table_columns_absent": ("表中没有列 {got};表的列为 {allowed}。",
                                 "Column(s) {got} not in the table; its columns are {allowed}."),
    "err_table_no_value_column": ("请至少指定一个数值列(--value COL 或 --value-cols A,"
                                  "B)。",
                                  "Name at least one value column (--value COL or --value-cols "
                                  "A,B)."),
    "err_table_empty_id": ("数据行 {rows} 的 id 为空",
                           "empty id in data row(s) {rows}"),
    "err_table_bad_year": ("数据行 {rows} 的年份不是数字",
                           "non-numeric year in data row(s) {rows}"),
    "err_table_duplicate": ("数据行 {rows} 的 {what} 重复{hint}",
                            "duplicate {what} in data row(s) {rows}{hint}"),
    "err_table_cross_section": (";没有年份列的表是一个截面:"
                                "每个 id 只能有一行(或传入 --year-col)",
                                "; a table without a year column is one cross-section: one row "
                                "per id (or pass --year-col)"),
    "err_table_not_numeric": ("列 {column}:数据行 {rows} 含有非数字值",
                              "column {column}: non-numeric value(s) in data row(s) {rows}"),
    "err_table_problems": ("表中有以下问题:\n  - {problems}",
                           "Problems in the table:\n  - {problems}"),
    # indicators/_verdict.py: a statistic formed from fewer than its minimum n (what n counts is
    # written in English in MIN_N and is left out of the Chinese text)
    "err_insufficient_n": ("{indicator} 至少需要 {min_n} 个观测值{what},实际为 {n} 个,未计算。"
                           "{detail}",
                           "{indicator} needs at least {min_n} observations{what}; found {n}. "
                           "Not computed.{detail}"),
    "err_detail_beta_units": ("{start} 年和 {end} 年都有可比数值的单元。{notes}",
                              "Units with comparable values in {start} and {end}. {notes}"),
    "err_detail_entropy": ("熵权法。", "The entropy weight method."),
    "err_detail_masses_seats": ("有质量和驻地坐标的单元。", "Units with masses and seats."),
    "err_measure_per_itself": ("指标 {measure} 除以 {weight} 在每个单元都等于 1;"
                               "若要考察 {measure} 本身,"
                               "请设 weight='none'(--weight none,"
                               "或 --set weight=none)。",
                               "measure {measure} per {weight} is 1 in every unit; to follow "
                               "{measure} itself give weight='none' (--weight none, or --set "
                               "weight=none)."),
    "err_no_year_has_both": ("区域“{region}”的单元没有任何年份同时具有 {measure} 和 {weight}。",
                             "No year has {measure} and {weight} for the units of region "
                             "'{region}'."),
    "err_no_year_has": ("区域“{region}”的单元没有任何年份具有 {measure}。",
                        "No year has {measure} for the units of region '{region}'."),
    "err_too_few_units_every_year": ("每年都有数值的单元不足 2 个:无从衡量离散程度。",
                                     "Fewer than 2 units with values in every year: no "
                                     "dispersion to measure."),
    "err_need_two_years": ("需要两个有数值的年份;可用的年份:{years}。",
                           "Need two years with values; available: {years}."),
    "err_need_two_years_ordered": ("需要两个有数值的年份,且起始年份早于结束年份;可用的年份:"
                                   "{years}(传入的是 {start}、{end})。",
                                   "Need two years with values, start < end; available: {years} "
                                   "(got {start}, {end})."),
    "err_beta_same_level": ("{start} 年全部 {n} 个单元的水平相同:β 收敛无定义。"
                            "请选择其他起始年份或更多单元。",
                            "All {n} units have the same level in {start}: β-convergence is "
                            "undefined. Choose another start year or more units."),
    "err_no_core_periphery": ("区域“{region}”无法进行核心与外围的比较:这需要核心单元下属、"
                              "角色为 'core' 的县级单元及其普查人口。",
                              "No core-versus-periphery comparison for region '{region}': it "
                              "needs county-level units with role 'core' under the core and "
                              "their census population."),
    "err_coupling_alpha": ("alpha 必须有 {n} 个权重且总和为 1;传入的是 {got}。",
                           "alpha must have {n} weights summing to 1; got {got}."),
    "err_unknown_normalise": ("未知的 normalise={got};可选 {allowed}。",
                              "Unknown normalise={got}; choose one of {allowed}."),
    "err_coupling_subsystems": ("需要在 {have} 中至少选两个子指数;传入的是 {got}。"
                                "请用 dimensions={{name:"
                                " [indicators]}} 定义它们。",
                                "Need at least two sub-indices among {have}; got {got}. Define "
                                "them with dimensions={{name: [indicators]}}."),
    "err_entropy_missing_values": ("指标 {got} 有缺失值:请补全,或删去这些观测。",
                                   "Missing values in indicator(s) {got}: fill them or drop "
                                   "those observations."),
    "err_unknown_sectors": ("未知或为空的行业 {got};可用的行业:{allowed}。",
                            "Unknown or empty sector(s) {got}; available: {allowed}."),
    "err_no_outward_sectors": ("没有任何外向型行业有就业数据;可用的行业:{allowed}。",
                               "None of the outward sectors has employment data; available: "
                               "{allowed}."),
    "err_members_incomplete": ("{level} 级成员单元缺少完整的就业数据:{codes}。",
                               "Members without complete employment data at level {level}: "
                               "{codes}."),
    "err_no_member_units": ("该层级没有成员单元(角色为 core/member/partial);"
                            "请传入 members=[...]。",
                            "No member units (roles core/member/partial) at this level; pass "
                            "members=[...]."),
    "err_gini_not_1d": ("{name} 必须是一维的(形状为 {shape})",
                        "{name} must be one-dimensional (got shape {shape})"),
    "err_gini_weight_count": ("w 有 {n_w} 个权重,数值却有 {n_x} 个;每个数值须对应一个权重",
                              "w has {n_w} weights for {n_x} values; give one weight per value"),
    "err_gini_weight_not_finite": ("每个权重都必须是有限值(出现了 NaN 或 inf)",
                                   "every weight must be finite (got NaN or inf)"),
    "err_gini_weight_negative": ("权重必须非负",
                                 "weights must be non-negative"),
    "err_gini_weight_sum": ("权重之和必须为正",
                            "weights must have a positive sum"),
    "err_gini_inputs": ("gini_value:{problems}。",
                        "gini_value: {problems}."),
    "err_unknown_scope": ("未知的范围 {got};可选 {allowed}。",
                          "Unknown scope {got}; choose one of {allowed}."),
    "err_membership_needs_linkage": ("membership_degree 需要 linkage_intensity 的结果(索引为 (origin,"
                                     " destination),含 'linkage' 列)。",
                                     "membership_degree needs the result of linkage_intensity "
                                     "(index (origin, destination), column 'linkage')."),
    "err_nation_base_no_china": ("全国基准需要内置的 'china' 数据集,但它尚未构建。",
                                 "The nation base needs the embedded 'china' dataset, which is "
                                 "not built."),
    "err_unknown_base": ("未知的比较基准 {got};可选 {allowed}。",
                         "Unknown comparison base {got}; choose one of {allowed}."),
    "err_province_no_employment": ("{year} 年省份 {province} 没有任何单元具有分行业就业数据。",
                                   "No unit of province {province} has employment by industry in "
                                   "{year}."),
    "err_no_population_pair": ("区域“{region}”在 {level} 层级没有 {start} 年或 {end} 年的人口数据。",
                               "No population for {start} or {end} at level {level} in region "
                               "'{region}'."),
    "err_no_values_for_units": ("区域“{region}”的单元没有 {measure} 的数值。",
                                "No values of {measure} for the units of region '{region}'."),
    "err_core_not_among_units": ("核心单元 {core} 不在 {level} 层级具有质量和驻地的 {n} 个单元之中;"
                                 "请传入 core=...,或选择它所在的层级。",
                                 "The core {core} is not among the {n} units at level {level} "
                                 "with masses and seats; pass core=... or choose its level."),
    # indicators/lq_evidence.py
    "err_no_single_province": ("没有一个省份同时包含核心单元和成员单元:"
                               "请使用 base='nation' 或 'units',"
                               "或传入 reference=[codes]。",
                               "No single province holds the core and the members: use "
                               "base='nation' or 'units', or pass reference=[codes]."),
    # indicators/rank_size.py
    "err_rank_size_top": ("top(参与拟合的最大单元数)须为不小于 1 的整数,收到 {got}。",
                          "top (how many of the largest units the fit uses) must be a whole "
                          "number of 1 or more; got {got}."),
    # indicators/_options.py
    "err_option_problems": ("选项有 {n} 个问题:\n  - {problems}",
                            "{n} problem(s) with the options:\n  - {problems}"),
    "err_option_set_form": ("--set 应为 KEY=VALUE 的形式,而不是 {got}。",
                            "--set expects KEY=VALUE, got {got}."),
    "err_option_no_parameter": ("“{name}”没有参数 {got}(可用的参数:{accepted})。",
                                "'{name}' has no parameter {got} (it accepts: {accepted})."),
    "err_option_set_finite": ("--set {key}:{got} 不是有限的数;请给出一个具体的数值(NaN 和 inf "
                              "不是任何参数的取值)。",
                              "--set {key}: {got} is not a finite number; give an actual value "
                              "(NaN and inf are no parameter's value)."),
    "err_option_set_type": ("--set {key}:无法把 {got} 读作 {type}。",
                            "--set {key}: cannot read {got} as {type}."),
    "err_option_not_applicable": ("{option} 不适用于“{name}”(可用的参数:{accepted})。",
                                  "{option} does not apply to '{name}' (it accepts: {accepted})."),
}
