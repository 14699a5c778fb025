"""Error messages about files: reading them (encodings, what a file is), writing outputs
(:mod:`metroscope._atomic`), the operating system's reasons, imports, region bundles and
uploaded bundles, in Chinese and English. Part of :data:`metroscope.messages.errors.ERRORS`;
prefix ``err_``.
"""

from __future__ import annotations

from typing import Final

FILE_ERRORS: Final[dict[str, tuple[str, str]]] = {
    # files
    "err_no_such_file": ("找不到文件 {path}({what})。请检查路径。",
                         "No such {what}: {path}. Check the path."),
    "err_path_is_folder": ("{path} 是文件夹,不是{what}。请给出文件的路径。",
                           "{path} is a folder, not a {what}. Give the path of the file."),
    "err_cannot_read": ("无法读取 {path}:{reason}。", "Cannot read {path}: {reason}."),
    "err_file_empty": ("{path} 是空文件。应为带表头行且至少有一行数据的 CSV 文件。",
                       "{path} is empty. Expected a CSV file with a header row and at least one "
                       "data row."),
    "err_file_empty_geojson": ("{path} 是空文件。应为 GeoJSON 要素集合(FeatureCollection)。",
                               "{path} is empty. Expected a GeoJSON FeatureCollection."),
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
    "err_out_not_regular": ("无法把{what}写到 {target}:它不是普通文件(设备、命名管道或套接字),"
                            "替换它就会删除它。请另选输出文件。",
                            "Cannot write {what} to {target}: it is not a regular file (a "
                            "device, a named pipe or a socket), and replacing it would remove "
                            "it. Choose another output file."),
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
}
