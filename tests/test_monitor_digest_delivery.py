"""Digests delivered to channels: e-mail (aiosmtpd on 127.0.0.1) as HTML, a signed webhook on
127.0.0.1; a channel that is down is reported and retried a bounded number of times, never
raised; secrets never appear in logs, errors or output; the scheduled digest is queued once."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import logging
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from _monitor_fixtures import sqlite_store  # noqa: F401
from metroscope._errors import ParameterError
from metroscope.monitor import Monitor, add_source, query
from metroscope.monitor._fixture_server import FixtureServer
from metroscope.monitor.alerts import add_channel, deliver_pending
from metroscope.monitor.config import get_config
from metroscope.monitor.digest import build_digest, period_bounds, queue_digest
from metroscope.monitor.sources import SHANGHAI, make_item
from metroscope.monitor.store import Alert, Delivery, Store

SECRET = "tok-7f3a9c-never-shown"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[int, list[bytes]]]:
    from aiosmtpd.controller import Controller

    received: list[bytes] = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
            received.append(envelope.content)
            return "250 OK"

    port = _free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, received
    finally:
        controller.stop()


def _with_items(store: Store) -> None:
    add_source(store, "ndrc", "https://ndrc.example/feed")
    Monitor(store, compute_effects=False).ingest("ndrc", [
        make_item(title="长四辽通高铁开工建设（演示）", link="https://ndrc.example/1",
                  published="2026-03-02 10:00", text="长春 四平 高铁"),
        make_item(title="Changchun bonded zone (demo)", link="https://ndrc.example/2",
                  published="2026-03-02 11:00", text="trade")])


def _html_part(raw: bytes) -> str:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    part = message.get_body(preferencelist=("html",))
    assert part is not None, "no HTML part in the e-mail"
    return str(part.get_content())


def test_digest_by_email_as_html_and_by_signed_webhook(
        sqlite_store: Store, smtp: tuple[int, list[bytes]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    port, received = smtp
    _with_items(sqlite_store)
    key = tmp_path / "hook.key"
    key.write_text("k3y", encoding="utf-8")
    monkeypatch.setenv("TEST_MAIL_URL", f"mailto://monitor@example.org?smtp=127.0.0.1"
                                        f"&port={port}&to=ops@example.org&mode=insecure")
    with FixtureServer(webhook_secret="k3y") as srv:
        with sqlite_store.session() as s, s.begin():
            add_channel(s, "mail", "env:TEST_MAIL_URL")
            add_channel(s, "hook", f"{srv.base_url}/webhook", kind="webhook",
                        secret=f"file:{key}")
        doc = build_digest(sqlite_store, since="1d")
        alert_id = queue_digest(sqlite_store, doc, ["mail", "hook"])
        assert alert_id is not None
        cfg = get_config(allow_private_hosts=("127.0.0.1",), host_min_interval_s=0)
        rep = deliver_pending(sqlite_store, config=cfg)
        events = list(srv.webhooks.events.values())
        assert srv.webhooks.bad_signatures == 0
    assert rep.sent == 2 and rep.failures == []
    (raw,) = received
    html = _html_part(raw)
    assert "长四辽通高铁开工建设（演示）" in html and "<h1" in html.lower()
    assert "都市圈监测摘要" in email.message_from_bytes(raw, policy=email.policy.default)["Subject"]
    (event,) = events
    assert event["kind"] == "digest" and event["payload"]["items"] == doc.items == 2
    assert event["payload"]["html"] == doc.html and event["body"] == doc.text


def test_a_channel_down_is_reported_retried_a_bounded_number_of_times_and_never_logged(
        sqlite_store: Store, smtp: tuple[int, list[bytes]], caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    port, received = smtp
    _with_items(sqlite_store)
    dead_port = _free_port()  # nothing listens there
    monkeypatch.setenv("TEST_HOOK_URL", f"json://127.0.0.1:{dead_port}/hook/{SECRET}")
    monkeypatch.setenv("TEST_MAIL_URL", f"mailto://monitor@example.org?smtp=127.0.0.1"
                                        f"&port={port}&to=ops@example.org&mode=insecure")
    with sqlite_store.session() as s, s.begin():
        add_channel(s, "down", "env:TEST_HOOK_URL")
        add_channel(s, "mail", "env:TEST_MAIL_URL")
    queue_digest(sqlite_store, build_digest(sqlite_store, since="1d"), ["down", "mail"])
    cfg = get_config(allow_private_hosts=("127.0.0.1",), delivery_max_attempts=3,
                     backoff_base_min=0.001, timeout_s=2)
    caplog.set_level(logging.DEBUG)
    reports = []
    for i in range(5):  # later passes: the failed delivery is due again (tiny backoff)
        reports.append(deliver_pending(sqlite_store, config=cfg,
                                       now=dt.datetime.now(dt.UTC) + dt.timedelta(hours=i)))
    assert reports[0].sent == 1 and len(received) == 1  # e-mail went out despite the other
    assert [r.failed for r in reports] == [1, 1, 0, 0, 0] and reports[2].dead == 1
    with sqlite_store.session() as s:
        d = s.scalars(select(Delivery).where(Delivery.state == "dead")).one()
        assert d.attempts == 3  # bounded: no fourth attempt
        assert d.last_error and SECRET not in d.last_error
    name, _, error = reports[0].failures[0]
    assert name == "down" and "127.0.0.1" in error
    assert SECRET not in caplog.text and SECRET not in error
    assert SECRET not in query.channels(sqlite_store).to_string()


def test_scheduled_digest_is_queued_once_per_period(sqlite_store: Store, tmp_path: Path) -> None:
    _with_items(sqlite_store)
    key = tmp_path / "hook.key"
    key.write_text("k3y", encoding="utf-8")
    now = dt.datetime(2026, 3, 4, 1, 0, tzinfo=dt.UTC)  # 09:00 in Beijing, a Wednesday
    with FixtureServer(webhook_secret="k3y") as srv:
        with sqlite_store.session() as s, s.begin():
            add_channel(s, "hook", f"{srv.base_url}/webhook", kind="webhook",
                        secret=f"file:{key}")
        cfg = get_config(allow_private_hosts=("127.0.0.1",), host_min_interval_s=0,
                         digest_channels=("hook",), digest_period="weekly")
        mon = Monitor(sqlite_store, config=cfg, compute_effects=False)
        first = mon.run_once(now=now)
        second = mon.run_once(now=now + dt.timedelta(hours=5))
        mon.close()
        events = list(srv.webhooks.events.values())
    assert first.digest_alert is not None and second.digest_alert is None
    (event,) = events
    start, end = period_bounds("weekly", now=now)
    assert start.astimezone(SHANGHAI) == dt.datetime(2026, 2, 23, tzinfo=SHANGHAI)
    assert end.astimezone(SHANGHAI) == dt.datetime(2026, 3, 2, tzinfo=SHANGHAI)
    assert event["payload"]["period"] == "weekly"
    assert event["payload"]["start"] == start.isoformat()
    with sqlite_store.session() as s:
        assert s.scalar(select(Alert.title).where(Alert.kind == "digest")).endswith(
            "2026-02-23–2026-03-01")


def test_period_bounds_daily_and_bad_period() -> None:
    now = dt.datetime(2026, 3, 1, 15, 59, tzinfo=dt.UTC)  # 23:59 on 1 March in Beijing
    start, end = period_bounds("daily", now=now)
    # the last complete day is 28 February, Beijing time (UTC+8)
    assert start == dt.datetime(2026, 2, 27, 16, tzinfo=dt.UTC)
    assert end == dt.datetime(2026, 2, 28, 16, tzinfo=dt.UTC)
    with pytest.raises(ParameterError, match="daily or weekly"):
        period_bounds("monthly")


def test_cli_digest_send_reports_each_channel(sqlite_store: Store, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from metroscope.cli.monitor import app

    _with_items(sqlite_store)
    key = tmp_path / "hook.key"
    key.write_text("k3y", encoding="utf-8")
    monkeypatch.setenv("METROSCOPE_MONITOR_ALLOW_PRIVATE_HOSTS", "127.0.0.1")
    monkeypatch.setenv("METROSCOPE_MONITOR_HOST_MIN_INTERVAL_S", "0")
    monkeypatch.setenv("TEST_HOOK_URL", f"json://127.0.0.1:{_free_port()}/x/{SECRET}")
    runner = CliRunner()
    db = sqlite_store.url
    with FixtureServer(webhook_secret="k3y") as srv:
        with sqlite_store.session() as s, s.begin():
            add_channel(s, "hook", f"{srv.base_url}/webhook", kind="webhook",
                        secret=f"file:{key}")
            add_channel(s, "down", "env:TEST_HOOK_URL")
        ok = runner.invoke(app, ["digest", "--since", "1d", "--db", db, "--send", "hook"])
        both = runner.invoke(app, ["digest", "--since", "1d", "--db", db, "--send", "hook",
                                   "--send", "down"])
        unknown = runner.invoke(app, ["digest", "--db", db, "--send", "nowhere"])
        received = len(srv.webhooks.events)
    assert ok.exit_code == 0 and "digest sent to hook" in ok.output
    assert "都市圈监测摘要" in ok.output  # the text digest is still printed
    assert both.exit_code == 1 and "digest sent to hook" in both.output
    assert "channel down: not delivered" in both.output and SECRET not in both.output
    assert unknown.exit_code == 2 and "unknown channel(s) nowhere" in unknown.output
    assert "Traceback" not in both.output + unknown.output
    assert received == 2  # one digest per successful --send to hook
