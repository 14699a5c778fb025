"""Digests: what the monitor saw in a period, bilingual, as HTML and plain text.

Grouped by project (status changes with evidence, and items naming the project), by topic and
by city, with the indicator alerts of the period and the health of every source. The HTML is
rendered by Jinja2 with autoescaping and then passed through nh3 with a small allowlist of
tags and http(s) links only (MONITOR.md §7.3): feed content never reaches the page raw.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from .._errors import ParameterError
from ._i18n import both_text, msg, status_label, topic_label
from .alerts import alert_title
from .health import health_line, last_error, shown_state
from .quality import item_quality, quality_label
from .store import Alert, Digest, Item, Project, Source, StatusChange, Store, utcnow

if TYPE_CHECKING:
    import pandas as pd

ALLOWED_TAGS = {"html", "head", "body", "meta", "title", "style", "h1", "h2", "h3", "p", "ul",
                "li", "a", "span", "small", "strong", "em", "table", "tr", "td", "th",
                "section", "div", "br"}
_PERIODS = {"daily": dt.timedelta(days=1), "weekly": dt.timedelta(days=7)}


@dataclass
class DigestDoc:
    """A digest: period bounds, HTML (sanitised) and plain text, and the counts."""

    start: dt.datetime
    end: dt.datetime
    html: str
    text: str
    items: int
    status_changes: int
    alerts: int


def parse_since(value: str, *, now: dt.datetime | None = None) -> dt.datetime:
    """``7d``, ``24h``, ``90m``, ``daily``/``weekly`` or an ISO date as an aware datetime.

    Raises
    ------
    ParameterError
        (a ``ValueError``) Anything else, or a period reaching before year 1 (says the accepted
        forms); the command line exits 2 with the message, not as an internal error.

    Examples
    --------
    >>> import datetime as dt
    >>> now = dt.datetime(2025, 6, 8, 12, 0, tzinfo=dt.timezone.utc)
    >>> parse_since("7d", now=now)
    datetime.datetime(2025, 6, 1, 12, 0, tzinfo=datetime.timezone.utc)
    >>> parse_since("2025-06-01", now=now)
    datetime.datetime(2025, 6, 1, 0, 0, tzinfo=zoneinfo.ZoneInfo(key='Asia/Shanghai'))
    """
    now = now or utcnow()
    v = value.strip().lower()
    forms = "give 7d, 24h, 90m, daily, weekly or an ISO date (2026-11-01)"
    if v in _PERIODS:
        return now - _PERIODS[v]
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([dhm])", v)
    if m:
        n, unit = float(m.group(1)), m.group(2)
        try:
            return now - dt.timedelta(**{{"d": "days", "h": "hours", "m": "minutes"}[unit]: n})
        except OverflowError:
            msg_ = f"since {value!r} reaches before year 1; {forms}"
            raise ParameterError(msg_) from None
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        msg_ = f"since {value!r}: {forms}"
        raise ParameterError(msg_) from None
    if when.tzinfo is None:
        from .sources import SHANGHAI

        when = when.replace(tzinfo=SHANGHAI)
    return when


def _quality_both(e: dict[str, Any]) -> str:
    """The quality label of a digest entry in both languages (secondary unless official)."""
    q = e.get("quality", "C")
    return f"{quality_label(q, 'zh')} / {quality_label(q, 'en')}"


def _fmt_opt(t: dt.datetime | None) -> str | None:
    from .timefmt import beijing

    return None if t is None else beijing(t)


def _fmt_time(t: dt.datetime | None) -> str:
    from .timefmt import beijing

    return beijing(t, missing=msg("never", "en"))


def collect(store: Store, start: dt.datetime, end: dt.datetime,
            unit_names: dict[str, str] | None = None) -> dict[str, Any]:
    """The digest's content as plain data (also what the web app can render).

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database fails during the query (e.g. the server goes away or the schema is
        not at head).

    Examples
    --------
    >>> import datetime as dt
    >>> data = collect(empty_store, dt.datetime(2025, 6, 1, tzinfo=dt.timezone.utc),
    ...                dt.datetime(2025, 6, 8, tzinfo=dt.timezone.utc))
    >>> sorted(data)
    ['alerts', 'cities', 'end', 'health', 'indicators', 'items', 'projects', 'start', 'status_changes', 'topics']
    """
    unit_names = unit_names or {}
    with store.session() as s:
        items = list(s.execute(
            select(Item, Source).join(Source, Source.id == Item.source_id)
            .where(Item.fetched_at >= start, Item.fetched_at < end, Item.latest.is_(True))
            .order_by(Item.published_at.desc().nulls_last(), Item.id.desc())))
        projects = {p.project_id: p for p in s.scalars(select(Project))}
        changes = list(s.scalars(select(StatusChange).where(
            StatusChange.at >= start, StatusChange.at < end,
            StatusChange.origin != "dataset").order_by(StatusChange.id)))
        alerts = list(s.scalars(select(Alert).where(
            Alert.created_at >= start, Alert.created_at < end).order_by(Alert.id)))
        health = list(s.scalars(select(Source).order_by(Source.name)))
        entries: list[dict[str, Any]] = [
                   {"title": it.title, "link": it.link, "source": src.name,
                    "quality": item_quality(src.kind, src.url),
                    "published": _fmt_time(it.published_at), "tags": list(it.tags or []),
                    "units": list(it.units or []), "projects": list(it.projects or [])}
                   for it, src in items]
        by_project: dict[str, dict[str, Any]] = {}
        for pid, p in projects.items():
            ch = [c for c in changes if c.project_id == pid]
            its = [e for e in entries if pid in e["projects"]]
            if ch or its:
                by_project[pid] = {
                    "name_zh": p.name_zh, "name_en": p.name_en or p.name_zh,
                    "status": p.status,
                    "changes": [{"previous": c.previous, "status": c.status,
                                 "applied": c.applied, "confidence": c.confidence,
                                 "evidence": c.evidence_text, "link": c.evidence_link}
                                for c in ch],
                    "items": its}
        by_topic: dict[str, list[dict[str, Any]]] = {}
        by_city: dict[str, list[dict[str, Any]]] = {}
        for e in entries:
            for t in e["tags"] or ["other"]:
                by_topic.setdefault(t, []).append(e)
            for u in e["units"]:
                by_city.setdefault(unit_names.get(u, u), []).append(e)
        return {
            "start": start, "end": end, "items": entries, "projects": by_project,
            "topics": dict(sorted(by_topic.items())), "cities": dict(sorted(by_city.items())),
            "indicators": [{"title": a.title, "title_zh": alert_title(a.title, a.payload, "zh"),
                            "body": a.body} for a in alerts if a.kind == "indicator"],
            "alerts": len(alerts), "status_changes": len(changes),
            "health": [{"name": h.name, "state": shown_state(h.state, h.error_count),
                        "errors": h.error_count,
                        "since": _fmt_opt(h.failing_since if h.state == "failing" else None),
                        "last": _fmt_opt(h.last_success_at),
                        "next": _fmt_opt(h.next_check_at),
                        "error": both_text(last_error(h.last_error, h.last_error_message))}
                       for h in health]}


_TEMPLATE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ L('digest_title') }}</title>
<style>body{font-family:sans-serif;max-width:54em;margin:auto;padding:1em}
h2{border-bottom:1px solid #ccc}small{color:#666}</style></head><body>
<h1>{{ L('digest_title') }}</h1>
<p>{{ L('digest_period') }}: {{ period }} &middot; {{ n_items }}</p>
{% if note %}<p><em>{{ note }}</em></p>{% endif %}
<h2>{{ L('digest_projects') }}</h2>
{% if not d.projects %}<p>{{ L('digest_none') }}</p>{% endif %}
{% for pid, p in d.projects.items() %}<h3>{{ p.name_zh }} / {{ p.name_en }}
 <small>{{ S(p.status) }}</small></h3><ul>
{% for c in p.changes %}<li><strong>{{ S(c.previous or '') }} &rarr; {{ S(c.status) }}</strong>
{% if not c.applied %}<small>(not applied / 未采纳)</small>{% endif %}
 {{ c.evidence }} <small>{{ c.confidence }}</small>{% if c.link %} <a href="{{ c.link }}">{{ c.link }}</a>{% endif %}</li>
{% endfor %}{% for e in p["items"] %}<li>{{ link(e) }}</li>{% endfor %}</ul>{% endfor %}
<h2>{{ L('digest_topics') }}</h2>
{% for t, es in d.topics.items() %}<h3>{{ T(t) }}</h3><ul>
{% for e in es %}<li>{{ link(e) }}</li>{% endfor %}</ul>{% endfor %}
<h2>{{ L('digest_cities') }}</h2>
{% for c, es in d.cities.items() %}<h3>{{ c }}</h3><ul>
{% for e in es %}<li>{{ link(e) }}</li>{% endfor %}</ul>{% endfor %}
<h2>{{ L('digest_indicators') }}</h2>
{% if not d.indicators %}<p>{{ L('digest_none') }}</p>{% endif %}<ul>
{% for a in d.indicators %}<li>{{ B(a) }}</li>{% endfor %}</ul>
<h2>{{ L('digest_health') }}</h2><ul>
{% for h in d.health %}<li>{{ H(h) }}{% if h.error %} <small>{{ h.error }}</small>{% endif %}</li>{% endfor %}
</ul></body></html>"""


def _title_both(alert: dict[str, Any]) -> str:
    """An indicator alert's title in Chinese and English (one language when it has no other)."""
    zh, en = alert.get("title_zh") or alert["title"], alert["title"]
    return en if zh == en else f"{zh} / {en}"


def _both(key: str, **values: object) -> str:
    return f"{msg(key, 'zh', **values)} / {msg(key, 'en', **values)}"


def render(data: dict[str, Any], *, note: str | None = None) -> tuple[str, str]:
    """(HTML, text) of collected digest data.

    Raises
    ------
    KeyError
        When ``data`` lacks ``start``, ``end`` or ``items`` (pass the output of
        :func:`collect`).
    jinja2.UndefinedError
        When another key the template reads is missing from ``data`` (strict undefined).

    Examples
    --------
    >>> import datetime as dt
    >>> data = collect(empty_store, dt.datetime(2025, 6, 1, tzinfo=dt.timezone.utc),
    ...                dt.datetime(2025, 6, 8, tzinfo=dt.timezone.utc))
    >>> html, text = render(data)
    >>> html.startswith("<!DOCTYPE html>"), text.splitlines()[0]
    (True, '都市圈监测摘要 / Metropolitan-area monitor digest')
    """
    import jinja2
    import nh3
    from markupsafe import Markup, escape

    def link(e: dict[str, Any]) -> Markup:
        title = escape(e["title"])
        meta = escape(f" — {e['source']}, {e['published']} · {_quality_both(e)}")
        if e.get("link"):
            return Markup('<a href="{}">{}</a><small>{}</small>').format(e["link"], title, meta)
        return Markup("{}<small>{}</small>").format(title, meta)

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    period = f"{_fmt_time(data['start'])} – {_fmt_time(data['end'])}"
    html = env.from_string(_TEMPLATE).render(
        d=data, L=_both, S=lambda s: f"{status_label(s, 'zh')} / {status_label(s, 'en')}"
        if s else "—", B=_title_both, T=lambda t: f"{topic_label(t, 'zh')} / {topic_label(t, 'en')}",
        H=lambda h: f"{health_line(h, 'zh')} / {health_line(h, 'en')}",
        link=link, period=period, n_items=_both("digest_items_n", n=len(data["items"])),
        note=note)
    html = nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href"}, "meta": {"charset"},
                                                            "html": {"lang"}},
                     url_schemes={"http", "https"}, clean_content_tags={"script"},
                     strip_comments=True, link_rel="noopener noreferrer")
    html = "<!DOCTYPE html>\n" + html
    return html, _text(data, period, note)


def _text(data: dict[str, Any], period: str, note: str | None) -> str:
    lines = [_both("digest_title"), f"{_both('digest_period')}: {period}",
             _both("digest_items_n", n=len(data["items"]))]
    if note:
        lines.append(note)

    def entry(e: dict[str, Any]) -> str:
        return (f"  - {e['title']} ({e['source']}, {e['published']} · {_quality_both(e)}) "
                f"{e.get('link') or ''}").rstrip()

    lines += ["", "## " + _both("digest_projects")]
    if not data["projects"]:
        lines.append("  " + _both("digest_none"))
    for p in data["projects"].values():
        lines.append(f"* {p['name_zh']} / {p['name_en']} [{status_label(p['status'], 'zh')} / "
                     f"{status_label(p['status'], 'en')}]")
        for c in p["changes"]:
            flag = "" if c["applied"] else " (not applied / 未采纳)"
            lines.append(f"  {status_label(c['previous'] or '', 'zh')} -> "
                         f"{status_label(c['status'], 'zh')} / "
                         f"{status_label(c['previous'] or '', 'en')} -> "
                         f"{status_label(c['status'], 'en')}{flag}: {c['evidence']} "
                         f"[{c['confidence']}] {c['link'] or ''}".rstrip())
        lines += [entry(e) for e in p["items"]]
    lines += ["", "## " + _both("digest_topics")]
    for t, es in data["topics"].items():
        lines.append(f"* {topic_label(t, 'zh')} / {topic_label(t, 'en')}")
        lines += [entry(e) for e in es]
    lines += ["", "## " + _both("digest_cities")]
    for c, es in data["cities"].items():
        lines.append(f"* {c}")
        lines += [entry(e) for e in es]
    lines += ["", "## " + _both("digest_indicators")]
    lines += [f"  - {_title_both(a)}" for a in data["indicators"]] or ["  " + _both("digest_none")]
    lines += ["", "## " + _both("digest_health")]
    lines += [f"  - {health_line(h, 'zh')} / {health_line(h, 'en')}"
              + (f" ({h['error']})" if h["error"] else "") for h in data["health"]]
    return "\n".join(lines) + "\n"


def build_digest(store: Store, *, since: dt.datetime | str = "7d",
                 until: dt.datetime | None = None, unit_names: dict[str, str] | None = None,
                 save: bool = True, period: str = "custom",
                 note: str | None = None) -> DigestDoc:
    """Build (and by default store) the digest of ``[since, until)``.

    Parameters
    ----------
    since
        Start: an aware datetime or ``7d`` / ``24h`` / ``daily`` / ``weekly`` / ISO date.
    unit_names
        ``{code: name}`` to name cities (default: codes).

    Raises
    ------
    ValueError
        (a ``ParameterError``) From :func:`parse_since` when ``since`` is a string of no
        accepted form.
    sqlalchemy.exc.SQLAlchemyError
        When the database fails during the query (e.g. the server goes away or the schema is
        not at head).

    Examples
    --------
    >>> import datetime as dt
    >>> doc = build_digest(empty_store, since=dt.datetime(2025, 6, 1, tzinfo=dt.timezone.utc),
    ...                    until=dt.datetime(2025, 6, 8, tzinfo=dt.timezone.utc))
    >>> doc.text.splitlines()[0]
    '都市圈监测摘要 / Metropolitan-area monitor digest'
    """
    end = until or utcnow()
    start = parse_since(since, now=end) if isinstance(since, str) else since
    data = collect(store, start, end, unit_names)
    html, text = render(data, note=note)
    if save:
        with store.session() as s, s.begin():
            s.add(Digest(period=period, start=start, end=end, language="zh+en", html=html,
                         text=text))
    return DigestDoc(start=start, end=end, html=html, text=text, items=len(data["items"]),
                     status_changes=data["status_changes"], alerts=data["alerts"])


def digest_frame(store: Store) -> pd.DataFrame:
    """Stored digests: ``digest_id``, ``period``, ``start``, ``end``, ``created_at``.

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database fails during the query (e.g. the server goes away or the schema is
        not at head).

    Examples
    --------
    >>> import datetime as dt
    >>> _ = build_digest(empty_store, since=dt.datetime(2025, 6, 1, tzinfo=dt.timezone.utc),
    ...                  until=dt.datetime(2025, 6, 8, tzinfo=dt.timezone.utc), period="weekly")
    >>> digest_frame(empty_store)[["digest_id", "period"]]
       digest_id  period
    0          1  weekly
    """
    import pandas as pd

    with store.session() as s:
        rows = [{"digest_id": d.id, "period": d.period, "start": d.start, "end": d.end,
                 "created_at": d.created_at}
                for d in s.scalars(select(Digest).order_by(Digest.id.desc()))]
    return pd.DataFrame(rows, columns=["digest_id", "period", "start", "end", "created_at"])


# --- delivery to channels ----------------------------------------------------------------------

DIGEST_RULE = "digest"


def period_bounds(period: str, *, now: dt.datetime | None = None) -> tuple[dt.datetime,
                                                                            dt.datetime]:
    """The last complete ``daily`` (calendar day) or ``weekly`` (Monday to Monday) period
    before ``now``, in Beijing time (Asia/Shanghai), as aware UTC datetimes.

    Raises
    ------
    ParameterError
        A period other than ``daily`` or ``weekly`` (also a ``ValueError``).

    Examples
    --------
    >>> import datetime as dt
    >>> now = dt.datetime(2025, 6, 4, 12, 0, tzinfo=dt.timezone.utc)  # a Wednesday
    >>> [t.isoformat() for t in period_bounds("daily", now=now)]
    ['2025-06-02T16:00:00+00:00', '2025-06-03T16:00:00+00:00']
    >>> [t.isoformat() for t in period_bounds("weekly", now=now)]
    ['2025-05-25T16:00:00+00:00', '2025-06-01T16:00:00+00:00']
    """
    from .sources import SHANGHAI

    if period not in _PERIODS:
        msg_ = f"digest period {period!r}: expected daily or weekly"
        raise ParameterError(msg_)
    local = (now or utcnow()).astimezone(SHANGHAI)
    end = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if period == "weekly":
        end -= dt.timedelta(days=end.weekday())
    start = end - _PERIODS[period]
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def _digest_cause(period: str, start: dt.datetime, end: dt.datetime) -> tuple[str, str, str]:
    return (period, start.astimezone(dt.UTC).isoformat(), end.astimezone(dt.UTC).isoformat())


def queue_digest(store: Store, doc: DigestDoc, channels: list[str] | tuple[str, ...], *,
                 period: str = "custom") -> int | None:
    """Put ``doc`` in the outbox for ``channels``: an alert of kind ``digest`` (title and text
    bilingual; the sanitised HTML in its payload, sent to e-mail as HTML), delivered with the
    alerts' retries and idempotency key (period + bounds). None when that digest was queued
    before.

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database fails (e.g. the server goes away or the schema is not at head).

    Examples
    --------
    >>> import datetime as dt
    >>> from metroscope.monitor.channels import add_channel
    >>> with empty_store.session() as s, s.begin():
    ...     _ = add_channel(s, "team", "https://hooks.example.org/abc", secret="env:HOOK_SECRET")
    >>> doc = build_digest(empty_store, since=dt.datetime(2025, 6, 1, tzinfo=dt.timezone.utc),
    ...                    until=dt.datetime(2025, 6, 8, tzinfo=dt.timezone.utc), period="weekly")
    >>> queue_digest(empty_store, doc, ["team"], period="weekly")
    1
    >>> queue_digest(empty_store, doc, ["team"], period="weekly") is None  # queued before
    True
    """
    from .alerts import queue_alert
    from .sources import SHANGHAI

    first = doc.start.astimezone(SHANGHAI)
    last = (doc.end - dt.timedelta(seconds=1)).astimezone(SHANGHAI)
    span = f"{first:%Y-%m-%d}" + (f"–{last:%Y-%m-%d}" if last.date() != first.date() else "")
    title = f"{_both('digest_title')} {span}"
    with store.session() as s, s.begin():
        alert = queue_alert(
            s, rule_name=DIGEST_RULE, kind="digest",
            cause=_digest_cause(period, doc.start, doc.end), title=title, body=doc.text,
            payload={"period": period, "start": doc.start.isoformat(),
                     "end": doc.end.isoformat(), "items": doc.items,
                     "status_changes": doc.status_changes, "alerts": doc.alerts,
                     "html": doc.html},
            channels=list(channels))
        return alert.id if alert is not None else None


def queue_due_digest(store: Store, *, period: str, channels: list[str] | tuple[str, ...],
                     unit_names: dict[str, str] | None = None,
                     now: dt.datetime | None = None) -> int | None:
    """Build and queue the digest of the last complete ``period`` unless it was queued
    already (checked before building); the new alert's id, or None.

    Raises
    ------
    ValueError
        A period other than ``daily`` or ``weekly``.
    sqlalchemy.exc.SQLAlchemyError
        When the database fails (e.g. the server goes away or the schema is not at head).

    Examples
    --------
    >>> import datetime as dt
    >>> from metroscope.monitor.channels import add_channel
    >>> with empty_store.session() as s, s.begin():
    ...     _ = add_channel(s, "team", "https://hooks.example.org/abc", secret="env:HOOK_SECRET")
    >>> now = dt.datetime(2025, 6, 4, 12, 0, tzinfo=dt.timezone.utc)
    >>> queue_due_digest(empty_store, period="daily", channels=["team"], now=now)
    1
    >>> queue_due_digest(empty_store, period="daily", channels=["team"], now=now) is None  # done already
    True
    """
    from .alerts import alert_key

    start, end = period_bounds(period, now=now)
    key = alert_key(DIGEST_RULE, "digest", *_digest_cause(period, start, end))
    with store.session() as s:
        if s.scalar(select(Alert.id).where(Alert.idempotency_key == key)) is not None:
            return None
    doc = build_digest(store, since=start, until=end, unit_names=unit_names, period=period)
    return queue_digest(store, doc, channels, period=period)
