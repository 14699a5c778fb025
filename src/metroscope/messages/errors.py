"""Error messages of the library (options, unit selection, statistics, employment, files), in
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

ERRORS: Final[dict[str, tuple[str, str]]] = {
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
    "err_no_employment_values": ("所选的 {n} 个单元没有就业数值。",
                                 "No employment values for the {n} selected units."),
    # files
    "err_no_such_file": ("没有这个{what}:{path}。请检查路径。",
                         "No such {what}: {path}. Check the path."),
    "err_path_is_folder": ("{path} 是文件夹,不是{what}。请给出文件的路径。",
                           "{path} is a folder, not a {what}. Give the path of the file."),
    "err_cannot_read": ("无法读取 {path}:{reason}。", "Cannot read {path}: {reason}."),
    "err_file_empty": ("{path} 是空文件。应为带表头行且至少有一行数据的 CSV 文件。",
                       "{path} is empty. Expected a CSV file with a header row and at least one "
                       "data row."),
    "err_bad_encoding": ("{path} 不是任何受支持编码的有效文本({detail})。请另存为“CSV UTF-8”"
                         "(Excel:文件 > 另存为 > CSV UTF-8),或用 "
                         "`iconv -f <编码> -t UTF-8 file.csv > file-utf8.csv` 转换。",
                         "{path} is not valid text in any supported encoding ({detail}). Save "
                         "it as 'CSV UTF-8' (Excel: File > Save As > CSV UTF-8), or convert it "
                         "with `iconv -f <encoding> -t UTF-8 file.csv > file-utf8.csv`."),
    "err_bad_csv": ("{path} 不是格式正确的 CSV:{detail}。请检查引号(未闭合的引号会一直延续到文件末尾)"
                    "和字段个数。",
                    "{path} is not a well-formed CSV: {detail}. Check the quoting (an unclosed "
                    "quote runs to the end of the file) and the number of fields."),
    "err_no_columns": ("{path} 没有列。应有表头行。", "{path} has no columns. Expected a header "
                       "row."),
    "err_duplicate_columns": ("{path} 有重复的列名({names});每一列都需要自己的名称。",
                              "{path} has duplicate column names ({names}); each column needs "
                              "its own name."),
    "err_no_data_rows": ("{path} 只有表头,没有数据行。", "{path} has a header but no data rows."),
    "err_bad_json": ("{path} 不是有效的 JSON:第 {line} 行第 {column} 列,{detail}{cut}。"
                     "请重新导出 GeoJSON。",
                     "{path} is not valid JSON: {detail} at line {line}, column {column}{cut}. "
                     "Re-export the GeoJSON."),
    "err_json_cut": ("(文件似乎被截断)", " (the file looks cut off)"),
    "err_not_feature_collection": ("{path} 不是 GeoJSON 要素集合(应为 {{\"type\": "
                                   "\"FeatureCollection\", \"features\": [...]}})。",
                                   "{path} is not a GeoJSON FeatureCollection (expected "
                                   "{{\"type\": \"FeatureCollection\", \"features\": [...]}})."),
    "err_not_wgs84": ("{path} 声明的坐标系为 {crs};GeoJSON 必须是 WGS84 经纬度(EPSG:4326)。"
                      "请重新投影(如 ogr2ogr -t_srs EPSG:4326)。",
                      "{path} declares the coordinate system {crs}; GeoJSON must be WGS84 "
                      "lon/lat (EPSG:4326). Reproject it (e.g. ogr2ogr -t_srs EPSG:4326)."),
    "err_no_features": ("{path} 没有任何要素。", "{path} has no features."),
    "err_cannot_read_input": ("无法读取{what}文件 {path}:{reason}。应为带表头行的 CSV。",
                              "Cannot read the {what} file {path}: {reason}. Expected a CSV "
                              "with a header row."),
    # what a file is, for the messages above
    "err_what_csv": ("CSV 文件", "CSV file"),
    "err_what_file": ("文件", "file"),
    "err_what_geojson": ("GeoJSON 文件", "GeoJSON file"),
    "err_what_locations": ("位置", "locations"),
    "err_what_observed": ("观测流量", "observed flows"),
    # output paths (metroscope._atomic); {what} is one of the err_what_* below
    "err_out_disk_full": ("无法写出{what} {target}:磁盘已满或达到文件大小上限({reason})。未写入任何内容,"
                          "原有文件不变;请腾出空间或写到其他磁盘。",
                          "Could not write {what} {target}: the disk is full or a file-size "
                          "limit was reached ({reason}). Nothing was written and any previous "
                          "file is unchanged; free some space or write to another disk."),
    "err_out_quota": ("无法写出{what} {target}:磁盘配额已用完({reason})。未写入任何内容,原有文件不变;"
                      "请腾出空间或写到其他磁盘。",
                      "Could not write {what} {target}: the disk quota is exhausted ({reason}). "
                      "Nothing was written and any previous file is unchanged; free some space "
                      "or write to another disk."),
    "err_out_permission": ("无法写出{what} {target}:没有权限({reason})。请选择可写的文件夹。",
                           "Could not write {what} {target}: permission denied ({reason}). "
                           "Choose a folder you can write to."),
    "err_out_os": ("无法写出{what} {target}:{reason}。未写入任何内容,原有文件不变。",
                   "Could not write {what} {target}: {reason}. Nothing was written and any "
                   "previous file is unchanged."),
    "err_out_under_file": ("无法写出{what} {target}:{base} 是文件,不是文件夹。请给出文件夹中的路径。",
                           "Cannot write {what} {target}: {base} is a file, not a folder. "
                           "Choose a path inside a folder."),
    "err_out_folder_not_writable": ("无法写出{what} {target}:文件夹 {base} 不可写({reason})。"
                                    "请选择可写的文件夹。",
                                    "Cannot write {what} {target}: the folder {base} is not "
                                    "writable ({reason}). Choose a folder you can write to."),
    "err_out_empty": ("{what}的路径为空。请给出文件名。", "{what} path is empty. Give a file name."),
    "err_out_is_folder": ("无法把{what}写到 {target}:它是文件夹。请给出文件名,例如 {example}。",
                          "Cannot write {what} to {target}: it is a folder. Give a file name, "
                          "e.g. {example}."),
    "err_out_suffix": ("无法写出{what} {target}:文件名须以 {allowed} 结尾。",
                       "Cannot write {what} {target}: the name must end in {allowed}."),
    "err_out_is_input": ("无法写出{what} {target}:它也是本命令的输入,会被覆盖。请另选输出文件。",
                         "Cannot write {what} {target}: it is also an input of this command and "
                         "would be overwritten. Choose another output file."),
    "err_out_read_only": ("不覆盖{what} {target}:该文件是只读的。要替换它,请先改为可写(chmod u+w),"
                          "或另选输出文件。",
                          "Will not overwrite {what} {target}: the file is read-only. Make it "
                          "writable first (chmod u+w) to replace it, or choose another output "
                          "file."),
    "err_out_dir_is_file": ("无法把{what}写到 {target}:已有同名文件。数据包是文件夹;请给出新的文件夹名。",
                            "Cannot write {what} to {target}: a file of that name exists. A "
                            "bundle is a folder; give a new folder name."),
    "err_out_dir_holds_input": ("无法把{what}写到 {target}:输入 {input} 在其中,会被覆盖。请另选输出文件夹。",
                                "Cannot write {what} to {target}: the input {input} is inside "
                                "it and would be overwritten. Choose another output folder."),
    "err_out_dir_not_empty": ("无法把{what}写到 {target}:该文件夹非空({shown}),且不是数据包,"
                              "其中的文件都不会被替换。请给出新的或空的文件夹。",
                              "Cannot write {what} to {target}: the folder is not empty "
                              "({shown}) and is not a metroscope bundle, so nothing in it is "
                              "replaced. Give a new or empty folder."),
    "err_out_dir_foreign": ("无法把{what}写到 {target}:其中有不属于数据包的文件({files}),替换会删除它们。"
                            "请移走这些文件,或给出新的文件夹。",
                            "Cannot write {what} to {target}: it holds files that are not part "
                            "of the bundle ({files}), which replacing it would delete. Move "
                            "them, or give a new folder."),
    "err_out_bundle_exists": ("{target} 已有一个数据包。要替换请加 --force(overwrite=True),或给出新的文件夹。",
                              "{target} already holds a bundle. Pass --force (overwrite=True) "
                              "to replace it, or give a new folder."),
    "err_out_nothing_written": ("没有写出{what} {target}(内部错误:未生成文件)。",
                                "Nothing was written to {what} {target} (internal error: no "
                                "file produced)."),
    # the outputs named by the messages above
    "err_what_output": ("输出文件", "the output"),
    "err_what_report": ("报告", "the report"),
    "err_what_pdf": ("PDF", "the PDF"),
    "err_what_flow_table": ("流量表", "the flow table"),
    "err_what_digest": ("摘要", "the digest"),
    "err_what_bundle": ("数据包", "the bundle"),
    "err_what_flow_dataset": ("流量数据集", "the flow dataset"),
    "err_what_dataset_metadata": ("数据集元数据", "the dataset metadata"),
    "err_what_cache": ("缓存", "the cache"),
    "err_what_token_store": ("令牌存储", "the token store"),
    "err_what_scenario": ("情景", "the scenario"),
    # operating-system reasons (errno); the English output keeps the system's own text
    "err_os_eacces": ("权限不足", "Permission denied"),
    "err_os_eperm": ("不允许的操作", "Operation not permitted"),
    "err_os_erofs": ("只读文件系统", "Read-only file system"),
    "err_os_enospc": ("磁盘空间不足", "No space left on device"),
    "err_os_edquot": ("超出磁盘配额", "Disk quota exceeded"),
    "err_os_efbig": ("文件过大", "File too large"),
    "err_os_enotdir": ("路径中有一项不是文件夹", "Not a directory"),
    "err_os_eisdir": ("是文件夹", "Is a directory"),
    "err_os_enoent": ("文件或文件夹不存在", "No such file or directory"),
    "err_no_census_year": ("{year}年没有 {measure} 的数值;有数值的普查年份:{years}。请从中选择起止年份"
                           "(命令行 --start、--end)。",
                           "No value of {measure} in {year}; the census years that have values: "
                           "{years}. Choose the start and end among them (--start and --end on "
                           "the command line)."),
    # flows/_table.py
    "err_flow_unknown_choice": ("未知的 {name} 取值 {got};可选 {allowed}。",
                                "Unknown {name} {got}; expected one of {allowed}."),
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
    "err_flow_too_few_units": ("区域“{region}”只有 {n} 个 {level} 级单元同时具有驻地坐标和 {year} 年的 {indicator};"
                               "请选择其他层级或年份。",
                               "Only {n} {level} unit(s) of region '{region}' have a seat and a "
                               "{year} {indicator}; choose another level or year."),
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
    "err_flow_bad_truncation": ("k_nearest 须不小于 1,"
                                "cutoff_km 须为大于 0 的有限数(公里);"
                                "传入的是 {k_nearest}、{cutoff_km}。",
                                "k_nearest must be >= 1 and cutoff_km a finite number > 0 (km); "
                                "got {k_nearest}, {cutoff_km}."),
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
    # indicators (analyses and their shared inputs)
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
    # indicators/_options.py
    "err_option_problems": ("选项有 {n} 个问题:\n  - {problems}",
                            "{n} problem(s) with the options:\n  - {problems}"),
    "err_option_set_form": ("--set 应为 KEY=VALUE 的形式,而不是 {got}。",
                            "--set expects KEY=VALUE, got {got}."),
    "err_option_no_parameter": ("“{name}”没有参数 {got}(可用的参数:{accepted})。",
                                "'{name}' has no parameter {got} (it accepts: {accepted})."),
    "err_option_set_type": ("--set {key}:无法把 {got} 读作 {type}。",
                            "--set {key}: cannot read {got} as {type}."),
    "err_option_not_applicable": ("{option} 不适用于“{name}”(可用的参数:{accepted})。",
                                  "{option} does not apply to '{name}' (it accepts: {accepted})."),
    # importers.py
    "err_units_is_folder": ("{path} 是文件夹,不是单元文件。请给出文件的路径(.csv、"
                            ".geojson 或 .gpkg)。",
                            "{path} is a folder, not a units file. Give the path of the file "
                            "(.csv, .geojson or .gpkg)."),
    "err_cannot_read_vector": ("无法把 {path} 读作矢量文件:{reason}。",
                               "Cannot read {path} as a vector file: {reason}."),
    "err_no_crs": ("{path} 没有坐标参考系;请设定一个(经纬度用 EPSG:4326)。",
                   "{path} has no coordinate reference system; set one (EPSG:4326 for lon/lat)."),
    "err_units_file_type": ("未知的单元文件类型 {got}:请使用 .csv(含 lon/lat)、"
                            ".geojson 或 .gpkg。",
                            "Unknown units file type {got}: use .csv (with lon/lat), .geojson or "
                            ".gpkg."),
    "err_network_needs_both": ("路网需要同时提供 nodes 和 links 文件(access 可选)。",
                               "A network needs both nodes and links files (access is optional)."),
    # bundle.py
    "err_bad_parquet": ("{path} 不是可读取的 Parquet 文件:{reason}。请重新导出。",
                        "{path} is not a readable Parquet file: {reason}. Re-export it."),
    "err_bundle_format": ("未知的数据包格式 {got}:请使用 'csv'(CSV + GeoJSON)"
                          "或 'parquet'。",
                          "Unknown bundle format {got}: use 'csv' (CSV + GeoJSON) or 'parquet'."),
    "err_bad_geoparquet": ("{path} 不是可读取的 GeoParquet 文件:{reason}。"
                           "请重新导出。",
                           "{path} is not a readable GeoParquet file: {reason}. Re-export it."),
    "err_bad_geopackage": ("无法把 {path} 读作 GeoPackage:{reason}。",
                           "Cannot read {path} as a GeoPackage: {reason}."),
    "err_no_region_toml": ("{path} 中没有 region.toml。数据包是一个文件夹,"
                           "内含 region.toml 和每张表各一个文件;"
                           "请用 Region.write(path)"
                           " 或 `metroscope data export` 生成。",
                           "No region.toml in {path}. A bundle is a folder with region.toml and "
                           "one file per table; create one with Region.write(path) or "
                           "`metroscope data export`."),
    "err_bad_region_toml": ("{path} 不是有效的 UTF-8 TOML:{reason}。请修正该文件,"
                            "或重新导出数据包。",
                            "{path} is not valid UTF-8 TOML: {reason}. Fix the file or re-export "
                            "the bundle."),
    # cli/analyze.py
    "err_analyze_bad_csv": ("无法把 {path} 读作 UTF-8 CSV:{reason}。修正:"
                            "请另存为带表头行、逗号分隔的 UTF-8 文件。",
                            "Cannot read {path} as a UTF-8 CSV: {reason}. Fix: save it as a "
                            "comma-separated UTF-8 file with a header row."),
    # web/uploads.py: uploaded region bundles (zip archives)
    "err_upload_too_many": ("{n} 个条目;最多接受 {limit} 个",
                            "{n} entries; at most {limit} are accepted"),
    "err_upload_zip_slip": ("{name}:该路径跳出了数据包文件夹(zip slip);请在一个文件夹内"
                            "使用相对路径",
                            "{name}: the path leaves the bundle folder (zip slip); use relative "
                            "paths inside one folder"),
    "err_upload_symlink": ("{name}:不接受符号链接", "{name}: symbolic links are not accepted"),
    "err_upload_twice": ("{name}:压缩包中该路径出现了两次",
                         "{name}: the archive holds this path twice"),
    "err_upload_ratio": ("{name}:压缩的 {packed} 字节解压后为 {size} 字节(压缩比超过 "
                         "{ratio}:1;压缩炸弹?)",
                         "{name}: compressed {packed} bytes unpack to {size} (ratio above "
                         "{ratio}:1; zip bomb?)"),
    "err_upload_total": ("文件解压后共 {total} 字节;最多接受 {limit} 字节",
                         "the files unpack to {total} bytes; at most {limit} are accepted"),
    "err_upload_leaves": ("{name} 跳出了数据包文件夹", "{name} leaves the bundle folder"),
    "err_upload_refused": ("压缩包被拒绝。", "The archive was refused."),
    "err_upload_refused_n": ("压缩包被拒绝(共 {n} 个问题)。",
                             "The archive was refused ({n} problem(s))."),
    "err_upload_lies": ("{name} 解压后超过它声明的大小({size} 字节)或超过 {limit} 字节的"
                        "上限",
                        "{name} unpacks to more than it declares ({size} bytes) or past the "
                        "{limit}-byte cap"),
    "err_upload_not_bundle": ("该压缩包不是区域数据包。", "The archive is not a region bundle."),
    "err_upload_no_toml": ("压缩包顶层(或唯一的顶层文件夹)中没有 region.toml;请用 "
                           "'metroscope data export NAME OUT' 生成,再压缩 OUT",
                           "no region.toml at the top of the archive (or in one top folder); "
                           "make one with 'metroscope data export NAME OUT' and zip OUT"),
    "err_upload_bad_name": ("无效的数据包名称 {name}:只能用小写字母、数字、'-' 和 '_',"
                            "以字母或数字开头,最多 63 个字符。",
                            "Invalid bundle name {name}: lower-case letters, digits, '-' and "
                            "'_', starting with a letter or digit, at most 63 characters."),
    "err_upload_exists": ("已有名为 {name} 的区域;请换一个名称。",
                          "A region named {name} exists; choose another name."),
    "err_upload_not_zip": ("上传的文件不是 zip 文件。", "The upload is not a zip file."),
    "err_upload_unpack": ("无法解压该压缩包。", "The archive could not be unpacked."),
    "err_upload_unreadable": ("无法读取上传的数据包:{reason}", "{reason}"),
    "err_upload_no_bundle": ("没有名为 {name} 的上传数据包", "no uploaded bundle {name}"),
    "err_upload_no_file": ("数据包 {name} 中没有文件 {relative}",
                           "no file {relative} in bundle {name}"),
    # monitor/gate.py: the guard in front of every fetch (no private or local addresses)
    "err_gate_not_ip": ("{address} 不是 IP 地址", "{address} is not an IP address"),
    "err_gate_inside": ("{address}(包含在 {outer} 中)", "{address} (inside {outer})"),
    "err_gate_multicast": ("{label} 是组播地址", "{label} is a multicast address"),
    "err_gate_cgnat": ("{label} 是运营商级 NAT 地址(100.64.0.0/10)",
                       "{label} is a carrier-grade NAT address (100.64.0.0/10)"),
    "err_gate_not_global": ("{label} 不是公网地址(私有、回环、链路本地或保留地址)",
                            "{label} is not a global address (private, loopback, link-local or "
                            "reserved)"),
    "err_gate_backslash": ("拒绝 {url}:不同的库对网址中的反斜杠解析不同。",
                           "Refused {url}: backslashes in URLs are parsed differently by "
                           "different libraries."),
    "err_gate_control": ("拒绝 {url}:网址中有空白或控制字符。",
                         "Refused {url}: whitespace or control characters in the URL."),
    "err_gate_invalid": ("拒绝 {url}:不是有效的网址({reason})。",
                         "Refused {url}: not a valid URL ({reason})."),
    "err_gate_scheme": ("拒绝 {url}:只抓取 http 和 https 网址(得到 {scheme})。",
                        "Refused {url}: only http and https URLs are fetched (got {scheme})."),
    "err_gate_credentials": ("拒绝 {url}:不接受网址中的凭据(user:password@);请把密钥放在"
                             "环境变量中。",
                             "Refused {url}: credentials in the URL (user:password@) are not "
                             "accepted; put secrets in the environment."),
    "err_gate_no_host": ("拒绝 {url}:没有主机名。", "Refused {url}: no host."),
    "err_gate_unresolved": ("拒绝 {url}:主机 {host} 无法解析({reason})。",
                            "Refused {url}: the host {host} does not resolve ({reason})."),
    "err_gate_no_address": ("拒绝 {url}:主机 {host} 没有地址。",
                            "Refused {url}: the host {host} has no address."),
    "err_gate_refused_address": ("拒绝 {url}:{host} 解析到被拒绝的地址:{problem}。若这是"
                                 "有意使用的本地服务(如自建的 RSSHub),请把该主机加入 "
                                 "METROSCOPE_MONITOR_ALLOW_PRIVATE_HOSTS。",
                                 "Refused {url}: {host} resolves to a refused address: "
                                 "{problem}. If this is an intended local service (e.g. your "
                                 "own RSSHub), add the host to "
                                 "METROSCOPE_MONITOR_ALLOW_PRIVATE_HOSTS."),
    # monitor/watchlist.py: a source definition
    "err_source_name": ("名称 {name}:应以一个字母、数字或下划线开头,之后最多 99 个字母、"
                        "数字、下划线、点或连字符(不含空格),如 'ndrc-news'",
                        "name {name}: expected a word character, then up to 99 word "
                        "characters, dots or hyphens (no spaces), e.g. 'ndrc-news'"),
    "err_source_kind": ("类型 {kind}:应为以下之一:{allowed}",
                        "kind {kind}: expected one of {allowed}"),
    "err_source_selectors": ("选择器只用于 'page' 类型;{kind} 类型的来源不使用选择器读取:"
                             "请删去选择器,或改用 'page' 类型",
                             "selectors apply to kind 'page' only; a {kind} source is read "
                             "without them: drop the selectors or use kind 'page'"),
    "err_source_interval": ("interval_min {got}:应为大于 0、至多 {limit} 的分钟数(一年)",
                            "interval_min {got}: expected minutes > 0 and at most {limit} "
                            "(one year)"),
    "err_source_language": ("语言 {got}:应为以下之一:{allowed}(或不填:自动识别)",
                            "language {got}: expected one of {allowed} (or none: detected)"),
    "err_source_exists": ("已有名为 {name} 的来源(请先删除,或使用 replace)",
                          "a source named {name} exists (remove it or use replace)"),
    "err_source_problems": ("来源 {name}:\n  - {problems}", "source {name}:\n  - {problems}"),
    "err_watchlist_unreadable": ("无法读取关注清单 {path}:{reason}",
                                 "cannot read the watchlist {path}: {reason}"),
    "err_watchlist_source": ("sources[{i}]({name}):{problem}",
                             "sources[{i}] ({name}): {problem}"),
    "err_watchlist_rule": ("规则有误:{problem}", "{problem}"),
    "err_watchlist_invalid": ("关注清单无效:\n  - {problems}",
                              "invalid watchlist:\n  - {problems}"),
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
    # monitor/rules.py: a rule's specification
    "err_rule_ctx": ("规则", "rule"),
    "err_rule_ctx_keywords": ("关键词", "the keywords"),
    "err_rule_threshold": ("阈值条件需要 'above' 和/或 'below'",
                           "a threshold condition needs 'above' and/or 'below'"),
    "err_rule_unknown_unit": ("未知的单位 {unit};请写如 亿元、万元、元、万人、%、km,或登记表中的"
                              "代码(cny_100m)",
                              "unknown unit {unit}; write e.g. 亿元, 万元, 元, 万人, %, km or a "
                              "registry code (cny_100m)"),
    "err_rule_unit_kind": ("单位 {unit} 不能度量 {indicator}(其单位为 {target});请使用同类的"
                           "单位",
                           "unit {unit} does not measure {indicator} (in {target}); use a unit "
                           "of the same kind"),
    "err_rule_change": ("变化条件需要 'change_pct'(百分数,如 5)",
                        "a change condition needs 'change_pct' (percent, e.g. 5)"),
    "err_rule_keywords": ("关键词规则需要 'keywords'(词语列表)",
                          "a keyword rule needs 'keywords' (a list of words)"),
    "err_rule_regex": ("正则规则需要 'regex'", "a regex rule needs 'regex'"),
    "err_rule_regex_compile": ("正则表达式 {regex} 无法编译:{reason}",
                               "regex {regex} does not compile: {reason}"),
    "err_rule_tags": ("标签规则需要 'tags'(须全部出现)",
                      "a tags rule needs 'tags' (all must be present)"),
    "err_rule_indicator": ("指标规则需要 'indicator'(indicator、on 等)",
                           "an indicator rule needs 'indicator' (indicator, on, ...)"),
    "err_rule_statuses": ("未知的状态 {bad};应为 {allowed} 中的若干个",
                          "unknown statuses {bad}; expected some of {allowed}"),
    # monitor/sources.py: a page watch's selectors and an RSSHub route
    "err_selectors_none": ("网页监视需要选择器,至少要有 'item'(每个条目的 CSS 或 XPath)",
                           "a page watch needs selectors, at least 'item' (CSS or XPath of each "
                           "entry)"),
    "err_selectors_unknown": ("未知的选择器键 {keys};应为 {allowed} 中的若干个",
                              "unknown selector keys {keys}; expected some of {allowed}"),
    "err_selectors_item": ("必须给出选择器 'item'(如 'ul.list li' 或 '//ul/li')",
                           "selector 'item' is required (e.g. 'ul.list li' or '//ul/li')"),
    "err_selectors_invalid": ("选择器 {key}={selector} 不是有效的 CSS 或 XPath:{reason}",
                              "selector {key}={selector} is not valid CSS or XPath: {reason}"),
    "err_rsshub_route": ("RSSHub 路由 {route} 必须是路径,如 /gov/ndrc/xwdt/tzgg",
                         "RSSHub route {route} must be a path such as /gov/ndrc/xwdt/tzgg"),
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
}
