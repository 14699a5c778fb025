"""Error messages of the library (options, unit selection, statistics, employment, networks), in
Chinese and English. Part of :data:`metroscope.messages.CATALOGUE`; prefix ``err_``.

An error is raised with a :class:`~metroscope.messages.Message` (``ParameterError(Message(
"err_unknown_mode", ...))``): as a ``str`` it is the English text, so ``str(exc)`` and
``pytest.raises(match=...)`` see English, while the command line and the web pages render it
in the run's language (:func:`metroscope._errors.error_text`). Every message says what was
given, what is expected and how to fix it. Values the user gave arrive already cut to length
(:func:`metroscope._errors.shorten`).
"""

from __future__ import annotations

from typing import Final

from .errors_files import FILE_ERRORS
from .errors_flows import FLOW_ERRORS
from .errors_indicators import INDICATOR_ERRORS
from .errors_monitor import MONITOR_ERRORS

ERRORS: Final[dict[str, tuple[str, str]]] = {
    **FILE_ERRORS,
    **FLOW_ERRORS,
    **INDICATOR_ERRORS,
    **MONITOR_ERRORS,
    # options
    "err_unknown_mode": ("未知的出行方式 {got}:可用 {allowed}。",
                         "Unknown mode {got}: use one of {allowed}."),
    "err_unknown_decay": ("衰减函数须为 'power' 或 'exponential',而非 {got}。",
                          "decay must be 'power' or 'exponential', not {got}."),
    "err_unknown_status": ("未知的线路状态 {got}:可用 {allowed} 中的任意几个。",
                           "Unknown status(es) {got}: use any of {allowed}."),
    "err_network_year_range": ("路网年份 {got} 超出 {low}–{high} 的范围。",
                               "Network year {got} is outside {low}-{high}."),
    "err_network_year_whole": ("路网年份 {got} 不是整数年份:请给出如 2030 这样的年份。",
                               "Network year {got} is not a whole year: give a year such as "
                               "2030."),
    "err_population_inside_columns": ("population_inside 需要 commuting_circle 的结果,所给表缺少列 "
                                      "{missing}。",
                                      "population_inside needs a commuting_circle result; the "
                                      "table given lacks column(s) {missing}."),
    "err_population_inside_mask": ("inside 须为每行一个布尔值(共 {rows} 行),实际给了 {got} 个。",
                                   "inside must hold one boolean per row ({rows} rows), got "
                                   "{got} value(s)."),
    "err_compare_level": ("compare 只适用于县级单元(与核心的联系强度在县级计算);所给 options 的层级为 "
                          "{level}:请不设层级或设为 'county'。",
                          "compare works on county-level units (the linkage with the core is "
                          "county level); options have level {level}: leave it unset or use "
                          "'county'."),
    "err_unknown_mass": ("未知的质量指标 {got};可选 {allowed}。",
                         "Unknown mass {got}; choose one of {allowed}."),
    "err_unknown_roles": ("未知的角色 {got};可用的角色为 {allowed}。",
                          "Unknown role(s) {got}; roles are {allowed}."),
    "err_unknown_level": ("未知的层级 {got};可用的层级为 {allowed}。",
                          "Unknown level {got}; levels are {allowed}."),
    # statistics of the region
    "err_indicators_not_in_stats": ("区域“{region}”的统计数据中没有指标 {got}。可用的指标:{allowed}。",
                                    "Indicator(s) {got} not in the stats of region '{region}'. "
                                    "Available: {allowed}."),
    "err_ratios_not_additive": ("{got} 是比率,不可相加:请分别汇总其分子和分母。",
                                "{got} are ratios, not additive: aggregate their numerators and "
                                "denominators."),
    "err_no_core": ("区域“{region}”没有角色为 'core' 的单元;请在 units.role 中指定一个。",
                    "Region '{region}' has no unit with role 'core'; set one in units.role."),
    "err_indicator_not_in_stats": ("区域“{region}”的统计数据中没有指标 {got}。可用的指标:{allowed}。",
                                   "Indicator {got} is not in the stats of region '{region}'. "
                                   "Available: {allowed}."),
    "err_no_values_selected": ("区域“{region}”所选的 {n} 个单元都没有 {got} 的数值。可用的指标:"
                               "{allowed}。",
                               "No values of {got} for the {n} selected unit(s) of region "
                               "'{region}'. Available indicators: {allowed}."),
    "err_no_gdp_for_units": ("这些单元没有 GDP 数据(县级单元有普查人口,但官方统计中没有 GDP):"
                             "请改用 mass='population'。",
                             "No GDP for these units (counties have census population but no "
                             "GDP in the official statistics): use mass='population'."),
    "err_no_positive_mass": ("{year} 年 {n} 个单元的 {mass} 质量不为正:{codes}。请选择其他年份"
                             "(可用:{years}),或去掉这些单元(codes=...)。",
                             "No positive {mass} mass in {year} for {n} unit(s): {codes}. Pick "
                             "another year (available: {years}) or leave these units out "
                             "(codes=...)."),
    "err_no_positive_mass_any": ("{year} 年全部 {n} 个单元的 {mass} 质量都不为正。请选择其他年份"
                                 "(可用:{years})。",
                                 "No positive {mass} mass in {year} for any of the {n} unit(s). "
                                 "Pick another year (available: {years})."),
    "err_period_reversed": ("结束年份({end})必须晚于起始年份({start})。",
                            "end ({end}) must be after start ({start})."),
    # choosing units
    "err_codes_not_in_region": ("编码不在区域“{region}”中:{got}。单元编码见 region.units.index。",
                                "Codes not in region '{region}': {got}. See region.units.index "
                                "for the codes."),
    "err_codes_other_level": ("{n} 个编码不是 {level} 级单元:{codes}。请选择与之相符的层级"
                              "(--level,或 level=None 表示不限层级),或去掉这些编码。",
                              "{n} code(s) are not units at level {level}: {codes}. Choose the "
                              "level they are at (--level, or level=None for any level) or "
                              "leave them out."),
    "err_parent_not_in_region": ("上级单元 {got} 不是区域“{region}”的单元。",
                                 "Parent {got} is not a unit of region '{region}'."),
    "err_no_units_at_level": ("区域“{region}”中没有 {level} 级的单元。请选择其他 --level 或编码。",
                              "No units at level {level} in region '{region}'. Choose another "
                              "--level or codes."),
    "err_no_units_at_level_under": ("区域“{region}”中 {parent} 之下没有 {level} 级的单元。"
                                    "请选择其他 --level 或编码。",
                                    "No units at level {level} in region '{region}' under "
                                    "{parent}. Choose another --level or codes."),
    "err_cannot_group_by": ("无法按 {got} 分组:请用 'metro' 或单元表中的一列({allowed})。",
                            "Cannot group by {got}: use 'metro' or a units column ({allowed})."),
    "err_group_missing": ("{n} 个单元没有可用于分组的 {group_by}:{codes}。请补全该列,或去掉这些"
                          "单元(codes=...)。",
                          "{n} unit(s) have no {group_by} to group by: {codes}. Fill the column "
                          "or leave these units out (codes=...)."),
    # employment by industry
    "err_no_industry_employment": ("区域“{region}”没有按行业划分的普查就业数据"
                                   "(employed_sample_<行业>);请用 industries=[...] 指定你的数据列。",
                                   "Region '{region}' has no census employment by industry "
                                   "(employed_sample_<industry>); pass industries=[...] naming "
                                   "your columns."),
    "err_employment_incomplete": ("{year} 年 {n} 个单元的分行业就业数据不完整:{codes}。请选择其他"
                                  "年份,或去掉这些单元。",
                                  "Employment by industry in {year} is incomplete for {n} "
                                  "unit(s): {codes}. Choose another year or leave them out."),
    "err_no_complete_employment": ("{year} 年没有任何单元具有完整的分行业就业数据。",
                                   "No unit has complete employment by industry in {year}."),
    "err_negative_employment": ("就业人数必须 >= 0。", "Employment counts must be >= 0."),
    "err_units_overlap": ("所选单元相互包含:{pairs}{more}。它们的就业会被重复计算。请只选一个层级的"
                          "单元(level='prefecture' 或 level='county'),或互不包含的编码。",
                          "The units overlap: {pairs}{more}. Their employment would be counted "
                          "twice. Choose units of one level (level='prefecture' or "
                          "level='county'), or codes none of which contains another."),
    "err_units_overlap_more": (" (另有 {n} 对)", " (and {n} more)"),
    "err_units_overlap_pair": ("{outer}包含{inner}", "{outer} contains {inner}"),
    "err_no_employment_values": ("所选的 {n} 个单元没有就业数值。",
                                 "No employment values for the {n} selected units."),
    # network/graph.py: a network that cannot be routed on
    "err_graph_unknown_end": ("连线 {link}:{end} {node} 不在 nodes.node_id 中(请添加该节点,"
                              "或修正该连线)",
                              "link {link}: {end} {node} is not in nodes.node_id (add the node "
                              "or correct the link)"),
    "err_graph_zero_minutes": ("零分钟(与其反方向构成零长度的环)",
                               "zero minutes (a zero-length cycle with its reverse direction)"),
    "err_graph_negative_minutes": ("负的分钟数", "negative minutes"),
    "err_graph_no_time": ("无法计算时间", "no computable time"),
    "err_graph_bad_time": ("连线 {link}:{what};请给出为正的 length_km 和 speed_kph,或为正的 "
                           "minutes(得到 {got})",
                           "link {link}: {what}; give it a positive length_km and speed_kph, "
                           "or positive minutes (got {got})"),
    "err_graph_headway": ("连线 {link}:{column} 必须 > 0(未知时留空)",
                          "link {link}: {column} must be > 0 (leave it empty if unknown)"),
    "err_graph_self_loop": ("连线 {link}:from_node 等于 to_node(自环);请删除",
                            "link {link}: from_node equals to_node (a self-loop); remove it"),
    "err_graph_access_node": ("接驳 {code}->{node}:节点 {shown} 不在 nodes.node_id 中",
                              "access {code}->{node}: node {shown} is not in nodes.node_id"),
    "err_graph_access_minutes": ("接驳 {code}->{node}:minutes 必须 >= 0(得到 {got})",
                                 "access {code}->{node}: minutes must be >= 0 (got {got})"),
    "err_graph_access_unit": ("单元 {code} 的接驳行,而该单元不在 units 中",
                              "access rows for unit {code}, which is not in units"),
    "err_graph_modes": ("modes 须为非空的出行方式列表(rail、road、fastest),而非 {got};"
                        "单一方式请用 build_graph(region, mode=...)。",
                        "modes must be a non-empty list of modes (rail, road, fastest), not "
                        "{got}; for one mode use build_graph(region, mode=...)."),
    "err_graph_problems": ("区域“{region}”的{network}中有 {n} 个问题:\n  - {problems}",
                           "{n} problem(s) in the {network} of region '{region}':\n  - "
                           "{problems}"),
    "err_graph_sources": ("起点节点序号越界或不是整数:{got};应为 0 .. {last} 的整数(图中"
                          "节点标签的顺序)。",
                          "Source node index out of range or not an integer: {got}; expected "
                          "integers 0 .. {last} (the graph's node labels in order)."),
    "err_graph_network": ("{mode} 路网({statuses})", "{mode} network ({statuses})"),
    "err_graph_network_year": ("{mode} 路网({statuses},截至 {year} 年开通)",
                               "{mode} network ({statuses}, open by {year})"),
    # network/calibration.py: the published rail times the speeds are calibrated on
    "err_calib_no_station": ("区域“{region}”的 {line} 线上没有名为 {station} 的车站。",
                             "No station named {station} on line {line} in region '{region}'."),
    "err_calib_not_joined": ("区域“{region}”中 {line} 线没有连接 {a} 和 {b}。",
                             "Line {line} does not join {a} and {b} in region '{region}'."),
    "err_calib_shared": ("{first} 线与 {second} 线有 {n} 个同名车站({names});需要恰好一个才能"
                         "把两线连起来。",
                         "Lines {first} and {second} share {n} station names ({names}); need "
                         "exactly one to join them."),
    "err_calib_off_mode": ("off_network_mode {mode} 不是铁路方式({modes})。",
                           "off_network_mode {mode} is not a rail mode ({modes})."),
    "err_calib_unknown_stops": ("有一行校准数据的中间停站数未知;无法拟合停站时间。",
                                "A calibration row has unknown intermediate stops; the dwell "
                                "cannot be fitted."),
    "err_calib_no_targets": ("没有校准目标(role == 'calibration')。",
                             "No calibration targets (role == 'calibration')."),
    # indicators/linkage.py: the distance-decay exponent of the gravity linkage
    "err_friction_exponent": ("friction_exponent(距离衰减指数 b,--set friction_exponent)须为 0 至 "
                              "{high} 之间的有限数(已发表的引力模型研究多取 1–3;默认 2);"
                              "收到 {got}。",
                              "friction_exponent (b, --set friction_exponent) must be a finite "
                              "number from 0 to {high} (published gravity studies use "
                              "about 1-3; the default is 2); got {got}."),
    # network/_access_compute.py: the arguments of a potential
    "err_access_min_cost": ("min_cost 须为不小于 0 的有限数(成本的单位),而非 {got}。",
                            "min_cost must be a finite number >= 0 (the cost's unit), not {got}."),
    "err_access_decay_param": ("decay_param 须为不小于 0 的有限数(幂函数衰减的 a,或指数衰减中每单位"
                               "成本的 β),而非 {got}。",
                               "decay_param must be a finite number >= 0 (a of power decay, β per "
                               "cost unit of exponential decay), not {got}."),
    "err_access_negative_cost": ("成本矩阵含 {n} 个负值({pairs}):出行时间或距离不能为负。请检查矩阵"
                                 "(不可达请填 inf)。",
                                 "The cost matrix holds {n} negative value(s) ({pairs}): a travel "
                                 "time or distance cannot be negative. Check the matrix (write inf "
                                 "for an unreachable pair)."),
    "err_access_zero_own_cost": ("幂函数衰减下计入自身(include_self)需要正的自身成本;{n} 个单元到自身的"
                                 "成本为 0({units})。请给出 min_cost > 0(命令行 --min-minutes;"
                                 "PySAL access 截断在 0.5 公里),或在矩阵对角线上填入内部成本。",
                                 "include_self with power decay needs a positive own cost; {n} "
                                 "unit(s) have cost 0 to themselves ({units}). Give min_cost > 0 "
                                 "(--min-minutes on the command line; PySAL access clips at 0.5 "
                                 "km) or put an internal cost on the diagonal of the matrix."),
    # engine.py: where the pairwise work runs
    "err_engine_unknown": ("未知的计算引擎 {got};应为 'local' 或 'dask'。",
                           "Unknown engine {got}; expected 'local' or 'dask'."),
    "err_engine_chunk_rows": ("chunk_rows 须为正的行数,而非 {got}。",
                              "chunk_rows must be a positive number of rows, got {got}."),
    "err_engine_no_client": ("engine='dask' 需要 distributed.Client 或调度器地址(client=...);"
                             "请用 `distributed.Client(n_workers=2)` 启动一个,或改用 "
                             "engine='local'。",
                             "engine='dask' needs a distributed.Client or a scheduler address "
                             "(client=...); start one with `distributed.Client(n_workers=2)` or "
                             "pass engine='local'."),
    "err_engine_workers": ("n_workers 至少为 1,而非 {got}。",
                           "n_workers must be at least 1, got {got}."),
    # screen/scoring.py: the weights of the opportunity screen ({problems}: sentences)
    "err_weights_bad_text": ("权重 {got} 有误:请写成 名称=数值(数值不小于 0),以逗号分隔,如 "
                             "--weights growth=2,lq_nation=1。",
                             "Bad weight(s) {got}: write name=number with a number >= 0, "
                             "separated by commas, e.g. --weights growth=2,lq_nation=1."),
    "err_weights_twice": ("权重 {got} 给了两次;每个分项只给一次。",
                          "Weight(s) given twice: {got}; give each component once."),
    "err_weights_none": ("没有给出权重:请写成 名称=数值,...(如 --weights growth=2,lq_nation=1),"
                         "或不写 --weights 以取等权重。",
                         "No weight given: write name=number,... (e.g. --weights "
                         "growth=2,lq_nation=1), or leave --weights out for equal weights."),
    "err_weights_problems": ("--weights 参数:{problems}", "--weights: {problems}"),
    "err_weights_no_component": ("对这些单元,筛选的任何分项都无法计算。",
                                 "No component of the screen can be computed for these units."),
    "err_weights_unknown": ("未知的分项 {got}。", "Unknown component(s) {got}."),
    "err_weights_bad": ("权重 {got} 有误:权重为不小于 0 的数。",
                        "Bad weight(s) {got}: weights are numbers >= 0."),
    "err_weights_problems_known": ("{problems}可用的分项:{known}。",
                                   "{problems} The components are: {known}."),
    "err_weights_all_zero": ("此处能计算的分项({components})权重全为 0;请至少给一个正的权重。",
                             "Every weight of the components that can be computed here is 0 "
                             "({components}); give at least one a positive weight."),
    "err_weights_all_zero_none": ("此处没有能计算的分项,权重全为 0;请至少给一个正的权重。",
                                  "Every weight of the components that can be computed here is 0 "
                                  "(none); give at least one a positive weight."),
    "err_change_pct": ("change_pct 须在 (0, 100) 之间,而非 {got}。",
                       "change_pct must be in (0, 100); got {got}."),
    # network/road_calibration.py: the published drive times the road speeds are calibrated on
    "err_road_calib_no_access": ("区域“{region}”中 {origin} 或 {destination} 没有道路接入。",
                                 "No road access for {origin} or {destination} in region "
                                 "'{region}'."),
    "err_road_calib_no_path": ("{year} 年的路网中没有从 {origin} 到 {destination} 的道路路径。",
                               "No road path from {origin} to {destination} in {year}."),
    "err_road_calib_rows": ("至少需要两行校准数据(role == 'calibration')。",
                            "At least two calibration rows (role == 'calibration') are "
                            "needed."),
    # network: travel options, travel times, the units' values (metroscope.network)
    "err_options_not_travel": ("options= 须为 TravelOptions(metroscope.network.TravelOptions("
                               "mode=..., network_year=...)),而非 {got}。",
                               "options= takes a TravelOptions (metroscope.network.TravelOptions("
                               "mode=..., network_year=...)), not {got}."),
    "err_options_and_keywords": ("出行选项只能以 options= 或关键字参数之一给出,不能两者都给:"
                                 "在 options=TravelOptions(mode={mode}, ...) 之外又给了 {given}。",
                                 "Give the travel options either as options= or as keywords, not "
                                 "both: {given} given beside options=TravelOptions(mode={mode}, "
                                 "...)."),
    "err_direction_from_to": ("direction 须为 'from' 或 'to',而非 {got}。",
                              "direction must be 'from' or 'to', not {got}."),
    "err_direction_points": ("direction 须为 'to_points' 或 'from_points',而非 {got}。",
                             "direction must be 'to_points' or 'from_points', not {got}."),
    "err_points_lon_lat": ("points 需要 lon 和 lat 列(经纬度,单位为度);缺少 {missing}。",
                           "points need columns lon and lat (degrees); missing {missing}."),
    "err_points_no_access": ("区域“{region}”中没有任何单元接入{network}。",
                             "No unit of region '{region}' has access to the {network}."),
    "err_no_matrix_units": ("区域“{region}”中没有具备驻地坐标或接入行的 {level} 级单元;"
                            "请补充 seat_lon/seat_lat 和接入(access)行。",
                            "Region '{region}' has no units of level {level} with a seat or "
                            "access rows; add seat_lon/seat_lat and access rows."),
    "err_route_units_unknown": ("单元 {got} 不在区域“{region}”中。单元编码见 region.units.index。",
                                "Unit(s) {got} not in region '{region}'. See "
                                "region.units.index."),
    "err_stats_year_no_values": ("区域各单元没有 {year} 年的{indicator};有{indicator}的年份:"
                                 "{years}。请以其中一年为统计年份(stats_year=,命令行 "
                                 "--stats-year)。",
                                 "No {indicator} in {year} for the region's units; years with "
                                 "{indicator}: {years}. Give one of them as the statistics year "
                                 "(stats_year=, --stats-year)."),
    "err_supply_no_capacity": ("supply 中没有 {got} 列;请用 capacity=...(命令行 --capacity)"
                               "指明容量列。",
                               "supply has no {got} column; name the capacity column with "
                               "capacity=..."),
    "err_supply_location": ("supply 需要 lon 和 lat 列(经纬度,单位为度)或 code 列(单元编码)。",
                            "supply needs lon and lat columns (degrees) or a code column (unit "
                            "codes)."),
    # the national metropolitan areas (metroscope._metro) and the opportunity screen
    "err_no_metro_tables": ("区域“{region}”没有全国都市圈表;请使用 "
                            "metroscope.load('china').metro_area(name)。",
                            "Region '{region}' has no national metropolitan-area tables; use "
                            "metroscope.load('china').metro_area(name)."),
    "err_unknown_metro_area": ("未知的都市圈 {got}。{n} 个国家级都市圈(国家发展改革委批复,按批复"
                               "顺序)为:{valid}。",
                               "Unknown metropolitan area {got}. The {n} national metropolitan "
                               "areas (NDRC-approved, in approval order) are: {valid}."),
    "err_metro_area_no_unit": ("{area} 的单元都不在区域“{region}”中。",
                               "No unit of {area} is in region '{region}'."),
    "err_screen_level": ("未知的层级 {got};可选 {allowed}。",
                         "Unknown level {got}; choose one of {allowed}."),
    "err_screen_weights_or_entropy": ("请只给权重或熵权法之一,不要同时给出。",
                                      "Give either weights or entropy weights, not both."),
    "err_screen_no_employment": ("区域“{region}”中没有 {level} 级的都市圈单元具有分行业的普查就业"
                                 "数据;请试 --level prefecture 或其他都市圈。",
                                 "No metropolitan unit at level {level} of region '{region}' has "
                                 "census employment by industry; try --level prefecture or "
                                 "another area."),
    # datasets, seats, the report's language and the web server's regions
    "err_no_dataset": ("没有名为 {got} 的内置数据集。可用:{available}。",
                       "No embedded dataset named {got}. Available: {available}."),
    "err_no_dataset_none": ("没有名为 {got} 的内置数据集。可用:无(请运行 "
                            "tools/build_datasets.py)。",
                            "No embedded dataset named {got}. Available: none (run "
                            "tools/build_datasets.py)."),
    "err_not_dataset_or_bundle": ("{got} 既不是内置数据集({datasets}),也不是数据包文件夹。",
                                  "{got} is neither an embedded dataset ({datasets}) nor a bundle "
                                  "folder."),
    "err_no_seats": ("{n} 个单元没有驻地坐标:{codes}。请在 units 中补充 seat_lon 和 seat_lat,"
                     "或不计这些单元(codes=...)。",
                     "No seat coordinates for {n} unit(s): {codes}. Add seat_lon and seat_lat "
                     "to units, or leave these units out (codes=...)."),
    "err_report_lang": ("未知的报告语言 {got};请用 'zh' 或 'en'。",
                        "Unknown report language {got}; use 'zh' or 'en'."),
    "err_web_unknown_region": ("未知的区域 {got};本服务器提供:{served}。",
                               "Unknown region {got}; this server serves: {served}."),
    "err_modes_empty": ("modes 为空:请给出 {allowed} 中的一种或几种。",
                        "modes is empty: give one or more of {allowed}."),
}
