"""The pipeline on SQLite and PostgreSQL: idempotent ingest, versions, backoff, health,
status machine, outbox and delivery, dry runs, search."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
import sqlalchemy as sa

from _monitor_fixtures import (  # noqa: F401
    mock_fetcher,
    postgres_server,
    rss,
    sqlite_store,
    store,
)
from metroscope.monitor import query
from metroscope.monitor._fixture_server import FixtureServer
from metroscope.monitor.alerts import add_channel, deliver_pending, mask, queue_alert
from metroscope.monitor.config import get_config
from metroscope.monitor.pipeline import Monitor
from metroscope.monitor.projects import allowed_move, detect_status
from metroscope.monitor.rules import RuleError, dry_run, parse_rule
from metroscope.monitor.sources import make_item
from metroscope.monitor.store import Alert, Delivery, Item, Project, Store
from metroscope.monitor.tagging import ProjectRef
from metroscope.monitor.watchlist import WatchlistError, add_rule, add_source, pause_source

T0 = dt.datetime(2026, 3, 1, 0, 0, tzinfo=dt.UTC)
HSR_NAMES = ("长四辽通高铁", "长四辽通")


def _seed_project(store: Store, status: str = "planned") -> None:
    with store.session() as s, s.begin():
        s.add(Project(project_id="hsr", name_zh="长四辽通高铁", name_en="CSLT HSR",
                      status=status, aliases=["长四辽通"], codes=[], edits=[]))


def _items(*titles: str) -> list:  # type: ignore[type-arg]
    return [make_item(title=t, link=f"https://e.org/{i}", published="2026-03-01", text="")
            for i, t in enumerate(titles)]


def test_ingest_is_idempotent_and_edits_are_versions(store: Store) -> None:
    add_source(store, "s", "https://e.org/feed")
    mon = Monitor(store, config=get_config())
    first = mon.ingest("s", _items("一", "二", "三"), now=T0)
    assert (first.new_items, first.new_versions) == (3, 0)
    again = mon.ingest("s", _items("一", "二", "三"), now=T0)
    assert (again.new_items, again.new_versions) == (0, 0)
    edited = [make_item(title="二（更正）", link="https://e.org/1", published="2026-03-01",
                        text="")]
    out = mon.ingest("s", edited, now=T0)
    assert (out.new_items, out.new_versions) == (0, 1)
    latest = query.items(store, limit=None)
    assert len(latest) == 3 and "二（更正）" in set(latest["title"])
    every = query.items(store, limit=None, all_versions=True)
    assert len(every) == 4
    assert sorted(every.loc[every["title"].str.startswith("二"), "version"]) == [1, 2]


def test_an_edit_reverted_makes_the_earlier_version_latest_again(store: Store) -> None:
    """Edited then reverted (A -> B -> A), across passes and inside one fetch: no second
    row with the same content (the unique key used to make the whole pass fail)."""
    add_source(store, "s", "https://e.org/feed")
    mon = Monitor(store, config=get_config())

    def version(text: str) -> list:  # type: ignore[type-arg]
        return [make_item(title="通知", link="https://e.org/n", published="2026-03-01",
                          text=text)]

    counts = [(o.new_items, o.new_versions) for o in
              (mon.ingest("s", version(t), now=T0) for t in ("A", "B", "A", "A"))]
    assert counts == [(1, 0), (0, 1), (0, 1), (0, 0)]
    out = mon.ingest("s", version("C") + version("B") + version("C"), now=T0)
    assert (out.new_items, out.new_versions) == (0, 3)
    every = query.items(store, limit=None, all_versions=True)
    assert sorted(every["version"]) == [1, 2, 3]  # A, B, C: one row each
    (latest,) = query.items(store, limit=None).itertuples()
    assert latest.version == 3  # C is the latest, once
    with store.session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Item)
                        .where(Item.latest.is_(True))) == 1


def test_failure_backoff_doubles_caps_at_24h_and_never_stops(store: Store) -> None:
    add_source(store, "flaky", "https://e.org/feed")
    add_rule(store, {"name": "health", "kind": "source_health"})
    cfg = get_config(backoff_base_min=5, backoff_max_h=24, failing_after=3)
    mon = Monitor(store, config=cfg)
    delays = []
    for _ in range(12):
        mon.record_failure("flaky", "HTTP 503", now=T0)
        src = query.sources(store).iloc[0]
        delays.append((src["next_check_at"] - T0).total_seconds() / 60)
    assert delays[:5] == [5, 10, 20, 40, 80]
    assert max(delays) == 24 * 60 and delays[-1] == 24 * 60
    src = query.sources(store).iloc[0]
    assert src["state"] == "failing" and src["error_count"] == 12
    assert mon.due_sources(now=T0 + dt.timedelta(hours=24, seconds=1))  # still polled
    health = query.alerts(store, kind="source_health")
    assert len(health) == 1 and "flaky" in health.iloc[0]["title"]
    mon.record_failure("flaky", "HTTP 503", now=T0, retry_after_s=100 * 3600)
    src = query.sources(store).iloc[0]
    assert (src["next_check_at"] - T0) == dt.timedelta(hours=24)  # Retry-After, capped


def test_retry_after_lengthens_a_short_backoff(store: Store) -> None:
    add_source(store, "busy", "https://e.org/feed")
    mon = Monitor(store, config=get_config(backoff_base_min=5))
    mon.record_failure("busy", "HTTP 429", now=T0, retry_after_s=3600)
    assert query.sources(store).iloc[0]["next_check_at"] - T0 == dt.timedelta(hours=1)


def test_success_resets_health_and_uses_conditional_get(store: Store) -> None:
    body = rss({"title": "条目", "link": "https://e.org/a", "guid": "g1"})
    seen: list[httpx.Request] = []

    def handler(r: httpx.Request) -> httpx.Response:
        seen.append(r)
        if r.headers.get("If-None-Match") == '"e1"':
            return httpx.Response(304)
        return httpx.Response(200, content=body, headers={"ETag": '"e1"'})

    add_source(store, "feed", "https://feeds.example/rss", interval_min=30)
    cfg = get_config(host_min_interval_s=0)
    mon = Monitor(store, config=cfg, fetcher=mock_fetcher(handler))
    mon.record_failure("feed", "timeout", now=T0)
    rep = mon.run_once(force=True, now=T0)
    assert rep.new_items == 1 and rep.outcomes[0].status == "ok"
    src = query.sources(store).iloc[0]
    assert src["state"] == "ok" and src["error_count"] == 0
    assert src["next_check_at"] - T0 == dt.timedelta(minutes=30)
    rep2 = mon.run_once(force=True, now=T0)
    assert rep2.outcomes[0].status == "not_modified" and rep2.new_items == 0
    assert seen[-1].headers["If-None-Match"] == '"e1"'


def test_paused_sources_are_not_polled(store: Store) -> None:
    add_source(store, "p", "https://e.org/feed")
    pause_source(store, "p")
    assert Monitor(store).due_sources(now=T0, force=True) == []
    pause_source(store, "p", paused=False)
    assert [s.name for s in Monitor(store).due_sources(now=T0)] == ["p"]


def test_source_validation_lists_every_problem(store: Store) -> None:
    with pytest.raises(WatchlistError) as exc:
        add_source(store, "bad", "file:///etc/passwd", kind="page", selectors={"x": "["},
                   interval_min=0)
    text = str(exc.value)
    assert "only http and https" in text and "'item' is required" in text
    assert "interval_min" in text


# --- projects -------------------------------------------------------------------------------

def test_status_ladder() -> None:
    assert allowed_move("planned", "approved")
    assert allowed_move("approved", "under_construction")
    assert not allowed_move("under_construction", "approved")  # never backwards
    assert allowed_move("under_construction", "suspended")
    assert allowed_move("suspended", "under_construction")
    assert not allowed_move("opened", "suspended")
    assert not allowed_move("cancelled", "opened")


def test_status_detection_confidence() -> None:
    ref = [ProjectRef("hsr", HSR_NAMES)]
    [sig] = detect_status("国家发展改革委批复长四辽通高铁可行性研究报告。", ref)
    assert (sig.status, sig.confidence) == ("approved", 0.9)
    [fut] = detect_status("长四辽通高铁计划于明年开工建设。", ref)
    assert (fut.status, fut.confidence) == ("under_construction", 0.45)
    [opened] = detect_status("长四辽通高铁今日开通运营。", ref)
    assert opened.status == "opened"
    assert detect_status("长白高铁开通运营。", ref) == []
    assert detect_status("长四辽通高铁沿线风光。", ref) == []


def test_status_changes_keep_evidence(store: Store) -> None:
    _seed_project(store)
    add_source(store, "s", "https://e.org/feed")
    add_rule(store, {"name": "status", "kind": "project_status"})
    mon = Monitor(store, compute_effects=False)
    items = [make_item(title="长四辽通高铁可研批复", link="https://e.org/a", published=None,
                       text="国家发展改革委批复长四辽通高铁可行性研究报告。"),
             make_item(title="长四辽通高铁计划明年开工", link="https://e.org/b", published=None,
                       text="长四辽通高铁计划于明年开工建设。"),
             make_item(title="旧闻", link="https://e.org/c", published=None,
                       text="长四辽通高铁规划建设中，获批在即。")]
    out = mon.ingest("s", items, now=T0)
    assert out.status_changes == 1
    hist = query.project_history(store, "hsr")
    applied = hist[hist["applied"]]
    assert list(applied["status"]) == ["approved"]
    assert applied.iloc[0]["evidence_link"] == "https://e.org/a"
    future = hist[hist["status"] == "under_construction"].iloc[0]
    assert not future["applied"] and future["confidence"] == pytest.approx(0.45)
    assert query.projects(store).set_index("project_id").loc["hsr", "status"] == "approved"
    alerts = query.alerts(store, kind="project_status")
    assert len(alerts) == 1 and "approved" in alerts.iloc[0]["title"]
    detail = query.alert_detail(store, int(alerts.iloc[0]["alert_id"]))
    assert "可研批复" in detail["body"] and detail["payload"]["confidence"] == 0.9


# --- outbox and delivery -------------------------------------------------------------------

def test_alerts_are_idempotent(store: Store) -> None:
    with store.session() as s, s.begin():
        a = queue_alert(s, rule_name="r", kind="keyword", cause=("s", "k"), title="t")
        b = queue_alert(s, rule_name="r", kind="keyword", cause=("s", "k"), title="t")
    assert a is not None and b is None
    assert len(query.alerts(store)) == 1


def test_an_item_and_its_alerts_commit_together(store: Store,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    add_source(store, "s", "https://e.org/feed")
    add_rule(store, {"name": "kw", "kind": "keyword", "keywords": ["高铁"]})
    mon = Monitor(store)

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("killed mid-transaction")

    import metroscope.monitor.pipeline as pipeline

    monkeypatch.setattr(pipeline, "mark_success", crash)  # the last step of the transaction
    with pytest.raises(RuntimeError):
        mon.ingest("s", _items("高铁新闻"), now=T0)
    assert query.counts(store, ["items", "alerts"]) == {"items": 0, "alerts": 0}
    monkeypatch.undo()
    out = mon.ingest("s", _items("高铁新闻"), now=T0)
    assert (out.new_items, out.alerts) == (1, 1)


def test_webhook_down_then_up_delivers_every_alert_once(store: Store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    secret_file = tmp_path / "secret"
    secret_file.write_text("s3cret", encoding="utf-8")
    cfg = get_config(allow_private_hosts=("127.0.0.1",), host_min_interval_s=0,
                     backoff_base_min=1)
    with FixtureServer(webhook_secret="s3cret") as srv:
        with store.session() as s, s.begin():
            add_channel(s, "hook", f"{srv.base_url}/webhook", kind="webhook",
                        secret=f"file:{secret_file}")
            for i in range(5):
                queue_alert(s, rule_name="r", kind="keyword", cause=(i,), title=f"alert {i}",
                            channels=["hook"])
        srv.fail_webhooks = 7
        now = dt.datetime.now(dt.UTC)
        first = deliver_pending(store, config=cfg, now=now)
        assert (first.sent, first.failed) == (0, 5)
        second = deliver_pending(store, config=cfg, now=now)  # not due yet: nothing sent
        assert (second.sent, second.failed) == (0, 0)
        later = deliver_pending(store, config=cfg, now=now + dt.timedelta(minutes=1))
        assert (later.sent, later.failed) == (3, 2)
        last = deliver_pending(store, config=cfg, now=now + dt.timedelta(minutes=3))
        assert last.sent == 2
        assert len(srv.webhooks.events) == 5 and srv.webhooks.bad_signatures == 0
        # a crash after sending and before recording resends: the receiver drops it by key
        with store.session() as s, s.begin():
            s.execute(sa.update(Delivery).values(state="pending"))
        deliver_pending(store, config=cfg, now=now + dt.timedelta(minutes=3))
        assert len(srv.webhooks.events) == 5 and srv.webhooks.duplicates == 5
    assert {e["title"] for e in srv.webhooks.events.values()} == {f"alert {i}" for i in range(5)}


def test_webhook_to_a_private_address_is_refused_and_retried(store: Store,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    monkeypatch.setenv("HOOK_SECRET", "x")
    with store.session() as s, s.begin():
        add_channel(s, "hook", "http://10.0.0.5/hook", kind="webhook", secret="env:HOOK_SECRET")
        queue_alert(s, rule_name="r", kind="keyword", cause=(1,), title="t", channels=["hook"])
    rep = deliver_pending(store, config=get_config(delivery_max_attempts=2))
    assert rep.failed == 1
    with store.session() as s:
        d = s.scalar(sa.select(Delivery))
        assert d is not None and "not a global" in (d.last_error or "")


def test_email_through_a_local_smtp_server(store: Store) -> None:
    from aiosmtpd.controller import Controller

    received: list[bytes] = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
            received.append(envelope.content)
            return "250 OK"

    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        url = (f"mailto://monitor@example.org?smtp=127.0.0.1&port={port}"
               "&to=ops@example.org&mode=insecure")
        with store.session() as s, s.begin():
            add_channel(s, "mail", url)
            queue_alert(s, rule_name="r", kind="keyword", cause=(1,), title="长四辽通高铁开工",
                        body="证据 evidence", channels=["mail"])
        rep = deliver_pending(store, config=get_config())
    finally:
        controller.stop()
    assert rep.sent == 1 and len(received) == 1
    assert b"Subject:" in received[0]


def test_secrets_are_masked(store: Store) -> None:
    assert mask("mailtos://user:p%40ss@smtp.example.org/to@x.org") == "mailtos://smtp.example.org/***"
    assert mask("dingtalk://secret-token-value/") == "dingtalk://secret-token-value/***" or \
        "secret" not in mask("dingtalk://tok@host/secret")
    assert mask("env:MONITOR_WEBHOOK") == "env:MONITOR_WEBHOOK"
    with store.session() as s, s.begin():
        add_channel(s, "m", "mailtos://user:hunter2@smtp.example.org?to=a@b.org")
    shown = query.channels(store).iloc[0]
    assert "hunter2" not in shown["url"] and "user" not in shown["url"]


# --- rules -----------------------------------------------------------------------------------

def test_rule_validation_lists_every_problem() -> None:
    with pytest.raises(RuleError) as exc:
        parse_rule({"name": "bad name!", "kind": "regex", "regex": "(", "oops": 1})
    text = str(exc.value)
    assert "name" in text and "oops" in text
    with pytest.raises(RuleError, match="threshold condition needs"):
        parse_rule({"name": "x", "kind": "indicator",
                    "indicator": {"indicator": "gdp", "on": "threshold"}})


def test_dry_run_writes_and_sends_nothing(store: Store) -> None:
    add_source(store, "s", "https://e.org/feed")
    Monitor(store).ingest("s", _items("长春高铁新闻", "汽车新闻", "Changchun railway news"),
                          now=T0)
    before = query.counts(store, ["items", "alerts"])
    spec = parse_rule({"name": "kw", "kind": "keyword", "keywords": ["高铁", "railway"]})
    hits = dry_run(store, spec)
    assert sorted(hits["title"]) == ["Changchun railway news", "长春高铁新闻"]
    assert query.counts(store, ["items", "alerts"]) == before
    rx = dry_run(store, parse_rule({"name": "rx", "kind": "regex", "regex": "汽车|railway",
                                    "scope": {"sources": ["s"]}}))
    assert len(rx) == 2


# --- search ---------------------------------------------------------------------------------

def test_search_finds_two_character_chinese_words(store: Store) -> None:
    from metroscope.monitor.tagging import Tagger

    add_source(store, "s", "https://e.org/feed")
    Monitor(store).ingest("s", _items("长白高铁开通运营", "新能源汽车产业集群", "普通新闻"),
                          now=T0)
    tagger = Tagger()
    assert list(query.items(store, query="高铁", tagger=tagger)["title"]) == ["长白高铁开通运营"]
    assert list(query.items(store, query="汽车", tagger=tagger)["title"]) == ["新能源汽车产业集群"]
    assert list(query.items(store, query="产业集群", tagger=tagger)["title"]) == \
        ["新能源汽车产业集群"]
    assert query.items(store, query="地铁", tagger=tagger).empty


def test_sqlite_trigram_alone_misses_two_character_words(sqlite_store: Store) -> None:
    add_source(sqlite_store, "s", "https://e.org/feed")
    Monitor(sqlite_store).ingest("s", _items("长白高铁开通运营"), now=T0)
    with sqlite_store.engine.connect() as conn:
        tri = conn.execute(sa.text("SELECT count(*) FROM items_fts_tri WHERE items_fts_tri "
                                   "MATCH '\"高铁\"'")).scalar()
        tok = conn.execute(sa.text("SELECT count(*) FROM items_fts_tok WHERE items_fts_tok "
                                   "MATCH '\"高铁\"'")).scalar()
    assert (tri, tok) == (0, 1)


def test_items_and_fts_stay_in_sync_on_delete(sqlite_store: Store) -> None:
    add_source(sqlite_store, "s", "https://e.org/feed")
    Monitor(sqlite_store).ingest("s", _items("长白高铁开通运营"), now=T0)
    with sqlite_store.session() as s, s.begin():
        s.execute(sa.delete(Item))
    assert query.items(sqlite_store, query="高铁").empty
    with sqlite_store.session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Alert)) == 0


def test_item_filters_and_pages_run_in_the_database(store: Store) -> None:
    """Tag/unit/project filters and limit/offset give exactly the rows a plain Python filter
    of the whole table gives, page by page, on SQLite (json_each) and PostgreSQL (jsonb)."""
    from metroscope.monitor.store import Source

    tags = [["transport"], ["policy", "transport"], [], ["investment"], ["transport"]]
    units = [["220100"], ["220300", "220100"], ["220300"], [], ["2203"]]
    with store.session() as s, s.begin():
        src = Source(name="s", kind="rss", url="https://e.org/feed")
        s.add(src)
        s.flush()
        for i in range(40):
            s.add(Item(source_id=src.id, key=f"k{i}", title=f"t{i}", content_hash=f"h{i}",
                       published_at=T0 + dt.timedelta(hours=i % 7), tags=tags[i % 5],
                       units=units[i % 5], projects=["hsr"] if i % 3 == 0 else []))
    every = query.items(store, limit=None)
    assert len(every) == 40
    for field, value in (("tag", "transport"), ("unit", "220300"), ("project", "hsr"),
                         ("unit", "2203"), ("tag", "trans")):
        column = {"tag": "tags", "unit": "units", "project": "projects"}[field]
        expected = [i for i, vs in zip(every["item_id"], every[column], strict=True)
                    if value in vs]
        assert query.count_items(store, **{field: value}) == len(expected)
        got = []
        for offset in range(0, 45, 7):
            page = query.items(store, limit=7, offset=offset, **{field: value})
            assert len(page) <= 7
            got += list(page["item_id"])
        assert got == expected, (field, value)
    assert query.count_items(store, tag="transport", unit="220100") == sum(
        1 for t, u in zip(every["tags"], every["units"], strict=True)
        if "transport" in t and "220100" in u) > 0
    with pytest.raises(ValueError, match="offset"):
        query.items(store, offset=-1)
