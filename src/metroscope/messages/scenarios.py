"""Problems found in a scenario spec or while applying it (``scn_err_`` keys).

``where`` is the edit's place in the spec (``edits.0 (add_link)``, ``year 2030 -> project p1``):
field paths and op names stay as written in the file, in both languages.
"""

from __future__ import annotations

SCENARIOS: dict[str, tuple[str, str]] = {
    "scn_err_problems": ("{context}中有 {n} 个问题:\n{problems}",
                         "{n} problem(s) in {context}:\n{problems}"),
    "scn_note_base_differs": ("情景文件写明的基准区域是“{base}”,此处应用于区域“{region}”:请确认这些编辑适用于"
                              "该区域(例如由 {base} 导出并改名的数据包)。",
                              "The scenario names '{base}' as its base region but is applied to "
                              "'{region}': check that its edits are meant for this region (e.g. a "
                              "bundle exported from {base} under another name)."),
    "scn_note_year_keeps_links": ("情景的 year {year} 只开通并建成到 {year} 年为止的规划连线,"
                                  "不会拆除此后开通的连线:{n} 条现状运营连线开通于 {year} "
                                  "年之后,仍在路网中。要看 {year} 年的路网,请不带情景使用 "
                                  "--network-year {year}(Python:network_year={year})。",
                                  "The scenario's year {year} opens and completes the planned "
                                  "links due by {year}; it does not remove later links: {n} "
                                  "operating link(s) opened after {year} stay in the network. "
                                  "For the network of {year}, use --network-year {year} "
                                  "(Python: network_year={year}) without the scenario."),
    "scn_err_applied": ("情景“{scenario}”应用于区域“{region}”",
                        "scenario '{scenario}' applied to region '{region}'"),
    # applying the edits (scenario/editing.py)
    "scn_err_unknown_link_ids": ("{where}:未知的 link_ids {ids}(见 region.links.link_id)",
                                 "{where}: unknown link_ids {ids} (see region.links.link_id)"),
    "scn_err_no_link_matches": ("{where}:没有路段符合 {crit}", "{where}: no link matches {crit}"),
    "scn_err_link_exists": ("{where}:link_id {link_id} 已存在(请用 update_links)",
                            "{where}: link_id {link_id} already exists (use update_links)"),
    "scn_err_speed_shadowed": ("{where}:路段 {ids} 已有 {shadowed},其优先于所设速度;"
                               "请加 clear: {clear} 或改用 op: set_speed",
                               "{where}: links {ids} have {shadowed}, which win over the speed "
                               "you set; add clear: {clear} or use op: set_speed"),
    "scn_err_give_speed": ("{where}:请给出 speed_kph 和/或 operating_speed_kph",
                           "{where}: give speed_kph and/or operating_speed_kph"),
    "scn_err_headway_one_of": ("{where}:headway_min 与 factor 须且只须给出其一",
                               "{where}: give exactly one of headway_min or factor"),
    "scn_err_no_headway_to_scale": ("{where}:路段 {ids} 没有可缩放的发车间隔",
                                    "{where}: links {ids} have no headway to scale"),
    "scn_err_unknown_project": ("{where}:未知的 project_id {project_id}(已知:{known})",
                                "{where}: unknown project_id {project_id} (known: {known})"),
    "scn_err_projects_too_deep": ("{where}:项目相互完成的层级超过 {depth} 层",
                                  "{where}: projects complete each other more than {depth} "
                                  "deep"),
    "scn_err_project_edits": ("{where}:项目 {project_id} 的编辑:{problem}",
                              "{where}: project {project_id} edits: {problem}"),
    "scn_err_unit_not_in_units": ("{where}:单元 {code} 不在 units 中",
                                  "{where}: unit {code} is not in units"),
    "scn_err_no_stat_to_scale": ("{where}:{code} 在 {year} 年没有 {indicator} 可缩放;"
                                 "请改为给出 value",
                                 "{where}: no {indicator} of {code} in {year} to scale; give a "
                                 "value instead"),
    "scn_err_new_indicator_unit": ("{where}:新指标 {indicator}:请给出其单位(unit)",
                                   "{where}: new indicator {indicator}: give its unit"),
    "scn_err_node_exists": ("{where}:node_id {node_id} 已存在",
                            "{where}: node_id {node_id} already exists"),
    "scn_err_code_not_in_units": ("{where}:code {code} 不在 units 中",
                                  "{where}: code {code} is not in units"),
    "scn_err_unknown_node": ("{where}:未知的 node_id {node_id}",
                             "{where}: unknown node_id {node_id}"),
    "scn_err_node_not_in_nodes": ("{where}:节点 {node_id} 不在 nodes 中",
                                  "{where}: node {node_id} is not in nodes"),
    "scn_err_no_access_row": ("{where}:没有可删除的接驳行 {code}->{node_id}",
                              "{where}: no access row {code}->{node_id} to remove"),
    "scn_err_no_link_of_line": ("{where}:线路 {line} 没有任何路段",
                                "{where}: no link of line {line}"),
    "scn_err_line_does_not_join": ("{where}:线路 {line} 不连接 {a} 与 {b}",
                                   "{where}: line {line} does not join {a} and {b}"),
    "scn_err_link_unknown_nodes": ("{where}:路段 {link_id} 引用了未知节点 {missing};"
                                   "请先用 add_node 添加",
                                   "{where}: link {link_id} names unknown node(s) {missing}; add "
                                   "them with add_node"),
    "scn_err_after_edits": ("编辑之后:{problem}", "after the edits: {problem}"),
    # reading the spec (scenario/spec.py)
    "scn_err_not_json": ("不是有效的 JSON:{detail}", "not valid JSON: {detail}"),
    "scn_err_file_too_big": ("文件有 {size} 字节;情景文件最多 {limit} 字节",
                             "the file has {size} bytes; a scenario spec has at most {limit}"),
    "scn_err_not_utf8": ("无法以 UTF-8 文本读取该文件:{detail}",
                         "cannot read the file as UTF-8 text: {detail}"),
    "scn_err_not_valid_format": ("不是有效的 {fmt}:{detail}", "not valid {fmt}: {detail}"),
    # what a scenario's edits did (the log under `scenario run`)
    "scn_ctx_project_edits": ("项目 {project_id} 的修改项", "project {project_id} edits"),
    "scn_where_year": ("网络年份 {year}", "year {year}"),
    "scn_where_project": ("{where} -> 项目 {project_id}", "{where} -> project {project_id}"),
    "scn_where_sub": ("{where} -> edits.{i}({op})", "{where} -> edits.{i} ({op})"),
    "scn_log_updated": ("{where}:更新了 {n} 条路段:{fields}",
                        "{where}: updated {n} link(s): {fields}"),
    "scn_log_factor_design": ("设计时速 × 系数", "factor x design"),
    "scn_log_speed": ("{where}:{n} 条路段的设计时速为 {design} km/h,运营速度为 {operating}",
                      "{where}: {n} link(s) run at {design} km/h design, {operating} operating"),
    "scn_log_headway": ("{where}:{n} 条路段的发车间隔已改变",
                        "{where}: headway of {n} link(s) changed"),
    "scn_log_network_year": ("{where}:网络年份 {year}:{projects} 个项目完成,{links} 条路段开通",
                             "{where}: network year {year}: {projects} project(s) completed, "
                             "{links} link(s) opened"),
    "scn_log_project": ("{where}:项目 {project_id} 已完成({n} 项修改)",
                        "{where}: project {project_id} completed ({n} edit(s))"),
    "scn_log_removed_node": ("{where}:删除了节点 {node_id}、它的路段 {links} 和 {n} 条接入记录",
                             "{where}: removed node {node_id} with links {links} and {n} access "
                             "row(s)"),
    "scn_log_removed_links": ("{where}:删除了 {n} 条路段", "{where}: removed {n} link(s)"),
    "scn_log_status": ("{where}:{n} 条路段的状态现为 {status}",
                       "{where}: {n} link(s) now {status}"),
    "scn_log_through": ("{where}:{line} 经 {via} 的 {n} 条路段贯通运行",
                        "{where}: {line} runs through over {n} link(s) of {via}"),
    "scn_err_syntax": ("第 {line} 行第 {column} 列:{fmt} 语法错误;请检查该行及其上一行的"
                       "缩进、冒号、引号和括号(解析器提示:{detail})",
                       "line {line}, column {column}: {fmt} syntax error; check the "
                       "indentation, colons, quotes and brackets of that line and the line "
                       "above (parser's text: {detail})"),
    # the reason of a YAML or TOML parser for a syntax error (scenario/_parser_reasons.py);
    # in English the message keeps the parser's own text
    "scn_parse_unclosed_sequence": ("方括号 [ ] 中的列表没有闭合,或其中的值之间缺少逗号"
                                    ";解析器在此遇到的是{found}",
                                    "a list in brackets [ ] is not closed, or a comma is missing "
                                    "between its values (the parser found {found})"),
    "scn_parse_unclosed_mapping": ("花括号 {{ }} 中的映射没有闭合,或其中的项之间缺少逗号"
                                   ";解析器在此遇到的是{found}",
                                   "a mapping in braces {{ }} is not closed, or a comma is "
                                   "missing between its entries (the parser found {found})"),
    "scn_parse_unclosed_sequence_toml": ("方括号 [ ] 中的数组没有闭合,或其中的值之间缺少逗号",
                                         "an array in brackets [ ] is not closed, or a comma is "
                                         "missing between its values"),
    "scn_parse_unclosed_mapping_toml": ("花括号 {{ }} 中的内联表没有闭合,或其中的项之间缺少逗号",
                                        "an inline table in braces {{ }} is not closed, or a "
                                        "comma is missing between its entries"),
    "scn_parse_unclosed_quote": ("引号没有闭合:字符串的开头和结尾须用同一种引号",
                                 "a quote is not closed: a string starts and ends with the same "
                                 "quote"),
    "scn_parse_unexpected_end": ("文件意外结束:有未写完的内容", "the file ends in the middle of "
                                 "something"),
    "scn_parse_missing_colon": ("缺少冒号:键和值之间须写“: ”(冒号后加空格)",
                                "a colon is missing: write \": \" (colon and space) between a key "
                                "and its value"),
    "scn_parse_mapping_not_here": ("此处不能出现“键: 值”:可能是缩进有误,或值中含有未加引号的“: ”"
                                   "(请给该值加上引号)",
                                   "a \"key: value\" cannot start here: the indentation may be "
                                   "wrong, or a value holds an unquoted \": \" (quote the "
                                   "value)"),
    "scn_parse_indentation": ("缩进与上文不一致:同一层的键或列表项须对齐;解析器在此遇到的是{found}",
                              "the indentation does not match the lines above: keys or list "
                              "items of one level line up (the parser found {found})"),
    "scn_parse_tab": ("使用了制表符:YAML 只能用空格缩进",
                      "a tab character: YAML is indented with spaces only"),
    "scn_parse_bad_start": ("值不能以字符 {char} 开头:请给该值加上引号",
                            "a value cannot start with the character {char}: quote the value"),
    "scn_parse_missing_value": ("此处缺少值;解析器在此遇到的是{found}",
                                "a value is missing here (the parser found {found})"),
    "scn_parse_undefined_alias": ("别名 {name} 引用的锚点没有定义(锚点须先以 &名称 写出)",
                                  "the alias {name} refers to an anchor that is not defined "
                                  "(write the anchor, &name, first)"),
    "scn_parse_unknown_tag": ("不接受标签 {name}:只接受普通的值(字符串、数字、列表、映射)",
                              "the tag {name} is not accepted: only plain values (strings, "
                              "numbers, lists, mappings) are"),
    "scn_parse_bad_escape": ("双引号字符串中有未知的转义字符 {char}:请改用单引号,或写成 \\\\",
                             "an unknown escape character {char} in a double-quoted string: "
                             "use single quotes, or write \\\\"),
    "scn_parse_two_documents": ("文件中有多个 YAML 文档:只能有一个(请删去多余的“---”)",
                                "the file holds more than one YAML document: keep one (remove "
                                "the extra \"---\")"),
    "scn_parse_unhashable_key": ("键不能是列表或映射", "a key cannot be a list or a mapping"),
    "scn_parse_document_start": ("文件开头有无法识别的内容;解析器在此遇到的是{found}",
                                 "the start of the file is not understood (the parser found "
                                 "{found})"),
    "scn_parse_block_scalar": ("“|”或“>”之后只能写缩进数字或 +/- 标记;解析器在此遇到的是{found}",
                               "after \"|\" or \">\" only an indentation number or +/- may "
                               "follow (the parser found {found})"),
    "scn_parse_anchor_name": ("& 或 * 之后须为由字母或数字组成的名称;解析器在此遇到的是{found}",
                              "a name of letters or digits must follow & or * (the parser found "
                              "{found})"),
    "scn_parse_toml_equals": ("键之后缺少“=”:TOML 的键值对写作 键 = 值",
                              "an \"=\" is missing after a key: TOML writes key = value"),
    "scn_parse_toml_value": ("值无效:字符串须加引号,数字、日期、true/false 按 TOML 的写法",
                             "the value is not valid: quote a string; numbers, dates and "
                             "true/false as TOML writes them"),
    "scn_parse_toml_twice": ("同一个键或表出现了两次:请删去其中一个",
                             "a key or table is given twice: remove one of them"),
    "scn_parse_toml_newline": ("一行只能写一个键值对:请在其后换行",
                               "one key = value per line: start a new line after it"),
    "scn_parse_toml_statement": ("无法识别的语句:每行须为 键 = 值、[表] 或注释",
                                 "a statement that is not understood: each line is key = value, "
                                 "a [table] or a comment"),
    "scn_parse_toml_character": ("此处不允许字符 {char}(控制字符,或未闭合的字符串中的换行)",
                                 "the character {char} is not allowed here (a control "
                                 "character, or a line break in a string not closed)"),
    "scn_parse_other": ("解析器报告了其他语法问题(其英文原文见 --lang en 的输出)",
                        "another syntax problem the parser reported (its text is in the English "
                        "message)"),
    "scn_parse_bad_character": ("文件中第 {position} 个字符处有不允许的字符 {char}(如 NUL 等控制字符):"
                                "请删去它",
                                "a character that is not allowed, {char}, at position "
                                "{position} of the file (a control character such as NUL): "
                                "remove it"),
    # PyYAML's names of what it found
    "scn_token_stream_end": ("文件结尾", "the end of the file"),
    "scn_token_block_end": ("一层缩进的结束", "the end of an indented block"),
    "scn_token_block_mapping": ("一个新的、缩进不同的映射", "a new mapping at another indentation"),
    "scn_token_block_sequence": ("一个新的、缩进不同的列表", "a new list at another indentation"),
    "scn_token_scalar": ("一个值", "a value"),
    "scn_token_alias": ("一个别名(*)", "an alias (*)"),
    "scn_token_anchor": ("一个锚点(&)", "an anchor (&)"),
    "scn_token_tag": ("一个标签(!)", "a tag (!)"),
    "scn_token_document_start": ("文档开始标记“---”", "the document start \"---\""),
    "scn_token_document_end": ("文档结束标记“...”", "the document end \"...\""),
    "scn_token_newline": ("换行", "a line break"),
    "scn_token_tab": ("制表符", "a tab"),
    "scn_token_space": ("空格", "a space"),
    "scn_err_yaml_aliases": ("第 {line} 行:别名(*name)超过 {limit} 个;请把值直接写出,不要嵌套锚点",
                             "line {line}: more than {limit} aliases (*name); write the values "
                             "out instead of nesting anchors"),
    "scn_err_yaml_duplicate_key": ("第 {line} 行:键 {key} 重复(首次出现在第 {first} 行);"
                                   "一个映射中每个键只能出现一次:请删去其中一个",
                                   "line {line}: duplicate key {key} (first at line {first}); "
                                   "each key may appear once in a mapping: delete one of them"),
    # what a spec's problems are in, when it is not a file
    "scn_ctx_scenario": ("情景", "scenario"),
    "scn_ctx_request_body": ("请求正文", "the request body"),
    # the spec's own checks of one edit (scenario/spec.py)
    "scn_err_no_selector": ("请用 link_ids、line、mode 和/或 status_is 选择路段",
                            "select links with link_ids, line, mode and/or status_is"),
    "scn_err_link_no_time": ("请给出 speed_kph(公里/小时)、operating_speed_kph 或 minutes",
                             "give speed_kph (km/h), operating_speed_kph or minutes"),
    "scn_err_value_or_factor": ("value 与 factor 须恰好给出其一",
                                "give exactly one of value or factor"),
    "scn_err_unknown_file_type": ("未知的文件类型 {suffix}:情景请写成 .yaml、.yml 或 .toml",
                                  "unknown file type {suffix}: write the scenario as .yaml, "
                                  ".yml or .toml"),
    "scn_err_file_not_mapping": ("文件须包含带 name 和 edits 的映射",
                                 "the file must hold a mapping with name and edits"),
    "scn_err_not_mapping": ("应为带 name 和 edits 的映射", "expected a mapping with name and edits"),
    "scn_err_unknown_scenario": ("{name} 既不是内置情景({shipped}),也不是已有的文件。",
                                 "{name} is neither a shipped scenario ({shipped}) nor an "
                                 "existing file."),
    "scn_err_field": ("{line}{loc}:{text}{got}", "{line}{loc}: {text}{got}"),
    "scn_err_line_at": ("第 {line} 行,", "line {line}, "),
    "scn_err_got": ("(实际为 {value})", " (got {value})"),
    "scn_err_op_missing": ("每项编辑都需要 'op',取值之一:{ops}",
                           "every edit needs 'op', one of {ops}"),
    "scn_err_op_unknown": ("未知的 op;应为以下之一:{ops}", "unknown op; expected one of {ops}"),
    # pydantic's commonest complaints (the English is pydantic's own wording; any other
    # complaint is shown as pydantic words it, in both languages)
    "scn_err_pd_missing": ("缺少必填字段", "Field required"),
    "scn_err_pd_extra_forbidden": ("不允许的字段", "Extra inputs are not permitted"),
    "scn_err_pd_greater_than": ("应大于 {gt}", "Input should be greater than {gt}"),
    "scn_err_pd_greater_than_equal": ("应不小于 {ge}",
                                      "Input should be greater than or equal to {ge}"),
    "scn_err_pd_less_than_equal": ("应不大于 {le}", "Input should be less than or equal to {le}"),
    "scn_err_pd_literal_error": ("应为以下之一:{expected}", "Input should be {expected}"),
    "scn_err_pd_float_parsing": ("应为数字,无法把文本解析为数字",
                                 "Input should be a valid number, unable to parse string as a "
                                 "number"),
    "scn_err_pd_float_type": ("应为数字", "Input should be a valid number"),
    "scn_err_pd_finite_number": ("应为有限的数字", "Input should be a finite number"),
    "scn_err_pd_int_parsing": ("应为整数,无法把文本解析为整数",
                               "Input should be a valid integer, unable to parse string as an "
                               "integer"),
    "scn_err_pd_int_from_float": ("应为整数,而所给的数有小数部分",
                                  "Input should be a valid integer, got a number with a "
                                  "fractional part"),
    "scn_err_pd_string_type": ("应为文本", "Input should be a valid string"),
    "scn_err_pd_list_type": ("应为列表", "Input should be a valid list"),
    "scn_err_pd_string_pattern_mismatch": ("应符合模式 '{pattern}'",
                                           "String should match pattern '{pattern}'"),
}
