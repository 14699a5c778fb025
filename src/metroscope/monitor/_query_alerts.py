"""Reading the store's alerts, their deliveries, the rules and the channels (part of
:mod:`.query`, where these functions are imported from; nothing here writes). Channel URLs
are masked."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import func, select

from .._errors import NotFoundError
from ..messages import Message
from .alerts import alert_title, mask
from .health import last_error
from .store import Alert, Channel, Delivery, Rule, Store

ALERT_COLUMNS = ["alert_id", "created_at", "rule", "kind", "title", "project_id", "sent",
                 "pending", "dead", "acknowledged"]

__all__ = ["ALERT_COLUMNS", "alert_detail", "alerts", "channels", "deliveries", "rules"]


def alerts(store: Store, *, since: dt.datetime | None = None, kind: str | None = None,
           limit: int | None = 100, lang: str = "en") -> pd.DataFrame:
    """Alerts, newest first: ``alert_id``, ``created_at``, ``rule``, ``kind``, ``title`` (in
    ``lang``, see :func:`~metroscope.monitor.alerts.alert_title`), ``project_id``, and
    delivery counts ``sent``, ``pending``, ``dead``; ``acknowledged``.

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database fails (e.g. the server goes away or the schema is not at head).

    Examples
    --------
    >>> from metroscope.monitor.alerts import queue_alert
    >>> with empty_store.session() as s, s.begin():
    ...     _ = queue_alert(s, rule_name="hsr", kind="keyword", cause=["x"], title="高铁开工")
    >>> alerts(empty_store)[["rule", "kind", "title"]]
      rule     kind title
    0  hsr  keyword  高铁开工
    """
    q = select(Alert).order_by(Alert.id.desc())
    if since is not None:
        q = q.where(Alert.created_at >= since)
    if kind:
        q = q.where(Alert.kind == kind)
    if limit is not None:
        q = q.limit(limit)
    with store.session() as s:
        found = list(s.scalars(q))
        states: dict[int, dict[str, int]] = {}
        if found:
            for aid, state, n in s.execute(
                    select(Delivery.alert_id, Delivery.state, func.count())
                    .where(Delivery.alert_id.in_([a.id for a in found]))
                    .group_by(Delivery.alert_id, Delivery.state)):
                states.setdefault(aid, {})[state] = int(n)
        rows = [{"alert_id": a.id, "created_at": a.created_at, "rule": a.rule_name,
                 "kind": a.kind, "title": alert_title(a.title, a.payload, lang),
                 "project_id": a.project_id,
                 "sent": states.get(a.id, {}).get("sent", 0),
                 "pending": states.get(a.id, {}).get("pending", 0),
                 "dead": states.get(a.id, {}).get("dead", 0),
                 "acknowledged": a.acknowledged} for a in found]
    return pd.DataFrame(rows, columns=ALERT_COLUMNS)


def alert_detail(store: Store, alert_id: int) -> dict[str, Any]:
    """One alert with body and payload (JSON-ready).

    Raises
    ------
    NotFoundError
        Unknown alert id (a ``KeyError``).

    Examples
    --------
    >>> from metroscope.monitor.alerts import queue_alert
    >>> with empty_store.session() as s, s.begin():
    ...     alert = queue_alert(s, rule_name="hsr", kind="keyword", cause=["x"], title="高铁开工",
    ...                         payload={"item": 1})
    ...     s.flush()  # assigns the id
    ...     alert_id = alert.id
    >>> d = alert_detail(empty_store, alert_id)
    >>> d["title"], d["payload"]
    ('高铁开工', {'item': 1})
    """
    with store.session() as s:
        a = s.get(Alert, alert_id)
        if a is None:
            msg = Message("err_mon_no_alert", alert_id=alert_id)
            raise NotFoundError(msg)
        return {"alert_id": a.id, "idempotency_key": a.idempotency_key, "rule": a.rule_name,
                "kind": a.kind, "title": a.title, "body": a.body, "payload": a.payload,
                "project_id": a.project_id, "created_at": a.created_at.isoformat(),
                "acknowledged": bool(a.acknowledged)}


def deliveries(store: Store, alert_id: int) -> list[dict[str, Any]]:
    """The deliveries of one alert, by channel name: ``channel``, ``state`` (pending, sent,
    dead), ``attempts`` and ``last_error`` (a catalogue message where one was stored: it
    renders in the reader's language; the stored English text for a row written before
    revision 0004; None when the last attempt succeeded or none was made).

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database fails (e.g. the server goes away or the schema is not at head).

    Examples
    --------
    >>> deliveries(empty_store, 999)  # an unknown alert has none
    []
    """
    with store.session() as s:
        found = s.execute(select(Delivery, Channel.name)
                          .join(Channel, Channel.id == Delivery.channel_id)
                          .where(Delivery.alert_id == alert_id)
                          .order_by(Channel.name)).all()
        return [{"channel": name, "state": d.state, "attempts": d.attempts,
                 "last_error": last_error(d.last_error, d.last_error_message)}
                for d, name in found]


def rules(store: Store) -> pd.DataFrame:
    """Rules: ``name``, ``kind``, ``enabled``, ``channels``, ``spec`` (JSON text).

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database fails (e.g. the server goes away or the schema is not at head).

    Examples
    --------
    >>> rules(monitor_store)[["name", "kind", "enabled"]]
      name     kind  enabled
    0  hsr  keyword     True
    """
    import json

    with store.session() as s:
        rows = [{"name": r.name, "kind": r.spec.get("kind"), "enabled": r.enabled,
                 "channels": ",".join(r.spec.get("channels", [])),
                 "spec": json.dumps(r.spec, ensure_ascii=False)}
                for r in s.scalars(select(Rule).order_by(Rule.name))]
    return pd.DataFrame(rows, columns=["name", "kind", "enabled", "channels", "spec"])


def channels(store: Store) -> pd.DataFrame:
    """Channels with masked URLs: ``name``, ``kind``, ``url``, ``secret``, ``enabled``.

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database fails (e.g. the server goes away or the schema is not at head).

    Examples
    --------
    >>> from metroscope.monitor.alerts import add_channel
    >>> with empty_store.session() as s, s.begin():
    ...     _ = add_channel(s, "team", "https://hooks.example.org/abc", secret="env:HOOK_SECRET")
    >>> channels(empty_store)[["name", "kind", "url", "secret"]]
       name     kind                            url           secret
    0  team  webhook  https://hooks.example.org/***  env:HOOK_SECRET
    """
    with store.session() as s:
        rows = [{"name": c.name, "kind": c.kind, "url": mask(c.url),
                 "secret": mask(c.secret) if c.secret else None, "enabled": c.enabled}
                for c in s.scalars(select(Channel).order_by(Channel.name))]
    return pd.DataFrame(rows, columns=["name", "kind", "url", "secret", "enabled"])
