"""Error messages of the flow models (tables, balancing, observed flows, fitting, the model
functions, the GLM), in Chinese and English; prefix ``err_``. Merged into
:data:`metroscope.messages.errors.ERRORS` (see that module for how errors use them).
"""

from __future__ import annotations

from typing import Final

FLOW_ERRORS: Final[dict[str, tuple[str, str]]] = {
    # flows/_table.py
    "err_flow_unknown_choice": ("未知的 {name} 取值 {got};可选 {allowed}。",
                                "Unknown {name} {got}; expected one of {allowed}."),
    # flows/_params.py: the models' numeric parameters (one rule for every caller)
    "err_flow_alpha_range": ("扩展辐射模型的 alpha = {got} 不在 (0, inf) 内:alpha 须为大于 0 的有限数"
                             "(Yang 等 2014 的扩展辐射模型要求 α > 0;α = 0 时各项 (m_i+m_j+s_ij)^α − "
                             "(m_i+s_ij)^α 全为 0,α < 0 时概率为负)。",
                             "alpha = {got} is outside (0, inf): the extended radiation model "
                             "(Yang et al. 2014) needs a finite alpha > 0 (at alpha = 0 every "
                             "term (m_i+m_j+s_ij)^alpha - (m_i+s_ij)^alpha is 0; below 0 the "
                             "probabilities are negative)."),
    "err_flow_alpha_overflow": ("扩展辐射模型的 alpha = {got} 过大:总人口 M = {total:,.0f} 时,"
                                "模型中两个幂的乘积(最大为 M^(2α))超出双精度浮点数的上限 1.8e308,"
                                "各项变为 inf − inf 或 inf/inf,流量会变成 0 或 NaN。"
                                "这些人口允许的范围是 (0, {high}](2α·ln M ≤ 709.78)。",
                                "alpha = {got} is too large: with a total population M = "
                                "{total:,.0f}, the model's products of two powers (up to "
                                "M^(2*alpha)) exceed float64's largest number (1.8e308), the "
                                "terms become inf - inf or inf/inf and the flows would be 0 or "
                                "NaN. On these populations alpha must lie in (0, {high}] "
                                "(2 * alpha * ln M <= 709.78)."),
    "err_flow_alpha_cancel": ("扩展辐射模型的 alpha = {got} 过小:最小人口 {small:,.0f}、总人口 "
                              "{total:,.0f} 时,(m_i+m_j+s_ij)^α 与 (m_i+s_ij)^α 的差低于双精度"
                              "浮点数能分辨的精度,流量会失去有效数字(或全部变成 0)。"
                              "这些人口要求 alpha ≥ {low}。",
                              "alpha = {got} is too small: with a smallest population of "
                              "{small:,.0f} and a total of {total:,.0f}, (m_i+m_j+s_ij)^alpha "
                              "and (m_i+s_ij)^alpha differ by less than float64 can resolve, "
                              "so the flows lose their digits (or all become 0). On these "
                              "populations alpha must be at least {low}."),
    "err_flow_beta_range": ("引力模型的 beta = {got} 不在 (0, inf) 内:距离衰减 c^-β(幂函数)或 "
                            "e^-βc(指数)要求 beta 为大于 0 的有限数(β ≤ 0 时吸引力随距离不减"
                            "反增或不变)。",
                            "beta = {got} is outside (0, inf): the gravity model's deterrence "
                            "c^-beta (power) or e^-beta*c (exp) decays with cost only for a "
                            "finite beta > 0 (at beta <= 0 it grows with cost or stays flat)."),
    "err_flow_beta_underflow": ("引力模型的 beta = {got} 过大:{n} 个起点连最近的目的地(如 {code},"
                                "成本 {cost})的 {deterrence} 衰减值都低于双精度浮点数的"
                                "最小正规数 2.2e-308,其权重失去有效数字乃至全部变为 0,"
                                "流量也随之为 0。请用更小的 beta。",
                                "beta = {got} is too large: for {n} origin(s) even the nearest "
                                "destination (e.g. from {code}, cost {cost}) has a "
                                "deterrence ({deterrence}) below float64's smallest normal "
                                "number (2.2e-308): the origin's weights lose their digits and "
                                "underflow to 0, and its flows would be 0. Use a smaller beta."),
    "err_flow_beta_overflow": ("引力模型的 beta = {got} 过大:{n} 个起点到最近目的地(如 {code},"
                               "成本 {cost})的 {deterrence} 衰减值超出双精度浮点数的上限,"
                               "流量会变成 NaN。请用更小的 beta。",
                               "beta = {got} is too large: for {n} origin(s) the nearest "
                               "destination (e.g. from {code}, cost {cost}) has a "
                               "deterrence ({deterrence}) above float64's largest number, so the "
                               "flows would be NaN. Use a smaller beta."),
    "err_flow_parquet_colocated": ("{n} 处地点各有多个单元位于同一点(共 {rows} 行,如 {groups}):"
                                   "流式 Parquet 数据集尚不能把同一点的单元合并为一个地点"
                                   "(colocated=\"merge\",radiation() 的默认做法),"
                                   "结果会与其不同。要得到相同的流量,请不用 --dataset,"
                                   "改用 --out FILE.parquet(内存计算并合并);"
                                   "或用 --colocated keep 把每个单元各自作为一个地点"
                                   "(与 colocated=\"keep\" 的数值相同)。",
                                   "{n} place(s) hold several units at one point ({rows} rows, "
                                   "e.g. {groups}): the streamed Parquet dataset cannot merge "
                                   "the units at one point into one place yet "
                                   "(colocated=\"merge\", radiation()'s default), so its "
                                   "flows would differ. For the same flows drop --dataset and "
                                   "write --out FILE.parquet (computed in memory, merged), or "
                                   "give --colocated keep to take each unit as its own place "
                                   "(the numbers of colocated=\"keep\")."),
    "err_flow_matrix_lacks_codes": ("{name} 矩阵缺少 {n} 个位置编码:{codes}。"
                                    "请给出以位置编码为行索引和列标签的方阵 DataFrame。",
                                    "The {name} matrix lacks {n} location code(s): {codes}. Give "
                                    "a square DataFrame indexed and labelled by the location "
                                    "codes."),
    "err_flow_matrix_bad_values": ("{name} 矩阵含有 NaN 或负值;不可达的位置对请填 inf,"
                                   "其余填非负数。",
                                   "The {name} matrix has NaN or negative values; use inf for "
                                   "unreachable pairs and non-negative numbers elsewhere."),
    "err_flow_codes_not_among": ("{n} 个{what}编码不在{among}中:{codes}。请检查这些编码,"
                                 "或把它们补充进去。",
                                 "{n} {what} code(s) are not among {among}: {codes}. Check the "
                                 "codes or add them there."),
    # flows/balancing.py
    "err_furness_diverges": ("Furness 平衡发散:在允许的位置对上,"
                             "没有任何流量表能满足这些总量(例如排除自流时某个单元占全部出行的一半以上)。"
                             "请允许自流,或改用单约束模型。",
                             "Furness balancing diverges: no flow table on the allowed pairs "
                             "meets these totals (e.g. one unit holds more than half of all "
                             "trips while self-flows are excluded). Allow self-flows, or use a "
                             "singly-constrained model."),
    "err_furness_no_convergence": ("Furness 平衡在 {max_iter} 轮迭代内未收敛(列误差 {err:"
                                   ".2e});在允许的位置对上,这些总量可能无法同时满足。",
                                   "Furness balancing did not converge in {max_iter} sweeps "
                                   "(column error {err:.2e}); the totals may be infeasible for "
                                   "the allowed pairs."),
    "err_furness_unequal_totals": ("行总量之和为 {so:g},列总量之和却为 {sd:g};"
                                   "双约束模型要求二者相等(请按比例调整其中之一)。",
                                   "Row totals sum to {so:g} but column totals to {sd:g}; a "
                                   "doubly-constrained model needs equal totals (rescale one of "
                                   "them)."),
    "err_furness_weights_shape": ("weights 的形状为 {shape},但行总量有 {n_o} 个、"
                                  "列总量有 {n_d} 个",
                                  "weights have shape {shape} but there are {n_o} row totals and "
                                  "{n_d} column totals"),
    "err_furness_b0_shape": ("b0 的形状为 {shape},应与列总量一致,为 ({n_d},)",
                             "b0 has shape {shape}, expected ({n_d},) like the column totals"),
    "err_furness_row_totals": ("行总量",
                               "row totals"),
    "err_furness_column_totals": ("列总量",
                                  "column totals"),
    "err_furness_bad_totals": ("位置 {positions} 上的{name}为负数或非有限值({values})",
                               "{name} at positions {positions} are negative or not finite "
                               "({values})"),
    "err_furness_bad_weights": ("weights 含有负数或非有限值",
                                "weights include negative or non-finite values"),
    "err_furness_cannot_balance": ("无法平衡:{problems}。总量和权重都必须是有限的非负数。",
                                   "Cannot balance: {problems}. Totals and weights must be "
                                   "finite and non-negative."),
    "err_furness_origins_stranded": ("位置 {positions} 上的起点有出行,却没有可达且总量为正的终点;"
                                     "请删去这些起点,或为它们提供终点。",
                                     "Origins at positions {positions} have trips but no "
                                     "reachable destination with a positive total; remove them "
                                     "or give them destinations."),
    "err_furness_destinations_unreached": ("位置 {positions} 上的终点有出行,却没有任何起点能到达;"
                                           "请删去这些终点,或把它们连通。",
                                           "Destinations at positions {positions} have trips but "
                                           "no origin reaches them; remove them or connect them."),
    # flows/_observed.py
    "err_obs_pair_repeated": ("{n} 个起讫点对在多行中出现且数值不同:{pairs}。"
                              "每个起讫点对只保留一行(流量相加),并只给一个成本和一个质量。",
                              "{n} origin-destination pair(s) appear on several rows with "
                              "different values: {pairs}. Keep one row per pair (sum the flows), "
                              "with one cost and one mass."),
    "err_obs_all_zero": ("所有观测流量都是 0:没有出行,无法拟合重力模型。请检查流量列(是否选错了列,"
                         "或流量在另一个文件中?)。",
                         "Every observed flow is 0: a gravity model cannot be fitted to no "
                         "trips. Check the flow column (wrong column, or flows in another file?)."),
    "err_obs_no_pair_left": ("去掉没有任何流量的起点和终点后,已没有剩余的起讫点对。",
                             "No pair is left after dropping origins/destinations without any "
                             "flow."),
    "err_obs_same_cost": ("所有观测起讫点对的成本都相同:无法估计阻抗参数。请使用成本各不相同的起讫点对。",
                          "Every observed pair has the same cost: the deterrence parameter "
                          "cannot be estimated. Use pairs with different costs."),
    "err_obs_cost_not_identified": ("成本不可识别:它等于起点项与终点项之和(例如只有 3 个位置且成本对称),"
                                    "因此任何阻抗参数对流量的拟合都一样好。请使用更多位置,或改用产生约束或吸引约束。",
                                    "The cost is not identified: it equals a sum of origin and "
                                    "destination terms (for example symmetric costs among only 3 "
                                    "locations), so every deterrence parameter fits the flows "
                                    "equally well. Use more locations, or a production or "
                                    "attraction constraint."),
    "err_obs_disconnected": ("观测起讫点对把起点和终点分成了 {n} 组,组与组之间没有任何起讫点对,"
                             "因此一组相对另一组的双约束效应不可识别。除第一组外的各组:{groups}。"
                             "请分别拟合每一组,或改用产生约束或吸引约束。",
                             "The observed pairs split the origins and destinations into {n} "
                             "groups with no pair between them, so the doubly-constrained "
                             "effects of one group against another are not identified. Groups "
                             "apart from the first: {groups}. Fit each group on its own, or use "
                             "a production or attraction constraint."),
    # flows/fit.py
    "err_fit_missing_columns": ("观测流量缺少列 {got};应有 origin、destination、"
                                "flow。",
                                "observed flows lack column(s) {got}; expected origin, "
                                "destination, flow."),
    "err_fit_no_cost": ("没有成本:请给出 'cost' 列、成本矩阵(cost=)"
                        "或 locations=。",
                        "No cost: give a 'cost' column, a cost matrix (cost=) or locations=."),
    "err_fit_pair_row": ("{pair}(第 {row} 行:{got})",
                         "{pair} (row {row}: {got})"),
    "err_fit_cost_not_finite": ("{n} 个观测起讫点对没有有限的成本:{pairs}。"
                                "请为每个起讫点对填入数值(不可达的起讫点对无法拟合:请删去)。",
                                "{n} observed pair(s) have no finite cost: {pairs}. Give each "
                                "pair a number (unreachable pairs cannot be fitted: drop them)."),
    "err_fit_empty_code": ("观测流量:数据行 {rows} 的{side}编码为空;请补上。",
                           "observed flows: empty {side} code in row(s) {rows}; fill them in."),
    "err_fit_codes_unknown": ("观测流量中有 {n} 个编码不在{what}中:{codes}。"
                              "请检查这些编码(前导零?请按文本读取),或在{what}中补充它们。",
                              "{n} code(s) of the observed flows are not in the {what}: {codes}. "
                              "Check the codes (leading zeros? read them as text) or add these "
                              "{what}."),
    "err_fit_power_zero_cost": ("幂函数阻抗取 log(cost),在 0 处无定义:"
                                "请删去成本为零的起讫点对(自流?),或使用 deterrence='exp'。",
                                "Power deterrence takes log(cost), undefined at 0: drop "
                                "zero-cost pairs (self-flows?) or use deterrence='exp'."),
    "err_fit_mle_infinite": ("{got} 的最大似然估计不存在(为无穷大):观测流量无法确定它们。"
                             "请检查是否有没有流量的起点或终点,或某个成本把零流量和非零流量完全分开。",
                             "The maximum-likelihood estimate does not exist for {got} "
                             "(infinite): the observed flows do not pin them down. Check for "
                             "origins or destinations without flows, or a cost that separates "
                             "zero and non-zero flows perfectly."),
    "err_fit_needs_mass": ("该模型需要 '{col}':请在观测表中加上这一列,"
                           "或传入带 population 列的 locations=。",
                           "This model needs '{col}': add the column to the observed table or "
                           "pass locations= with a population column."),
    "err_fit_mass_not_positive": ("'{col}' 对每个起讫点对都必须为正(模型中用到它的对数)。",
                                  "'{col}' must be positive for every pair (its log enters the "
                                  "model)."),
    # flows: applied.py, dataset.py, gravity.py, radiation.py, _pairs.py, gof.py, output.py
    "err_flow_too_few_units": ("区域“{region}”只有 {n} 个{level}单元同时具有驻地坐标和"
                               " {year} 年的{indicator}数据;请选择其他层级或年份(有{indicator}"
                               "数据的年份:{years})。",
                               "Only {n} {level} unit(s) of region '{region}' have a seat and a "
                               "{year} value of {indicator}; choose another level or year "
                               "(years with {indicator}: {years})."),
    "err_flow_unknown_model": ("未知的模型 {got};应为 radiation 或 gravity。",
                               "Unknown model {got}; expected radiation or gravity."),
    "err_flow_exp_needs_beta": ("指数阻抗需要 beta(每分钟或每公里);请传入 beta=。",
                                "Exponential deterrence needs beta (per minute or per km); pass "
                                "beta=."),
    "err_flow_no_core": ("流量表的位置中没有核心单元;请传入 core_codes=。",
                         "No core unit among the flow table's locations; pass core_codes=."),
    "err_flow_error_sample": ("error_sample 须为不小于 0 的起点个数或 None,"
                              "而不是 {got}。",
                              "error_sample must be a number of origins >= 0 or None, got {got}."),
    "err_flow_parquet_production_only": ("gravity_to_parquet 只支持产生约束(传入的是 {got}):"
                                         "产生约束只涉及每个起点自身,其他约束需要对所有起点求和。"
                                         "其他约束请在内存中用 metroscope.flows.gravity 计算。",
                                         "gravity_to_parquet applies the production constraint "
                                         "only (got {got}): it is local to each origin, the "
                                         "others need sums over all origins. Use "
                                         "metroscope.flows.gravity in memory for them."),
    "err_flow_not_a_dataset": ("{path} 不是流量数据集(没有 {kept});"
                               "请用 radiation_to_parquet 生成。",
                               "{path} is not a flow dataset (no {kept}); write one with "
                               "radiation_to_parquet."),
    # flows/_dataset_io.py: the target folder of a flow dataset
    "err_flow_dataset_is_file": ("无法把流量数据集写到 {target}:已有同名文件。数据集是由 Parquet "
                                 "分块文件组成的文件夹;请给出新的文件夹名。",
                                 "Cannot write the flow dataset to {target}: a file of that "
                                 "name exists. The dataset is a folder of Parquet parts; give "
                                 "a new folder name."),
    "err_flow_dataset_foreign": ("无法把流量数据集写到 {target}:该文件夹中有其他文件({shown}),"
                                 "其中的文件都不会被替换。请给出新的或空的文件夹。",
                                 "Cannot write the flow dataset to {target}: the folder holds "
                                 "other files ({shown}), so nothing in it is replaced. Give a "
                                 "new or empty folder."),
    "err_flow_cost": ("成本",
                      "cost"),
    "err_flow_distance": ("距离",
                          "distance"),
    "err_flow_zero_cost_pair": ("位置对 ({o}, {d}) 的{what}为零,幂函数阻抗在此处为无穷大;"
                                "请使用 deterrence='exp',或删去重复的位置。",
                                "Pair ({o}, {d}) has zero {what}, where power deterrence is "
                                "infinite; use deterrence='exp' or drop duplicate locations."),
    "err_flow_truncation_with_cost": ("k_nearest/cutoff_km 基于大圆距离;"
                                      "请去掉 cost= 或去掉它们。",
                                      "k_nearest/cutoff_km work on great-circle distance; drop "
                                      "cost= or them."),
    "err_flow_zero_cost_some": ("部分位置对的成本为零,幂函数阻抗 c^-beta 在此处为无穷大(驻地重复?);"
                                "请使用 deterrence='exp'、删去重复项,或设定最小成本。",
                                "Some pairs have zero cost, where power deterrence c^-beta is "
                                "infinite (duplicate seats?); use deterrence='exp', drop "
                                "duplicates or add a minimum cost."),
    "err_flow_zero_population": ("总人口为零:辐射模型需要为正的质量。",
                                 "The total population is zero: the radiation model needs "
                                 "positive masses."),
    "err_flow_bad_outflows": ("outflows 必须为每个位置给出非负数;缺少 {missing},"
                              "NaN 或负值有 {n} 个。",
                              "outflows must give a non-negative number for every location; "
                              "missing {missing}, NaN or negative values: {n}."),
    "err_flow_no_truncation": ("请给出 k_nearest(每个起点的终点数)或 cutoff_km(半径,"
                               "公里)。",
                               "Give k_nearest (destinations per origin) or cutoff_km (radius, "
                               "km)."),
    "err_flow_bad_k_nearest": ("k_nearest(每个起点的目的地个数,--k-nearest)须为不小于 1 的"
                               "整数;传入的是 {got}。",
                               "k_nearest (destinations per origin, --k-nearest) must be a "
                               "whole number of 1 or more; got {got}."),
    "err_flow_bad_cutoff": ("cutoff_km(半径,--cutoff-km)须为大于 0 的有限数(公里);"
                            "传入的是 {got}。",
                            "cutoff_km (the radius, --cutoff-km) must be a finite number above "
                            "0 (km); got {got}."),
    "err_flow_gof_lengths": ("observed 与 predicted 的长度不同:{a} 对 {b}。",
                             "observed and predicted differ in length: {a} vs {b}."),
    "err_flow_batch_rows": ("rows 须为每批的正行数,而不是 {got}。",
                            "rows must be a positive number of rows per batch, got {got}."),
    # flows/_glm.py
    "err_flow_newton_no_convergence": ("牛顿迭代在 {max_iter} 步内未收敛;请检查数据。",
                                       "Newton iterations did not converge in {max_iter} steps; "
                                       "check the data."),
    "err_flow_deterrence_no_convergence": ("阻抗参数在 {max_iter} 步内未收敛。",
                                           "The deterrence parameter did not converge in "
                                           "{max_iter} steps."),
    # the cost a flow model used (the flows table's measure, shown in its caption)
    "flow_cost_distance": ("大圆距离(千米)", "great-circle distance, km"),
    "flow_cost_no_routing": ("大圆距离(千米;metroscope.network 不可用)",
                             "great-circle distance, km (metroscope.network not available)"),
    "flow_cost_failed": ("大圆距离(千米;{mode}出行时间计算失败:{error})",
                         "great-circle distance, km ({mode} travel times failed: {error})"),
    "flow_cost_no_network": ("大圆距离(千米;单元之间没有{mode}路网)",
                             "great-circle distance, km (no {mode} network between units)"),
    "flow_cost_travel_time": ("{mode}出行时间(分钟)", "{mode} travel time, minutes"),
}
