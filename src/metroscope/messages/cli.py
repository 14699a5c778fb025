"""Strings of the command line (errors and exit codes, the ``analyze``, ``data`` and ``monitor``
commands' titles, captions and messages), in Chinese and English. Part of
:data:`metroscope.messages.CATALOGUE`; prefix ``cli_``.
"""

from __future__ import annotations

from typing import Final

CLI: Final[dict[str, tuple[str, str]]] = {
    # errors: one paragraph each, what was given, what is expected, how to fix
    "cli_error": ("错误:{message}", "Error: {message}"),
    # a usage error and how to fix it (zh sentences join without a space)
    "cli_error_fix": ("错误:{message}{fix}", "Error: {message} {fix}"),
    # a true/false cell of a table
    "cli_yes": ("是", "yes"),
    "cli_no": ("否", "no"),
    "cli_fix_region": ("修正:使用 metroscope data list 列出的数据集名,或一个数据包文件夹的路径。",
                       "Fix: use a dataset name that metroscope data list shows, or the path of "
                       "a bundle folder."),
    "cli_fix_unit": ("修正:使用该区域的单元编码(metroscope data show 区域 --table units 列出全部单元)。",
                     "Fix: use a unit code of the region (metroscope data show REGION --table "
                     "units lists them)."),
    "cli_fix_area": ("修正:使用 metroscope areas 列出的都市圈名(全称或简称,如 南京)。",
                     "Fix: use a metropolitan-area name that metroscope areas lists (full or "
                     "short, e.g. 南京)."),
    "cli_fix_indicator": ("修正:使用 metroscope analyze --list 列出的指标名,或数据中已有的指标。",
                          "Fix: use an indicator name that metroscope analyze --list shows, or "
                          "one the data hold."),
    "cli_fix_scenario": ("修正:使用 metroscope scenario list 列出的情景名,或一个 YAML/TOML "
                         "情景文件的路径。",
                         "Fix: use a scenario name that metroscope scenario list shows, or the "
                         "path of a YAML/TOML scenario file."),
    "cli_fix_usage": ("修正:可取值见该命令的 --help。",
                      "Fix: see the command's --help for the allowed values."),
    "cli_undecodable": ("错误:文本无法解码({detail})。请将文件另存为 UTF-8(Excel:CSV UTF-8)。",
                        "Error: undecodable text ({detail}). Save the file as UTF-8 (Excel: "
                        "CSV UTF-8)."),
    "cli_os_error": ("错误:{where}{what}。请检查路径与权限。",
                     "Error: {where}{what}. Check the path and its permissions."),
    "cli_out_of_memory": ("错误:内存不足。请换用较小的输入;流量模型可用 --k-nearest/--cutoff-km,"
                          "或换用内存更大的机器。",
                          "Error: out of memory. Use a smaller input, --k-nearest/--cutoff-km "
                          "for flows, or a machine with more memory."),
    "cli_internal": ("内部错误(metroscope 的缺陷):{kind}:{detail}。请加 --debug 重新运行以查看"
                     "调用栈,并报告此问题。",
                     "Internal error (a bug in metroscope): {kind}: {detail}. Run again with "
                     "--debug for the traceback and report it."),
    "cli_interrupted": ("已中断。", "Interrupted."),
    "cli_bad_env_lang": ("环境变量 METROSCOPE_LANGUAGE={got} 无效(应为 zh 或 en),按 en 输出。",
                         "METROSCOPE_LANGUAGE={got} is not zh or en; showing en."),
    "cli_bad_lang": ("--lang 应为 zh 或 en,收到 {got}。", "--lang must be zh or en; got {got}."),
    "cli_scr_bad_top": ("--top 至少为 1,收到 {got}。", "--top must be at least 1, not {got}."),
    "cli_scr_weights_or_entropy": ("--weights 与 --entropy 只能给一个。",
                                   "Give either --weights or --entropy, not both."),
    "cli_bad_minutes": ("--minutes 应为大于 0 且不超过 1,440(一天,与 API 相同)的有限分钟数,"
                        "收到 {got}。",
                        "--minutes must be a finite number of minutes above 0 and at most "
                        "1,440 (a day, as the API takes); got {got}."),
    "cli_bad_format": ("--format 应为 {allowed} 之一,收到 {got}。",
                       "--format must be one of {allowed}; got {got}."),
    # analyze
    "cli_an_name_missing": ("未给出指标名。修正:metroscope analyze --list 列出全部指标。",
                            "No indicator named. Fix: metroscope analyze --list shows them."),
    "cli_an_needs_region": ("指标 {name} 需要一个区域(驻地、路网或普查表),不能用普通表格;--data 适用于:"
                            "{ok}。",
                            "'{name}' needs a Region (seats, network or census tables), not a "
                            "plain table; --data works for: {ok}."),
    "cli_an_needs_id": ("--data 需要 --id 列名,指出单元编码所在的列。",
                        "--data needs --id COL naming the unit id column."),
    "cli_an_parent_total_year": ("--parent-total {got}:请写成 年份=数值(如 2024=14400.0),或给出 "
                                 "--year。",
                                 "--parent-total {got}: give YEAR=VALUE (e.g. 2024=14400.0) or "
                                 "use --year."),
    "cli_an_parent_total_number": ("--parent-total {got}:应为 数值 或 年份=数值(如 "
                                   "2024=14400.0)。",
                                   "--parent-total {got}: expected VALUE or YEAR=VALUE with "
                                   "numbers (e.g. 2024=14400.0)."),
    "cli_an_parent_total_positive": ("--parent-total 应为正数,收到 {got}。",
                                     "--parent-total must be positive; got {got}."),
    "cli_an_all_nan": ("指标 {name} 无法计算:{column} 列全部缺失({notes})。请检查上述输入,或换用其他 "
                       "--year、--level 或 --measure。",
                       "'{name}' could not be computed: column '{column}' is NaN in every row "
                       "({notes}). "
                       "Check the inputs named above, or choose another --year, --level or "
                       "--measure."),
    "cli_an_no_note": ("无说明", "no note"),
    "cli_an_list_title": ("metroscope analyze 指标名 — 指标", "metroscope analyze NAME — indicators"),
    "cli_an_cross_section": ("无(单一截面)", "none (one cross-section)"),
    "cli_cap_indicator": ("指标", "indicator"),
    "cli_cap_region": ("区域", "region"),
    "cli_cap_year": ("年份", "year"),
    "cli_cap_level": ("层级", "level"),
    "cli_cap_measure": ("度量", "measure"),
    "cli_cap_parameters": ("参数", "parameters"),
    "cli_cap_note": ("说明", "note"),
    "cli_cap_reference": ("文献", "reference"),
    "cli_cap_sources": ("来源", "sources"),
    "cli_cap_sep": (":", ": "),
    # access, scenario and flows: table titles and captions ({mode} is a mode_* message)
    "cli_acc_traveltime": ("{mode}出行时间(分钟)", "Travel times by {mode}, minutes"),
    "cli_acc_traveltime_hint": ("--long 每对单元一行(含名称),--to 编码 只列选定目的地",
                                "--long for one row per pair with names, --to CODE for chosen "
                                "destinations"),
    "cli_acc_isochrone": ("{mode}等时圈", "Isochrone by {mode}"),
    "cli_acc_circle_by_mode": ("各方式通勤圈", "Commuting circle by mode"),
    "cli_acc_circle": ("{mode}通勤圈", "Commuting circle by {mode}"),
    "cli_acc_2sfca": ("{mode}两步移动搜索法(2SFCA),{minutes} 分钟",
                      "2SFCA by {mode}, {minutes} min"),
    "cli_acc_accessibility": ("{mode}可达性", "Accessibility by {mode}"),
    "cli_scn_list": ("情景", "Scenarios"),
    "cli_scn_show": ("情景 {name}", "Scenario {name}"),
    "cli_scn_run": ("情景 {name}({mode})", "Scenario {name} by {mode}"),
    "cli_scn_run_inside": ("通勤圈内:{units} 个单元;规划范围人口(核心与成员单元)占比 {share}",
                           "inside the circle: {units} units; share of the plan area's "
                           "population (core and member units) {share}"),
    "cli_acc_circle_caption": ("圈内:{units} 个单元,人口 {population};规划范围人口(核心与成员单元)"
                               "占比 {share};部分纳入单元另计:{partial} 个,{partial_population}"
                               "人,其中 {partial_inside} 个在圈内",
                               "inside: {units} units, population {population}; share of the "
                               "plan area's population (core and member units) {share}; "
                               "partial units apart: {partial}, {partial_population} persons, "
                               "{partial_inside} of them inside"),
    "cli_scn_compare": ("情景对比({mode})", "Scenario comparison by {mode}"),
    # usage errors of flows radiation/gravity
    "cli_flows_region_or_locations": ("请给出 --region 或 --locations 之一,不要同时给出。",
                                      "Give either --region or --locations, not both."),
    "cli_flows_core_needs_region": ("--core-share 需要 --region(带角色的单元)。",
                                    "--core-share needs --region (units with roles)."),
    "cli_flows_dataset_alone": ("--dataset 自行写出流量;请去掉 --out 和 --core-share。",
                                "--dataset writes the flows itself; drop --out and "
                                "--core-share."),
    "cli_flows_truncated_distance": ("--k-nearest、--cutoff-km 和 --dataset 使用大圆距离;"
                                     "给出区域时请加 --mode distance。",
                                     "--k-nearest, --cutoff-km and --dataset use great-circle "
                                     "distance; with a region add --mode distance."),
    "cli_flows_exp_needs_beta": ("--deterrence exp 需要 --beta(每千米)。",
                                 "--deterrence exp needs --beta (per km)."),
    "cli_flows_dataset_production": ("--dataset 采用产生约束(每个起点各自归一);其他约束需要"
                                     "同时用到全部起点:请去掉 --dataset,改用 --out。",
                                     "--dataset applies the production constraint (local to "
                                     "each origin); the others need all origins at once: drop "
                                     "--dataset and use --out."),
    "cli_flows_radiation": ("辐射模型流量", "Radiation flows"),
    "cli_flows_gravity": ("引力模型流量", "Gravity flows"),
    "cli_flows_core_share": ("{title}:与核心往来的流量占比", "{title}: share of flows with the core"),
    "cli_flows_written": ("{title} 已写入 {dataset}", "{title} written to {dataset}"),
    "cli_flows_wrote_rows": ("已写出 {n} 行到 {path}", "Wrote {n} rows to {path}"),
    "cli_flows_largest": ("流量最大的 {shown} 行(共 {total} 行);--out 或 --format csv 给出全部",
                          "largest {shown} of {total} rows; use --out or --format csv for all"),
    "cli_flows_fit": ("{constraint}约束引力模型({deterrence}),beta={beta}",
                      "{constraint} gravity ({deterrence}), beta={beta}"),
    "cli_flows_caption": ("参数:{parameters};成本:{measure}", "parameters: {parameters}; cost: "
                          "{measure}"),
    # data
    "cli_data_list_title": ("内置数据集", "Embedded datasets"),
    "cli_data_col_name": ("名称", "name"),
    "cli_data_col_description": ("说明", "description"),
    "cli_data_bad_table": ("--table 应为 {allowed} 之一,收到 {got}。",
                           "--table must be one of {allowed}; got {got}."),
    "cli_data_valid": ("通过:{region}", "OK: {region}"),
    "cli_data_wrote": ("已写出 {path}", "Wrote {path}"),
    "cli_data_imported": ("已导入 {region} -> {path}", "Imported {region} -> {path}"),
    "cli_data_note": ("注意:{note}", "Note: {note}"),
    "cli_data_sources_title": ("{name} 数据来源({n}个来源,{values}个数值)",
                               "Sources of {name} ({n} sources, {values} values)"),
    "cli_data_sources_caption": ("--format csv 另含类别代码、单元数与指标",
                                 "--format csv adds the kind key, the number of units and the "
                                 "indicators"),
    # monitor
    "cli_mon_init": ("存储 {store}:新增 {projects} 个项目、{sources} 个信息源、{rules} 条规则",
                     "store {store}: added {projects} project(s), {sources} source(s), "
                     "{rules} rule(s)"),
    "cli_mon_pass": ("监测一轮", "Monitor pass"),
    "cli_mon_items": ("条目", "Items"),
    "cli_mon_alerts": ("提醒", "Alerts"),
    "cli_mon_sources": ("信息源", "Sources"),
    "cli_mon_source_local": (
        "注意：{host} 不是公网地址（私有、回环、链路本地、组播或保留地址），监测在每次抓取时都会拒绝它。若这是您自己的本地服务（如自建的 RSSHub），"
        "请把该主机加入 METROSCOPE_MONITOR_ALLOW_PRIVATE_HOSTS。",
        "note: {host} is not a global address (private, loopback, link-local, multicast or "
        "reserved); the monitor refuses it at every fetch. If it is your own local "
        "service (e.g. your RSSHub), add the host to METROSCOPE_MONITOR_ALLOW_PRIVATE_HOSTS."),
    "cli_mon_rules": ("规则", "Rules"),
    "cli_mon_projects": ("项目", "Projects"),
    "cli_mon_channels": ("通道", "Channels"),
    "cli_mon_history": ("{project} 的状态历史", "Status history of {project}"),
    "cli_mon_rule_dry_run": ("规则 {rule}(试运行)", "Rule {rule} (dry run)"),
    "cli_mon_rule_matches": ("将匹配 {n} 条", "{n} item(s) would match"),
    "cli_mon_summary": ("检查 {checked} 个信息源,{failed} 个失败;新条目 {new} 条,修改 {edited} 条;"
                        "提醒 {alerts} 条{sent}",
                        "{checked} source(s) checked, {failed} failed; {new} new item(s), "
                        "{edited} edited; {alerts} alert(s){sent}"),
    "cli_mon_deliveries": (";投递成功 {sent}、失败 {failed}、放弃 {dead}",
                           "; deliveries sent {sent}, failed {failed}, dead {dead}"),
    "cli_mon_checking": ("正在检查信息源", "checking sources"),
    "cli_mon_demo_first": ("第一轮(样例服务于 127.0.0.1)", "First pass (fixtures on 127.0.0.1)"),
    "cli_mon_demo_second": ("第二轮:{summary}", "Second pass: {summary}"),
    "cli_mon_demo_items": ("条目(样例:虚构,非真实新闻)", "Items (fixtures: made up, not real news)"),
    "cli_mon_demo_webhook": ("Webhook 接收端:收到 {events} 条提醒,重复 {duplicates} 条,签名错误 "
                             "{bad} 条",
                             "Webhook receiver: {events} alert(s) received, {duplicates} "
                             "duplicate(s), {bad} bad signature(s)"),
    "cli_mon_demo_store": ("存储:{url}(可试:metroscope monitor items 高铁 --db {url})",
                           "Store: {url}  (try: metroscope monitor items 高铁 --db {url})"),
    "cli_mon_demo_progress": ("演示:正在检查样例信息源", "demo: checking fixture sources"),
    # report and demo
    "cli_report_label": ("报告", "Report"),
    "cli_report_size": ("{path}({mb} MB,{s} 秒{missing})", "{path} ({mb} MB, {s} s{missing})"),
    "cli_report_missing": (",{n} 项缺失,列于第 {section} 节", ", {n} missing item(s) listed in "
                           "section {section}"),
    "cli_report_same_file": ("--pdf 与 --out 指向同一个文件。", "--pdf and --out name the same file."),
    "cli_pdf_not_written": ("PDF 未写出:", "PDF not written:"),
    "cli_pdf_size": ("{path}({mb} MB)", "{path} ({mb} MB)"),
    "cli_demo_missing_cell": ("缺失", "missing"),
    "cli_demo_pending": ("{n} 项尚不可用或缺失(列于报告最后一节)。",
                         "{n} item(s) not available yet or missing (listed in the last section "
                         "of the report)."),
    "cli_demo_some_missing": ("部分核心数字缺失;现有数据:", "Some headlines are missing; the data "
                              "that exist:"),
    "cli_demo_no_scenarios": ("未随附情景文件", "no scenario specs are shipped"),
    "cli_demo_report": ("报告({mb} MB,{s} 秒):", "Report ({mb} MB, {s} s):"),
    "cli_created_folder": ("已新建文件夹 {path}(原先不存在)。", "Created the folder {path} (it did "
                           "not exist)."),
    "cli_mon_wrote": ("已写出 {path}", "wrote {path}"),
    "cli_mon_no_store": ("没有监测存储 {path}。修正:先用 {init} 创建,或更正 --db 的路径。",
                         "No monitor store at {path}. Fix: create it first with {init}, or "
                         "correct the --db path."),
    "cli_mon_rule_no_input": ("请给出 --file RULE.yaml 或 --json '{{...}}'。",
                              "Give --file RULE.yaml or --json '{{...}}'."),
    "cli_mon_rule_added": ("已添加规则 {name}", "added rule {name}"),
    "cli_acc_two_years": ("--network-year {year} 与 --year {old} 不一致:只给一个网络年份(--year 是 "
                          "--network-year 的旧名;人口与 GDP 权重的年份是 --stats-year)",
                          "--network-year {year} and --year {old}: give one network year "
                          "(--year is --network-year's earlier name; the year of population and "
                          "GDP weights is --stats-year)"),
    "cli_acc_unknown_units": ("--from/--to 中的单元 {codes} 不在区域“{region}”中。",
                              "Unit(s) {codes} of --from/--to not in region '{region}'."),
    "cli_acc_not_in_matrix": ("--from/--to 中的单元 {codes} 不在出行时间表中(该表在区域的县级单元"
                              "之间):请使用县级代码(如市辖区,以 220102 代替 220100)。",
                              "Unit(s) {codes} of --from/--to are not in the travel-time table, "
                              "which is between the region's county-level units: use "
                              "county-level codes (a city's districts, e.g. 220102 for "
                              "220100)."),
    "cli_mon_selector_form": ("--selector {got}:应写作 KEY=SELECTOR,例如 item='ul.list li'",
                              "--selector {got}: write KEY=SELECTOR, e.g. item='ul.list li'"),
    "cli_mon_selector_kind": ("选择器只用于 page 类来源;{kind} 来源不读取选择器:请去掉 --selector "
                              "或使用 --kind page",
                              "selectors apply to kind 'page' only; a {kind} source is read "
                              "without them: drop --selector or use --kind page"),
    "cli_mon_source_added": ("已添加来源 {name}({kind})", "added source {name} ({kind})"),
    "cli_mon_channel_added": ("已添加 {kind} 通道 {name}:{url}", "added {kind} channel {name}: {url}"),
    "cli_mon_no_project": ("未知的项目 {project_id}", "unknown project {project_id}"),
    "cli_mon_unknown_sources": ("没有名为 {names} 的来源;已有:{known}",
                                "no source named {names}; known: {known}"),
    "cli_mon_no_sources": ("无(先运行 metroscope monitor init)", "none (metroscope monitor init)"),
    "cli_mon_what_rule": ("规则", "rule"),
    "cli_mon_what_source": ("来源", "source"),
    "cli_mon_no_named": ("存储中没有名为 {name} 的{what}", "no {what} named {name}"),
    "cli_mon_removed_rule": ("已删除规则 {name}", "removed rule {name}"),
    "cli_mon_removed_source": ("已删除来源 {name}", "removed source {name}"),
    "cli_mon_paused": ("已暂停 {name}", "paused {name}"),
    "cli_mon_resumed": ("已恢复 {name}", "resumed {name}"),
    "cli_mon_delivery": ("投递到 {channel}:{state},已尝试 {attempts} 次;最近错误:{error}",
                         "delivery to {channel}: {state}, {attempts} attempt(s); last error: "
                         "{error}"),
    "cli_mon_delivery_pending": ("待重试", "pending"),
    "cli_mon_delivery_sent": ("已发送", "sent"),
    "cli_mon_delivery_dead": ("已放弃", "dead"),
    "cli_mon_not_delivered": ("通道 {name}:未投递({error});已留在待发队列,由 monitor once 或 "
                              "monitor run 重试",
                              "channel {name}: not delivered ({error}); kept in the outbox and "
                              "retried by `monitor once`/`run`"),
    "cli_mon_digest_sent": ("摘要已发送到 {channels}", "digest sent to {channels}"),
    "cli_mon_unknown_channels": ("错误:未知的通道 {names};请先用 metroscope monitor channels add "
                                 "NAME URL 添加。",
                                 "Error: unknown channel(s) {names}; add them with `metroscope "
                                 "monitor channels add NAME URL`."),
    # the constraint and deterrence of a gravity model (flows fit's title)
    "cli_flows_constraint_none": ("无", "none"),
    "cli_flows_constraint_production": ("产生", "production"),
    "cli_flows_constraint_attraction": ("吸引", "attraction"),
    "cli_flows_constraint_doubly": ("双", "doubly"),
    "cli_flows_deterrence_power": ("幂函数", "power"),
    "cli_flows_deterrence_exp": ("指数函数", "exp"),
    # metroscope serve and metroscope token
    "cli_serve_db_and_demo": ("请只给 --db 或 --demo 之一(--demo 会建立自己的数据库)。",
                              "give --db or --demo, not both (--demo seeds its own database)."),
    "cli_serve_seeding": ("正在用离线样例数据建立监测演示数据库……",
                          "Seeding the monitor demo database from the offline fixtures ..."),
    "cli_serve_listening": ("正在监听 {host}:读取{reads};写入需要令牌(metroscope token "
                            "create)。",
                            "Listening on {host}: reads are {reads}; writes need a token "
                            "(metroscope token create)."),
    "cli_serve_reads_public": ("公开", "public"),
    "cli_serve_reads_token": ("也需要令牌", "token-only"),
    "cli_serve_serving": ("metroscope 正在 http://{host}:{port}/ 提供 {region}(按 Ctrl+C 停止)",
                          "metroscope serving {region} on http://{host}:{port}/ (Ctrl+C stops)"),
    "cli_token_created": ("令牌 {token_id},权限范围 {scope}(只显示这一次,请妥善保管):",
                          "token id {token_id}, scope {scope} (shown once; keep it secret):"),
    "cli_token_title": ("令牌", "Tokens"),
    "cli_token_unknown": ("没有编号为 {token_id} 的令牌。", "no token with id {token_id}."),
    "cli_token_revoked": ("已撤销令牌 {token_id}", "Revoked {token_id}"),
}
