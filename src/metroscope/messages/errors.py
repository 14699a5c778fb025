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
    # options of `metroscope analyze` and of the indicators API
    "err_opt_not_applicable": ("{option} 不适用于指标 {name}(它接受:{accepted})。",
                               "{option} does not apply to '{name}' (it accepts: {accepted})."),
    "err_opt_no_param": ("指标 {name} 没有参数 {key}(它接受:{accepted})。",
                         "'{name}' has no parameter {key} (it accepts: {accepted})."),
    "err_opt_set_form": ("--set 应写成 KEY=VALUE,收到 {got}。", "--set expects KEY=VALUE, got {got}."),
    "err_opt_set_type": ("--set {key}:无法把 {value} 读作 {type}。",
                         "--set {key}: cannot read {value} as {type}."),
    "err_opt_problems": ("选项有 {n} 处问题:\n  - {items}",
                         "{n} problem(s) with the options:\n  - {items}"),
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
    "err_no_core_employment": ("核心 {core} 在{year}年没有分行业就业数据。",
                               "No employment by industry for the core {core} in {year}."),
    "err_no_census_year": ("{year}年没有 {measure} 的数值;有数值的普查年份:{years}。请从中选择起止年份"
                           "(命令行 --start、--end)。",
                           "No value of {measure} in {year}; the census years that have values: "
                           "{years}. Choose the start and end among them (--start and --end on "
                           "the command line)."),
}
