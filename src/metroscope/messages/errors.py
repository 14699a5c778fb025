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

from .errors_flows import FLOW_ERRORS
from .errors_indicators import INDICATOR_ERRORS
from .errors_monitor import MONITOR_ERRORS

ERRORS: Final[dict[str, tuple[str, str]]] = {
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
    # files
    "err_no_such_file": ("找不到文件 {path}({what})。请检查路径。",
                         "No such {what}: {path}. Check the path."),
    "err_path_is_folder": ("{path} 是文件夹,不是{what}。请给出文件的路径。",
                           "{path} is a folder, not a {what}. Give the path of the file."),
    "err_cannot_read": ("无法读取 {path}:{reason}。", "Cannot read {path}: {reason}."),
    "err_file_empty": ("{path} 是空文件。应为带表头行且至少有一行数据的 CSV 文件。",
                       "{path} is empty. Expected a CSV file with a header row and at least one "
                       "data row."),
    "err_bad_encoding": ("{path} 既不是 UTF-8 也不是 GB18030 编码的有效文本:{detail}。请另存为“CSV UTF-8”"
                         "(Excel:文件 > 另存为 > CSV UTF-8),或用 "
                         "`iconv -f <编码> -t UTF-8 file.csv > file-utf8.csv` 转换。",
                         "{path} is not valid text in UTF-8 or GB18030: {detail}. Save "
                         "it as 'CSV UTF-8' (Excel: File > Save As > CSV UTF-8), or convert it "
                         "with `iconv -f <encoding> -t UTF-8 file.csv > file-utf8.csv`."),
    # one encoding tried by err_bad_encoding: where its decoding stopped
    "err_encoding_at": ("按 {enc} 读取时第 {line} 行第 {byte} 个字节无法解码",
                        "as {enc}, byte {byte} of line {line} cannot be decoded"),
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
    # network/points.py, network/_subsets.py: times from points and from chosen units
    "err_point_direction": ("direction 须为 'to_points' 或 'from_points',而非 {got}。",
                            "direction must be 'to_points' or 'from_points', not {got}."),
    "err_point_columns": ("点表需要 lon 和 lat 列(单位:度);缺少 {missing}。",
                          "points need columns lon and lat (degrees); missing {missing}."),
    "err_point_no_access": ("区域“{region}”中没有单元能接入{network};请检查 access 表。",
                            "No unit of region '{region}' has access to the {network}; "
                            "check the access table."),
    "err_from_direction": ("direction 须为 'from' 或 'to',而非 {got}。",
                           "direction must be 'from' or 'to', not {got}."),
    # network/_unitdata.py: a statistics year without values of the weighing indicator
    "err_unit_values_year": ("区域的单元在 {year} 年没有 {indicator};有 {indicator} 的年份:"
                             "{years}。请把其中一年作为统计年份(stats_year=,--stats-year)。",
                             "No {indicator} in {year} for the region's units; years with "
                             "{indicator}: {years}. Give one of them as the statistics year "
                             "(stats_year=, --stats-year)."),
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
    # network/_access_compute.py: the arguments of a potential
    "err_access_min_cost": ("min_cost 须为不小于 0 的有限数(成本的单位),而非 {got}。",
                            "min_cost must be a finite number >= 0 (the cost's unit), not {got}."),
    "err_access_decay_param": ("decay_param 须为不小于 0 的有限数(幂函数衰减的 a,或指数衰减中每单位"
                               "成本的 β),而非 {got}。",
                               "decay_param must be a finite number >= 0 (a of power decay, β per "
                               "cost unit of exponential decay), not {got}."),
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
}
