"""The monitor's strings in Chinese and English, in one place (a test checks both exist).

Look strings up with :func:`msg` (``str.format`` fields filled in); ``lang`` is ``zh`` or
``en``; :func:`both` gives "中文 / English".
"""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    # project statuses
    "status_proposed": ("提出", "proposed"),
    "status_planned": ("规划", "planned"),
    "status_approved": ("已批复", "approved"),
    "status_tendering": ("招标", "tendering"),
    "status_under_construction": ("在建", "under construction"),
    "status_opened": ("建成开通", "opened"),
    "status_suspended": ("暂停", "suspended"),
    "status_cancelled": ("取消", "cancelled"),
    # topics
    "topic_transport": ("交通", "transport"),
    "topic_automotive": ("汽车产业", "automotive"),
    "topic_optoelectronics": ("光电信息", "optoelectronics"),
    "topic_health_agrifood": ("医药健康与农产品加工", "health and agri-food"),
    "topic_policy": ("政策", "policy"),
    "topic_investment": ("投资", "investment"),
    "topic_trade": ("贸易与开放", "trade"),
    "topic_data_release": ("数据发布", "data release"),
    "topic_metro_area": ("都市圈", "metropolitan area"),
    "topic_other": ("其他", "other"),
    # alerts
    "alert_keyword": ("规则「{rule}」命中:{title}", "Rule '{rule}' matched: {title}"),
    "alert_status": ("项目状态变化:{project} {previous} → {status}",
                     "Project status: {project} {previous} → {status}"),
    "alert_indicator": ("指标提醒「{rule}」:{indicator} {name} {year}年 {detail}",
                        "Indicator alert '{rule}': {indicator} {name} {year}: {detail}"),
    "alert_source_failing": ("来源连续失败:{source}({count}次):{error}",
                             "Source failing: {source} ({count} times): {error}"),
    "evidence": ("依据", "Evidence"),
    "confidence": ("置信度", "confidence"),
    "new_release": ("新发布 {value}(来源:{source};{quality})",
                    "new release {value} (source: {source}; {quality})"),
    "revised": ("修订 {old} → {value}(来源:{source};{quality})",
                "revised {old} → {value} (source: {source}; {quality})"),
    "above": ("{value} 高于阈值 {limit}(来源:{source};{quality})",
              "{value} above {limit} (source: {source}; {quality})"),
    "below": ("{value} 低于阈值 {limit}(来源:{source};{quality})",
              "{value} below {limit} (source: {source}; {quality})"),
    "changed": ("较{prev_year}年变化 {change:+.1f}%({prev} → {value};来源:{source};{quality})",
                "changed {change:+.1f}% since {prev_year} ({prev} → {value}; source: {source}; "
                "{quality})"),
    "definitions_note": ("(注意:{note})", " (note: {note})"),
    # project effect
    "effect_head": ("模型测算的影响(方式:{mode}):", "Modelled effect (mode {mode}):"),
    "effect_line": ("  {name}({code})到核心 {base:.0f} → {new:.0f} 分钟({delta:+.0f})",
                    "  {name} ({code}) to the core {base:.0f} → {new:.0f} min ({delta:+.0f})"),
    "effect_within": ("  新进入{minutes}分钟圈:{units}个单元,人口 {population:,.0f}({year}年)",
                      "  newly within {minutes} min: {units} unit(s), population "
                      "{population:,.0f} ({year})"),
    "effect_none": ("项目 {project} 没有情景编辑:模型无法给出其影响。",
                    "Project {project} has no scenario edits: the model cannot say what it "
                    "changes."),
    "effect_not_applied": ("项目 {project} 的情景编辑无法应用:{error}",
                           "the edits of project {project} could not be applied: {error}"),
    # digest
    "digest_title": ("都市圈监测摘要", "Metropolitan-area monitor digest"),
    "digest_period": ("时段", "Period"),
    "digest_projects": ("项目动态", "Projects"),
    "digest_topics": ("按主题", "By topic"),
    "digest_cities": ("按城市", "By city"),
    "digest_indicators": ("指标变化", "Indicator changes"),
    "digest_health": ("来源状态", "Source health"),
    "digest_alerts": ("提醒", "Alerts"),
    "digest_none": ("本时段无内容。", "Nothing in this period."),
    "digest_items_n": ("共 {n} 条新内容", "{n} new item(s)"),
    "health_line": ("{name}:{state}, 连续失败 {errors} 次, 上次成功 {last}, 下次检查 {next}",
                    "{name}: {state}, {errors} consecutive failure(s), last success {last}, "
                    "next check {next}"),
    "health_failing": ("{name}:连续失败 {errors} 次, 始于 {since}, 上次成功 {last}, "
                       "下次尝试 {next}", "{name}: failing since {since} ({errors} failures in a "
                       "row), last success {last}, next try {next}"),
    "state_new": ("新建", "new"),
    "state_ok": ("正常", "ok"),
    "state_failing": ("失败", "failing"),
    "state_failed": ("检查失败", "failed"),
    "state_paused": ("暂停", "paused"),
    "never": ("从未", "never"),
    # item quality (monitor.quality)
    "quality_official": ("官方统计发布", "official statistical release"),
    "quality_C": ("C:二手来源,未核实", "C: secondary source, unverified"),
    "stat_quality": ("质量 {grade}", "quality {grade}"),
    "fixture_note": ("演示数据:本地离线样例, 非真实新闻。",
                     "Demo data: offline local fixtures, not real news."),
}


def msg(key: str, lang: str = "en", /, **values: object) -> str:
    """The string ``key`` in ``lang`` (``zh`` or ``en``) with ``values`` filled in.

    Raises
    ------
    KeyError
        For an unknown key (names the key and this module).
    """
    try:
        zh, en = MESSAGES[key]
    except KeyError:
        text = f"No monitor string {key!r}; add it to metroscope/monitor/_i18n.py MESSAGES."
        raise KeyError(text) from None
    base = zh if lang == "zh" else en
    return base.format(**values) if values else base


def both(key: str, /, **values: object) -> str:
    """``"中文 / English"`` of ``key``."""
    return f"{msg(key, 'zh', **values)} / {msg(key, 'en', **values)}"


def status_label(status: str, lang: str = "en") -> str:
    """Label of a project status (the raw name when unknown)."""
    key = f"status_{status}"
    return msg(key, lang) if key in MESSAGES else status


def topic_label(topic: str, lang: str = "en") -> str:
    """Label of a topic (the raw name when unknown)."""
    key = f"topic_{topic}"
    return msg(key, lang) if key in MESSAGES else topic


def both_text(text: str | None) -> str | None:
    """A catalogue message as "中文 / English" (as the digest shows it); any other text (an
    error stored before messages were, or data) as it is.

    Raises
    ------
    Nothing of its own; a message whose template its parameters do not fit raises
    ``KeyError``.

    Examples
    --------
    >>> from metroscope.messages import Message
    >>> both_text(Message("err_fetch_http", status=503, url="https://a.example/feed"))
    'https://a.example/feed 返回 HTTP 503 / HTTP 503 from https://a.example/feed'
    >>> both_text("certificate verify failed")
    'certificate verify failed'
    """
    from ..messages import Message

    if isinstance(text, Message):
        return f"{text.get('zh')} / {text.get('en')}"
    return text
