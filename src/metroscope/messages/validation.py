"""Problems found by the validation of a user's tables (``data validate``, ``data import``, a
bundle, an uploaded archive, the flow models' inputs): the place, the value given, what was
expected and how to fix it, in Chinese and English. Part of
:data:`metroscope.messages.CATALOGUE`; prefix ``val_``.

A :class:`~metroscope._errors.Problem` takes ``Message("val_exp_...")`` as ``expected`` and
``Message("val_fix_...")`` as ``fix``; :meth:`~metroscope._errors.Problem.text` puts the whole
problem together in a language (``val_problem``). The English templates give the sentences
the validation wrote before they went through the catalogue, character for character.
"""

from __future__ import annotations

from typing import Final

VALIDATION: Final[dict[str, tuple[str, str]]] = {
    # one problem: place (file or table, line or row), column, value, expected, fix
    "val_problem": ("{where}{value};应为{expected}。修正:{fix}",
                    "{where}{value}; expected {expected}. Fix: {fix}"),
    "val_at_line": ("{where},第 {line} 行", "{where}, line {line}"),
    "val_data_row": ("(数据第 {row} 行)", " (data row {row})"),
    "val_at_row": ("{where},第 {row} 行", "{where}, row {row}"),
    "val_column": (",列“{column}”", ", column '{column}'"),
    "val_got": (":值为 {value}", ": got {value}"),
    # what was checked (the context of a DataValidationError)
    "val_ctx_data": ("数据", "data"),
    "val_ctx_file": ("文件 {path}", "file {path}"),
    "val_ctx_geojson": ("GeoJSON 文件 {path}", "GeoJSON file {path}"),
    "val_ctx_region": ("区域“{name}”", "region '{name}'"),
    "val_ctx_bundle": ("数据包 {path}", "bundle {path}"),
    "val_ctx_units_file": ("单元文件 {path}", "units file {path}"),
    "val_ctx_stats_file": ("统计文件 {path}", "stats file {path}"),
    "val_ctx_network_files": ("路网文件", "network files"),
    "val_ctx_region_files": ("区域“{name}”的文件", "the files of region '{name}'"),
    "val_ctx_stats_together": ("区域“{name}”的全部统计文件合在一起",
                               "the stats files of region '{name}' taken together"),
    "val_ctx_uploaded_bundle": ("上传的数据包 {name}", "the uploaded bundle {name}"),
    "val_ctx_observed_flows": ("观测流量", "observed flows"),
    "val_ctx_locations": ("地点表", "locations"),
    # _validate/_rows.py: the listing of one kind of problem is capped
    "val_fix_more_rows": ("另有 {n} 行存在同样的问题;{fix}",
                          "{n} more row(s) with the same problem; {fix}"),
    # _validate/coerce.py and columns.py: cells and columns
    "val_exp_number": ("数字", "a number"),
    "val_fix_plain_number": ("写纯数字(不带单位、千位分隔符或文字)",
                             "write a plain number (no units, thousands separators or text)"),
    "val_exp_finite": ("有限的数", "a finite number"),
    "val_fix_finite": ("写实际的值:inf、-inf 和超出 ±1.8e308 的数不是数据",
                       "write the actual value: inf, -inf and numbers beyond ±1.8e308 are not "
                       "data"),
    "val_exp_whole_number": ("整数", "a whole number"),
    "val_fix_whole_number": ("写整数(如 2020 这样的年份)",
                             "write a whole number (e.g. a year such as 2020)"),
    "val_exp_bool": ("true 或 false", "true or false"),
    "val_fix_bool": ("写 true/false(或 1/0);留空表示 false",
                     "write true/false (or 1/0); leave empty for false"),
    "val_exp_column_named": ("名为“{name}”的列", "a column named '{name}'"),
    "val_fix_add_column": ("添加“{name}”列({doc}){fillable}",
                           "add a '{name}' column ({doc}){fillable}"),
    "val_fix_fillable": (",或为每一行给出同一个值(Python 中 {column}=...,命令行中 "
                         "--{column})",
                         ", or give one value for every row ({column}=... in Python, "
                         "--{column} on the command line)"),
    "val_exp_value": ("一个值", "a value"),
    "val_fix_fill_in": ("填写{doc}", "fill in {doc}"),
    "val_exp_unique": ("唯一的 {keys}", "a unique {keys}"),
    "val_fix_duplicate": ("删除或合并重复的行(每个键只能出现一次)",
                          "remove or merge the duplicate row (each key may appear once)"),
    "val_exp_one_of": ("以下之一:{allowed}", "one of {allowed}"),
    "val_fix_use_one_of": ("改用以下之一:{allowed}", "use one of {allowed}"),
    "val_exp_ge0": ("不小于 0 的数", "a number >= 0"),
    "val_exp_gt0": ("大于 0 的数", "a number > 0"),
    "val_fix_not_negative": ("修正该值:{column} 不能为负",
                             "correct the value: {column} cannot be negative"),
    "val_fix_not_positive": ("修正该值:{column} 不能为零或负",
                             "correct the value: {column} cannot be zero or negative"),
    "val_exp_code_plain": ("由半角字母和数字组成、不含不可见字符的编号",
                           "a code of half-width (ASCII) letters and digits without invisible "
                           "characters"),
    "val_fix_code_plain": ("改用半角数字重写该编号(全角的“２２０３０２”与 220302 是不同的编号,"
                           "无法匹配),并删除零宽空格等不可见字符",
                           "retype the code in half-width digits (full-width ２２０３０２ and "
                           "220302 are different codes and never match) and delete invisible "
                           "characters such as zero-width spaces"),
    "val_exp_speed_at_most": ("不超过 {limit} 公里/小时的速度(没有列车或汽车更快)",
                              "a speed of at most {limit} km/h (no train or car runs faster)"),
    "val_fix_speed_typo": ("检查 {column}(是否多写了位数?单位是公里/小时)",
                           "check {column} (extra digits? the unit is km/h)"),
    "val_exp_minutes_for_length": ("与 length_km 相符的分钟数:length_km ÷ minutes × 60 不超过 "
                                   "{limit} 公里/小时",
                                   "minutes that fit length_km: length_km / minutes × 60 at "
                                   "most {limit} km/h"),
    "val_fix_minutes_typo": ("检查 minutes 和 length_km(是否把秒或小时当作分钟,或长度多写了"
                             "位数?)",
                             "check minutes and length_km (seconds or hours given as minutes, "
                             "or extra digits in the length?)"),
    "val_exp_year_between": ("{low} 至 {high} 之间的年份", "a year between {low} and {high}"),
    "val_fix_year_typo": ("检查年份(是否误写成 20200 或两位数的年份?)",
                          "check the year (a typo such as 20200 or a two-digit year?)"),
    "val_exp_exists_in": ("已在 {target} 中出现的值", "a value that exists in {target}"),
    "val_fix_add_entry": ("在 {target} 中补上缺少的条目,或修正 {column}",
                          "add the missing entry to {target}, or correct the {column}"),
    # the meaning of each required column (the English text is the schema's doc)
    "val_doc_units_code": ("单元编号(6 位行政区划代码或用户自定的编号);即索引",
                           "unit id (6-digit administrative code or user id); the index"),
    "val_doc_units_name_zh": ("中文名称", "Chinese name"),
    "val_doc_units_name_en": ("英文名称(没有英文名时用拼音)",
                              "English name (pinyin where no English name is known)"),
    "val_doc_units_level": ("province | prefecture | county(省、地级、县级)",
                            "province | prefecture | county"),
    "val_doc_units_role": ("core | member | partial | context(都市圈规划中的角色)",
                           "core | member | partial | context (the metropolitan-area plan)"),
    "val_doc_stats_code": ("单元编码(须在 units 中)", "unit code (must exist in units)"),
    "val_doc_stats_year": ("公历年份({user_low}-{user_high};内置数据 {low}-{high})",
                           "calendar year ({user_low}-{user_high}; the embedded data "
                           "{low}-{high})"),
    "val_doc_stats_indicator": ("snake_case 形式的指标名(见指标登记表)",
                                "snake_case indicator name (see the indicator registry)"),
    "val_doc_stats_value": ("数值,单位为 `unit`", "numeric value, in `unit`"),
    "val_doc_stats_unit": ("`value` 的单位(persons、cny_100m、pct、yuan 等)",
                           "unit of `value` (persons, cny_100m, pct, yuan, ...)"),
    "val_doc_stats_source": ("来源网址或出处", "source URL or citation"),
    "val_doc_stats_quality": ("A | B | C | D(A = 官方统计、普查)",
                              "A | B | C | D (A = official statistics, census)"),
    "val_doc_nodes_node_id": ("节点编号,唯一", "node id, unique"),
    "val_doc_nodes_lon": ("经度,度", "longitude, degrees"),
    "val_doc_nodes_lat": ("纬度,度", "latitude, degrees"),
    "val_doc_nodes_kind": ("station | hub | junction | seat(车站、枢纽、节点、驻地)",
                           "station | hub | junction | seat"),
    "val_doc_links_link_id": ("连线编号,唯一", "link id, unique"),
    "val_doc_links_from_node": ("一端的 node_id", "node_id of one end"),
    "val_doc_links_to_node": ("另一端的 node_id(连线为双向)",
                              "node_id of the other end (links are two-way)"),
    "val_doc_links_mode": ("hsr | intercity | rail | expressway | road | urban(方式)",
                           "hsr | intercity | rail | expressway | road | urban"),
    "val_doc_links_length_km": ("长度,千米(> 0)", "length, km (> 0)"),
    "val_doc_links_status": ("operating | under_construction | planned(运营、在建、规划)",
                             "operating | under_construction | planned"),
    "val_doc_access_code": ("单元编码(须在 units 中)", "unit code (must exist in units)"),
    "val_doc_access_node_id": ("从单元驻地到达的节点", "node reached from the unit's seat"),
    "val_doc_access_minutes": ("从驻地到该节点的分钟数(>= 0)",
                               "minutes from the seat to the node (>= 0)"),
    "val_doc_projects_project_id": ("项目编号,唯一", "project id, unique"),
    "val_doc_projects_name_zh": ("中文名称", "Chinese name"),
    "val_doc_projects_name_en": ("英文名称", "English name"),
    "val_doc_projects_kind": ("rail | plan | target | ...(项目类别)", "rail | plan | target | ..."),
    "val_doc_projects_status": ("operating | under_construction | planned | approved | ..."
                                "(项目状态)",
                                "operating | under_construction | planned | approved | ..."),
    "val_doc_projects_sources": ("来源网址,以 ' | ' 分隔", "source URLs separated by ' | '"),
    # _validate/geometry.py: coordinates and polygons
    "val_exp_lon_china": ("中国境内的经度 {low}-{high}", "longitude in {low}-{high} for China"),
    "val_fix_swapped": ("{lon}/{lat} 的值似乎颠倒了:请交换这两列",
                        "the {lon}/{lat} values look swapped: exchange the two columns"),
    "val_exp_world_lonlat": ("经度在 -180..180 之内、纬度在 -90..90 之内",
                             "longitude in -180..180 and latitude in -90..90"),
    "val_fix_coordinates": ("修正坐标(十进制度数,WGS84/GCJ-02 经纬度)",
                            "correct the coordinates (decimal degrees, WGS84/GCJ-02 lon/lat)"),
    "val_exp_point_in_china": ("中国境内的点(经度 {lon_low}-{lon_high},纬度 "
                               "{lat_low}-{lat_high})",
                               "a point in China (lon {lon_low}-{lon_high}, lat "
                               "{lat_low}-{lat_high})"),
    "val_fix_point_outside": ("修正坐标;中国境外的区域请在 region.toml 的 [meta] 中设 "
                              "outside_china = true(导入时:--outside-china)",
                              "correct the coordinates; for a region outside China set "
                              "outside_china = true in region.toml [meta] (import: "
                              "--outside-china)"),
    "val_exp_both_coords": ("经度和纬度都给出,或都不给", "both longitude and latitude, or neither"),
    "val_fix_missing_coord": ("补上缺少的坐标", "fill in the missing coordinate"),
    "val_exp_nonempty_geometry": ("非空的几何", "a non-empty geometry"),
    "val_fix_nonempty_geometry": ("给出该单元的边界,或不给几何",
                                  "give the unit its boundary, or leave the geometry out"),
    "val_exp_lonlat_order": ("经度/纬度的顺序(x = 经度)", "lon/lat order (x = longitude)"),
    "val_fix_polygon_swapped": ("多边形的坐标似乎颠倒了:请写成 [经度, 纬度] 坐标对",
                                "the polygon's coordinates look swapped: write [longitude, "
                                "latitude] pairs"),
    "val_exp_world_range": ("坐标在 -180..180(经度)和 -90..90(纬度)之内",
                            "coordinates in -180..180 (lon) and -90..90 (lat)"),
    "val_fix_reproject": ("重投影到 WGS84 经纬度(EPSG:4326),或修正坐标",
                          "reproject to WGS84 lon/lat (EPSG:4326) or correct the coordinates"),
    "val_exp_boundary_in_china": ("中国境内的边界(经度 {lon_low}-{lon_high},纬度 "
                                  "{lat_low}-{lat_high})",
                                  "a boundary inside China (lon {lon_low}-{lon_high}, lat "
                                  "{lat_low}-{lat_high})"),
    "val_fix_boundary_outside": ("修正边界;中国境外的区域请在 region.toml 的 [meta] 中设 "
                                 "outside_china = true(导入时:--outside-china)",
                                 "correct the boundary; for a region outside China set "
                                 "outside_china = true in region.toml [meta] (import: "
                                 "--outside-china)"),
    "val_exp_valid_polygon": ("有效的多边形", "a valid polygon"),
    "val_fix_make_valid": ("修复它(shapely.make_valid;导入时:--make-valid),或重画边界",
                           "repair it (shapely.make_valid; import: --make-valid) or redraw the "
                           "boundary"),
    "val_exp_positive_area": ("面积为正的多边形", "a polygon with a positive area"),
    "val_fix_zero_area": ("多边形面积为零(退化的环):请修正其坐标",
                          "the polygon has zero area (degenerate ring): correct its "
                          "coordinates"),
    # _validate/tables.py: signs and units of the statistics, links
    "val_exp_six_digits": ("6 位数字的行政区划代码(此编码像行政区划代码,却含字母)",
                           "a 6-digit administrative code (this code looks like one but "
                           "has a letter)"),
    "val_fix_code_letter": ("若是笔误,请改正(如 220303);若是自定义编号,可保留",
                            "if it is a typo, correct it (e.g. 220303); if it is your own id, "
                            "keep it"),
    "val_note_code": ("{problem}(仅为提示,文件已导入)", "{problem} (a note only; the file was imported)"),
    "val_exp_whole_persons": ("整数人数(以“persons”为单位的人数不能有小数)",
                              "a whole number of persons (a count in 'persons' has no "
                              "fraction)"),
    "val_fix_whole_persons": ("写整数人数;若原表以万人计,请把单位写为 10k_persons",
                              "write whole persons; if the source gives 万人 (10,000 "
                              "persons), give the unit as 10k_persons"),
    "val_exp_below_china": ("不超过 {bound} 人(全国人口:国家统计局 2021 年末 141,260 万人,"
                            "为已公布的最高值;第七次全国人口普查 1,411,778,724 人)",
                            "at most {bound} persons (China's population: NBS year-end "
                            "2021, 141,260 万人, the highest published; 2020 census "
                            "1,411,778,724)"),
    "val_fix_below_china": ("检查数值与单位(是否把万人写成了人,或多了几位数);"
                            "中国以外的区域导入时加 --outside-china(Python:outside_china=True)",
                            "check the value and its unit (万人 given as persons, or extra "
                            "digits); for a region outside China import with --outside-china "
                            "(Python: outside_china=True)"),
    "val_exp_residents": ("大于 0 的常住人口(县级及以上单元必有居民)",
                          "a population above 0 (a county-level or larger unit has "
                          "residents)"),
    "val_fix_zero_population": ("填入有来源的人口;不知道就留空(缺失),不要写 0",
                                "give the population from its source; if it is not known, "
                                "leave the cell empty (missing) rather than 0"),
    "val_exp_nonnegative_value": ("不小于 0 的值(数量、金额、面积或比例不能为负)",
                                  "a value >= 0 (a count, amount, area or share cannot be "
                                  "negative)"),
    "val_fix_negative_value": ("修正该值;若它确实可以为负(差额、变化量),请用能说明这一点"
                               "的单位或指标名",
                               "correct the value; if it truly can be negative (a balance, a "
                               "change), give it a unit or an indicator name that says so"),
    "val_unit_rows": ("{unit}({n} 行,首行 {first})", "{unit} ({n} rows, first row {first})"),
    "val_exp_one_unit": ("每个指标只用一种单位,实际有 {listing}",
                         "one unit per indicator, found {listing}"),
    "val_fix_convert_units": ("把每一行换算为同一单位(`metroscope data import` 会换算 "
                              "{units} 并加以说明)",
                              "convert every row to one unit (`metroscope data import` "
                              "converts {units} and says so)"),
    "val_fix_split_units": ("这些单位度量的是不同的量:请修正单位,或把这些行拆成不同的指标",
                            "these units measure different things: correct the unit or split "
                            "the rows into separate indicators"),
    "val_exp_registered_unit": ("已登记指标 {name} 的单位 {unit}",
                                "{unit} for the registered measure {name}"),
    "val_fix_convert_to": ("换算为 {unit}(乘以 {factor};`metroscope data import` 会自动换算)",
                           "convert to {unit} (multiply by {factor}; `metroscope data import` "
                           "does it)"),
    "val_fix_give_in": ("以 {unit} 给出 {name},或为该指标改名",
                        "give {name} in {unit}, or rename the indicator"),
    "val_exp_other_node": ("与 from_node 不同的节点", "a node different from from_node"),
    "val_fix_self_loop": ("删除该自环,或修正它的一端",
                          "remove the self-loop or correct one of its ends"),
    "val_exp_speed_or_minutes": ("speed_kph 或 minutes", "speed_kph or minutes"),
    "val_fix_speed_or_minutes": ("为该连线给出速度(千米/小时)或行程时间(分钟)",
                                 "give the link a speed (km/h) or a travel time (minutes)"),
    "val_exp_speed_column": ("speed_kph 或 minutes 列", "a speed_kph or minutes column"),
    "val_fix_speed_column": ("为每条连线加上 speed_kph(千米/小时)或 minutes",
                             "add speed_kph (km/h) or minutes to every link"),
    # _readers.py: CSV lines and GeoJSON features
    "val_exp_fields_like_header": ("与表头一样的 {width} 个字段,实际 {found} 个{cut}",
                                   "{width} fields like the header, found {found}{cut}"),
    "val_cut_off": ("(文件可能在此处被截断)", " (the file may be cut off here)"),
    "val_fix_separators": ("检查本行的分隔符和引号(值中的逗号须加引号;1,234 这样的千位"
                           "分隔符会把一个数拆开)",
                           "check the separators and quotes of this line (a comma inside a "
                           "value needs quotes; thousands separators such as 1,234 split a "
                           "number)"),
    "val_exp_closed_quote": ("引号在同一字段内闭合(此引号在第 {line} 行打开,直到文件末尾都没有闭合,"
                             "后面各行会被并入这一个值;此处按普通字符读取,以便检查其余各行)",
                             "a quote closed within its field (this one opens on line {line} "
                             "and is never closed, which would run the rest of the file into "
                             "this one value; it was read as an ordinary character so that the "
                             "other lines could be checked)"),
    "val_fix_close_quote": ("在值的末尾补上闭合引号,或删去这个引号;值中的引号要写成两个(\"\")",
                            "add the closing quote at the end of the value, or delete this "
                            "quote; a quote inside a value is written twice (\"\")"),
    "val_exp_header_fields": ("与表头相同的字段数", "the header's number of fields"),
    "val_fix_more_ragged": ("另有 {n} 行的字段数不对",
                            "{n} more line(s) with the wrong number of fields"),
    "val_exp_feature": ("GeoJSON Feature 对象", "a GeoJSON Feature object"),
    "val_fix_reexport": ("重新导出该文件", "re-export the file"),
    "val_exp_geojson_geometry": ("有效的 GeoJSON 几何(type + coordinates)",
                                 "a valid GeoJSON geometry (type + coordinates)"),
    "val_fix_feature_geometry": ("修正或重新导出该要素的几何",
                                 "correct or re-export this feature's geometry"),
    # bundle.py: region.toml and the dtypes of its tables
    "val_exp_number_dtype": ("数字({dtype})", "a number ({dtype})"),
    "val_fix_write_number": ("写纯数字", "write a plain number"),
    "val_exp_values_of_type": ("{dtype} 类型的值", "values of type {dtype}"),
    "val_fix_column_or_dtype": ("修正该列,或修正它在 region.toml 中的 dtype",
                                "correct the column or its dtype in region.toml"),
    "val_exp_known_dtype": ("pandas 认识的 dtype", "a dtype pandas knows"),
    "val_fix_dtype": ("修正 region.toml 中的 dtype", "correct the dtype in region.toml"),
    "val_exp_entry_file": ("带 file = \"<name>\" 的 {where}", "{where} with file = \"<name>\""),
    "val_fix_entry_file": ("在 {where} 中加上 file = \"{name}.csv\"(或该表的文件名)",
                           "add file = \"{name}.csv\" (or the table's file name) to {where}"),
    "val_exp_file_inside": ("数据包文件夹内的文件(用于 {where})",
                            "a file inside the bundle folder for {where}"),
    "val_fix_copy_inside": ("把文件复制到数据包文件夹内,并写成相对于 region.toml 的名称",
                            "copy the file into the bundle folder and name it relative to "
                            "region.toml"),
    "val_exp_existing_file": ("{where} 对应的已有文件", "an existing file for {where}"),
    "val_fix_add_file": ("把 {file} 加入数据包文件夹,或修正文件名",
                         "add {file} to the bundle folder, or correct the name"),
    "val_exp_table_named": ("名为以下之一的表:{known}", "a table named one of {known}"),
    "val_fix_rename_section": ("为该节改名(是否想写 [tables.{closest}]?),或把它移到 "
                               "[extra] 下",
                               "rename the section (did you mean [tables.{closest}]?) or move "
                               "it under [extra]"),
    "val_exp_units_section": ("[tables.units] 节", "a [tables.units] section"),
    "val_fix_units_section": ("添加带 file = 'units.geojson' 的 [tables.units]",
                              "add [tables.units] with file = 'units.geojson'"),
    "val_exp_readable_file": ("可读取的文件", "a readable file"),
    # importers.py: the shape of a statistics file
    "val_exp_indicator_wide": ("宽表(每年一列:{years})的指标名",
                               "an indicator name for a wide table (one column per year: "
                               "{years})"),
    "val_fix_indicator_wide": ("传入 indicator=...(--indicator),或添加“indicator”列",
                               "pass indicator=... (--indicator) or add an 'indicator' column"),
    "val_exp_year_column": ("“year”列", "a 'year' column"),
    "val_fix_year_column": ("添加 year 列;截面数据可传入 year=...(--year);或每年一列"
                            "(2010、2020……)",
                            "add a year column, pass year=... (--year) for a cross-section, or "
                            "give one column per year (2010, 2020, ...)"),
    "val_exp_value_column": ("“value”列(长表)或每年一列(宽表)",
                             "a 'value' column (long table) or one column per year (wide)"),
    "val_fix_plain_years": ("把年份列改名为纯年份({hint} -> 2020)",
                            "rename the year columns to plain years ({hint} -> 2020)"),
    "val_fix_add_value": ("添加 value 列", "add a value column"),
    # flows/_observed.py and flows/_table.py: observed flows and locations
    "val_exp_flow_value": ("流量值", "a flow value"),
    "val_fix_fill_flow": ("填写流量(未观测到则填 0)", "fill in the flow (0 if none was observed)"),
    "val_exp_plain_number": ("纯数字", "a plain number"),
    "val_fix_thousands": ("去掉千位分隔符:写成 {number}(或加引号并去掉逗号)",
                          "remove the thousands separator: write {number} (or quote it and "
                          "drop the comma)"),
    "val_fix_observed_trips": ("写观测到的出行次数", "write the observed number of trips"),
    "val_exp_flow_ge0": ("不小于 0 的流量", "a flow >= 0"),
    "val_fix_flow_negative": ("流量是出行次数,不能为负", "flows count trips and cannot be negative"),
    "val_fix_plain_trips": ("写纯数字的出行次数(不带单位或文字)",
                            "write a plain number of trips (no units or text)"),
    "val_exp_valid_flows": ("有效的流量", "valid flows"),
    "val_fix_more_flows": ("另有 {n} 个错误的流量值", "{n} more bad flow value(s)"),
    "val_exp_column_q": ("“{column}”列", "a column '{column}'"),
    "val_fix_add_location_column": ("添加该列(lon/lat 以度为单位,population 以人为单位)",
                                    "add it (lon/lat in degrees, population in persons)"),
    "val_exp_unique_codes": ("唯一的编码", "unique codes"),
    "val_fix_one_row_per_location": ("每个地点只保留一行", "keep one row per location"),
    "val_exp_lon_range": ("-180 到 180 之间的经度(度)", "a longitude between -180 and 180 "
                          "(degrees)"),
    "val_exp_lat_range": ("-90 到 90 之间的纬度(度)", "a latitude between -90 and 90 (degrees)"),
    "val_exp_persons_ge0": ("不小于 0 的人数", "a number of persons, 0 or more"),
    "val_exp_trips_ge0": ("不小于 0 的出行量", "a number of trips, 0 or more"),
    "val_fix_count_digits": ("检查数值与单位(是否把万人写成了人,或多了几位数)",
                             "check the value and its unit (万人 given as persons, or extra "
                             "digits)"),
    "val_exp_flow_at_most": ("不超过 {bound} 的流量(浮点数能精确表示的最大计数)",
                             "a flow of at most {bound} (the largest count a double holds "
                             "exactly)"),
    "val_exp_cost_finite": ("起讫点对 {pair} 的有限成本(不可达的起讫点对无法拟合)",
                            "a finite cost for the pair {pair} (an unreachable pair cannot "
                            "be fitted)"),
    "val_fix_cost_finite": ("填入数值,或删去该起讫点对", "give a number, or drop the pair"),
    "val_exp_cost_ge0": ("起讫点对 {pair} 不小于 0 的成本(距离或时间)", "a cost of 0 or more "
                         "for the pair {pair} (a distance or a time)"),
    "val_fix_cost_negative": ("修正符号或数值", "correct the sign or the value"),
    "val_exp_cost_gt0_power": ("起讫点对 {pair} 大于 0 的成本(幂函数阻抗取 log(cost),在 0 处"
                               "无定义)",
                               "a cost above 0 for the pair {pair} (power deterrence takes "
                               "log(cost), undefined at 0)"),
    "val_fix_cost_zero": ("删去成本为零的起讫点对(自流?),或使用指数阻抗(--deterrence exp)",
                          "drop the zero-cost pair (a self-flow?) or use the exponential "
                          "deterrence (--deterrence exp)"),
    "val_fix_flow_digits": ("检查数值(是否多了几位数)及其单位", "check the value (extra "
                            "digits?) and its unit"),
    "val_exp_finite_in": ("[{low}, {high}] 内的有限数", "a finite number in [{low}, {high}]"),
    "val_fix_fill_or_drop": ("填写或删除该地点", "fill or drop this location"),
    "val_exp_two_locations": ("至少 2 个地点", "at least 2 locations"),
    "val_fix_more_locations": ("提供更多地点", "pass more locations"),
}
