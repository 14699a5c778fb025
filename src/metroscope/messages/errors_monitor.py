"""Error messages of the monitor (the fetch guard, watchlist sources, rules, page-watch
selectors and RSSHub routes), in Chinese and English; prefix ``err_``. Merged into
:data:`metroscope.messages.errors.ERRORS` (see that module for how errors use them).
"""

from __future__ import annotations

from typing import Final

MONITOR_ERRORS: Final[dict[str, tuple[str, str]]] = {
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
    # monitor/rules.py: a rule's specification
    "err_rule_ctx": ("规则", "rule"),
    "err_rule_ctx_keywords": ("关键词", "the keywords"),
    "err_rule_ctx_json": ("--json 给出的规则", "the rule of --json"),
    "err_rule_not_mapping": ("规则应为含 name、kind 等键的映射,而非 {got}",
                             "a rule is a mapping with name, kind, ... (got {got})"),
    # monitor/store.py: opening the store
    "err_store_bad_url": ("{url} 不是数据库 URL({reason})。请使用 "
                          "sqlite:///path/to/monitor.sqlite 或 "
                          "postgresql+psycopg://user:password@host:5432/dbname。",
                          "Not a database URL: {url} ({reason}). Use "
                          "sqlite:///path/to/monitor.sqlite or "
                          "postgresql+psycopg://user:password@host:5432/dbname."),
    "err_store_no_driver": ("无法打开 {url}:{reason}。使用 PostgreSQL 需先安装 psycopg"
                            "(pip install 'psycopg[binary]')。",
                            "Cannot open {url}: {reason}. For PostgreSQL install psycopg (pip "
                            "install 'psycopg[binary]')."),
    "err_store_cannot_open": ("无法打开或迁移监测存储 {url}:{reason}。请检查 URL、服务器是否在"
                              "运行,以及该文件是否为 metroscope 监测数据库。",
                              "Cannot open or migrate the monitor store {url}: {reason}. Check "
                              "the URL, that the server runs and that the file is a metroscope "
                              "monitor database."),
    # monitor/channels.py: a delivery that failed (stored on the delivery, shown later in the
    # reader's language)
    "err_channel_problems": ("通道 {name}:{problems}", "channel {name}: {problems}"),
    "err_channel_kind": ("类型 {kind}:应为 webhook 或 apprise", "kind {kind}: expected webhook or apprise"),
    "err_channel_webhook_url": ("webhook 的 URL 必须是 http(s)(收到 {url})",
                                "webhook URL must be http(s) (got {url})"),
    "err_channel_webhook_secret": ("webhook 需要用于签名的密钥(env:NAME 或 file:/path)",
                                   "a webhook needs a secret (env:NAME or file:/path) to sign with"),
    "err_channel_secret_literal": ("webhook 的密钥请写作 env:NAME 或 file:/path,不要直接写出",
                                   "give the webhook secret as env:NAME or file:/path, not literally"),
    "err_channel_apprise_url": ("Apprise 不接受该 URL {url}(其格式见 Apprise 的 wiki;凭据中的 @ % # & "
                                "须做 URL 编码)",
                                "Apprise does not accept the URL {url} (see the Apprise wiki for its "
                                "schemes; URL-encode @ % # & in credentials)"),
    "err_channel_http": ("webhook 返回 HTTP {status}", "webhook answered HTTP {status}"),
    "err_channel_refused": ("Apprise 不接受 {url}", "Apprise does not accept {url}"),
    "err_channel_undelivered": ("Apprise 未能投递到 {url}", "Apprise could not deliver to {url}"),
    "err_channel_failed": ("投递失败:{kind}:{reason}", "{kind}: {reason}"),
    "err_channel_env_unset": ("环境变量 {name}(通道密钥)未设置",
                              "environment variable {name} (a channel secret) is not set"),
    "err_channel_secret_file": ("无法读取密钥文件 {path}:{reason}",
                                "cannot read the secret file {path}: {reason}"),
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
    # monitor/pagewatch.py and monitor/sources.py: a page watch's selectors and an RSSHub route
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
    # monitor/fetch.py: a fetch that failed (stored with the source and shown later in the
    # reader's language; {detail} is the HTTP library's own text)
    "err_fetch_timeout": ("抓取 {url} 超时({seconds} 秒);错误原文:{detail}",
                          "timed out after {seconds} s fetching {url}: {detail}"),
    "err_fetch_network": ("抓取 {url} 时网络出错;错误原文:{detail}",
                          "network error fetching {url}: {detail}"),
    "err_fetch_declared": ("{url} 声明的内容长 {size} 字节,超过上限 {cap} 字节",
                           "{url} declares {size} bytes, over the cap of {cap} bytes"),
    "err_fetch_too_large": ("{url} 发来的内容(解压后)超过上限 {cap} 字节",
                            "{url} sent more than the cap of {cap} bytes (after decompression)"),
    "err_fetch_redirects": ("{url} 的重定向超过 {n} 次", "more than {n} redirects from {url}"),
    "err_fetch_http": ("{url} 返回 HTTP {status}", "HTTP {status} from {url}"),
    # monitor/sources.py, parsing.py, pagewatch.py, releases.py: a document that cannot be read
    # as the source's kind ({reason} is the parser's own text)
    "err_feed_not_feed": ("不是 RSS/Atom 订阅源", "not an RSS/Atom feed"),
    "err_feed_not_feed_reason": ("不是 RSS/Atom 订阅源(错误原文:{reason})",
                                 "not an RSS/Atom feed ({reason})"),
    "err_feed_not_json": ("不是有效的 JSON;错误原文:{reason}", "not valid JSON: {reason}"),
    "err_feed_json_version": ("JSON 中没有 jsonfeed.org 版本号:不是 JSON Feed",
                              "JSON without a jsonfeed.org version: not a JSON Feed"),
    "err_feed_json_items": ("JSON Feed 中没有 'items' 列表", "JSON Feed without an 'items' list"),
    "err_feed_entities": ("文档声明了 XML 实体(<!ENTITY>),可能是 XML 炸弹,拒绝读取",
                          "the document declares XML entities (<!ENTITY>); refused as a possible "
                          "XML bomb"),
    "err_feed_not_html": ("不是 HTML 网页;错误原文:{reason}", "not an HTML page: {reason}"),
    "err_feed_selectors": ("网页监视的选择器有误:{problems}",
                           "page watch selectors: {problems}"),
    "err_feed_no_release_links": ("网页上没有统计公报链接(…/tYYYYMMDD_N.html):不是统计公报列表,"
                                  "或网站改版了",
                                  "no release links (…/tYYYYMMDD_N.html) on the page: not a "
                                  "statistics release list, or the site changed its layout"),
    # the API tokens of metroscope serve (web/tokens.py)
    "err_token_scope": ("未知的权限范围 {got};可用 {allowed}。",
                        "Unknown scope {got}; expected one of {allowed}."),
    "err_token_store_os": ("无法读取该文件(权限或磁盘问题)", "the file cannot be read"),
    "err_token_store_json": ("内容不是有效的 JSON", "the text is not valid JSON"),
    "err_token_store_shape": ("内容中没有令牌列表 tokens", "the text has no list of tokens"),
    "err_token_store_unreadable": ("无法读取令牌存储 {path}:{reason}。应为 JSON "
                                   "{{\"tokens\": [...]}};请把该文件移走,再重新创建令牌。",
                                   "Cannot read the token store {path}: {reason}. Expected JSON "
                                   "{{\"tokens\": [...]}}; move the file away and create tokens "
                                   "again."),
    # alerts, projects, rules and the demo (metroscope.monitor)
    "err_mon_no_alert": ("没有编号为 {alert_id} 的告警;请用 metroscope monitor alerts 查看已有的告警。",
                         "no alert {alert_id}"),
    "err_mon_unknown_project_known": ("未知的项目 {got}(已有:{known})",
                                      "unknown project {got} (known: {known})"),
    "err_mon_unknown_project_see": ("未知的项目 {got};请用 metroscope monitor projects 查看已有的项目",
                                    "unknown project {got}; see `metroscope monitor projects`"),
    "err_mon_unknown_status": ("未知的状态 {got};可用 {allowed}",
                               "unknown status {got}; expected one of {allowed}"),
    "err_mon_rule_exists": ("已有名为 {name} 的规则(请先删除它,或选择替换)",
                            "a rule named {name} exists (remove it or use replace)"),
    "err_mon_demo_store_exists": ("演示文件夹 {folder} 中已有监测存储({name},来自之前的或被中断的"
                                  "演示);演示需要新的存储。修正:换一个 --workdir,或先删除 {store}"
                                  "(及其 -wal、-shm 文件)。",
                                  "The demo folder {folder} already holds a monitor store ({name}, "
                                  "from an earlier or interrupted demo); the demo needs a fresh "
                                  "store. Fix: give a new --workdir, or delete {store} (and its "
                                  "-wal and -shm files) first."),
}
