"""Scripted crash run of the monitor: SIGKILL the ingester of 10,000 items, restart, check.

A local server on 127.0.0.1 serves 20 RSS feeds of 500 made-up items each (no guid, as the
statistics bureau's feed) and a webhook receiver that checks signatures and counts repeats by
the event id (the alert's idempotency key). A child process runs passes of the monitor
(``Monitor.run_once``: fetch the due sources, tag, store each source in one transaction,
queue the alerts of a keyword rule, then deliver them to the webhook) until nothing is due
and nothing is pending. The parent kills it with SIGKILL at random moments, during the ingest
and during the delivery, restarts it, and at the end checks the store and the receiver:

- every served item stored exactly once (no loss, no duplicate), as version 1 and latest;
- every alert the rule implies exists once, each with one delivery, all sent;
- the receiver got every alert (repeats dropped by id are counted and reported: delivery is
  at least once, so a kill between sending and recording may send one again);
- every source ok with its ETag; SQLite ``integrity_check`` and the FTS5 indexes' own
  ``integrity-check`` pass.

    python benchmarks/monitor_crash.py [--items 10000] [--kills 4] [--seed 2026]

Exit status 0 when every check passes, 1 otherwise (each failed check is printed).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
N_FEEDS = 20
RULE_WORD = "高铁"
SECRET = "crash-run-key"


def _feeds(n_items: int) -> dict[str, list]:  # type: ignore[type-arg]
    sys.path.insert(0, str(HERE.parent))
    from bench_monitor import _items

    return _items(N_FEEDS, n_items // N_FEEDS)


def child(store_url: str, base_url: str, secret_file: str) -> None:
    """One life of the ingester: passes until nothing is due or pending (idempotent)."""
    from sqlalchemy import func, select

    from metroscope.monitor import Monitor, add_rule, add_source, open_store
    from metroscope.monitor.alerts import add_channel, deliver_pending
    from metroscope.monitor.config import get_config
    from metroscope.monitor.store import Channel, Delivery, Rule, Source

    store = open_store(store_url)
    with store.session() as s:
        have = set(s.scalars(select(Source.name)))
        has_rule = s.scalar(select(Rule.id)) is not None
        has_channel = s.scalar(select(Channel.id)) is not None
    for i in range(N_FEEDS):
        name = f"bench-{i:03d}"
        if name not in have:
            add_source(store, name, f"{base_url}/feeds/{name}.xml", tags=["data_release"])
    if not has_channel:
        with store.session() as s, s.begin():
            add_channel(s, "hook", f"{base_url}/webhook", kind="webhook",
                        secret=f"file:{secret_file}")
    if not has_rule:
        add_rule(store, {"name": "hsr", "kind": "keyword", "keywords": [RULE_WORD],
                         "channels": ["hook"]})
    cfg = get_config(allow_private_hosts=("127.0.0.1",), host_min_interval_s=0.0,
                     host_concurrency=4, workers=4)
    mon = Monitor(store, config=cfg, compute_effects=False)

    def progress(done: int, total: int, name: str) -> None:
        print(f"ingested {name} ({done}/{total})", flush=True)

    while mon.due_sources():
        mon.run_once(deliver=False, progress=progress)
    print("delivering", flush=True)
    while True:
        rep = deliver_pending(store, config=cfg, limit=100)
        with store.session() as s:
            pending = s.scalar(select(func.count()).select_from(Delivery)
                               .where(Delivery.state == "pending"))
        if not pending:
            break
        if not rep.sent:
            time.sleep(0.2)
    mon.close()
    print("done", flush=True)


def _check(store_url: str, db_path: Path, feeds: dict[str, list],  # type: ignore[type-arg]
           events: dict[str, dict], duplicates: int, bad_signatures: int) -> list[str]:
    import sqlalchemy as sa

    from metroscope.monitor import open_store
    from metroscope.monitor.store import Alert, Delivery, Item, Source

    problems: list[str] = []
    expected = {(name, it.key) for name, items in feeds.items() for it in items}
    expected_alerts = sum(RULE_WORD in f"{it.title}\n{it.raw_text}"
                          for items in feeds.values() for it in items)
    store = open_store(store_url)
    with store.session() as s:
        rows = s.execute(sa.select(Source.name, Item.key, Item.version, Item.latest)
                         .join(Source, Source.id == Item.source_id)).all()
        alerts = s.execute(sa.select(Alert.id, Alert.idempotency_key, Alert.item_id)).all()
        deliveries = s.execute(sa.select(Delivery.alert_id, Delivery.state)).all()
        sources = s.execute(sa.select(Source.name, Source.state, Source.etag)).all()
        item_ids = set(s.scalars(sa.select(Item.id)))
    stored = [(r[0], r[1]) for r in rows]
    lost, extra = expected - set(stored), set(stored) - expected
    dup = len(stored) - len(set(stored))
    print(f"items: {len(stored):,} stored, {len(expected):,} served, {len(lost)} lost, "
          f"{dup} duplicated, {len(extra)} unexpected")
    if lost or dup or extra:
        problems.append(f"items: {len(lost)} lost, {dup} duplicated, {len(extra)} unexpected")
    if any(r[2] != 1 or not r[3] for r in rows):
        problems.append("items: some are not version 1 / latest (a phantom edit)")
    keys = [a[1] for a in alerts]
    print(f"alerts: {len(alerts):,} (expected {expected_alerts:,} items containing "
          f"{RULE_WORD}), {len(keys) - len(set(keys))} duplicate keys")
    if len(alerts) != expected_alerts or len(set(keys)) != len(keys):
        problems.append(f"alerts: {len(alerts)} for {expected_alerts} expected")
    if any(a[2] not in item_ids for a in alerts):
        problems.append("alerts: some point to no item")
    per_alert: dict[int, list[str]] = {}
    for aid, state in deliveries:
        per_alert.setdefault(aid, []).append(state)
    not_sent = sum(states != ["sent"] for states in per_alert.values())
    print(f"deliveries: {len(deliveries):,}, {not_sent} alerts without exactly one sent "
          "delivery")
    if len(per_alert) != len(alerts) or not_sent:
        problems.append(f"deliveries: {not_sent} alerts not sent exactly once in the store")
    missing = set(keys) - set(events)
    print(f"receiver: {len(events):,} distinct events, {duplicates} repeats dropped by id, "
          f"{bad_signatures} bad signatures, {len(missing)} alerts never received")
    if missing or set(events) - set(keys) or bad_signatures:
        problems.append(f"receiver: {len(missing)} missing, {bad_signatures} bad signatures")
    bad_sources = [n for n, state, etag in sources if state != "ok" or not etag]
    if bad_sources:
        problems.append(f"sources not ok or without ETag: {bad_sources}")
    store.close()
    con = sqlite3.connect(db_path)
    try:
        integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
        for fts in ("items_fts_tri", "items_fts_tok"):
            con.execute(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")
        fts_ok = "ok"
    except sqlite3.DatabaseError as exc:
        integrity, fts_ok = locals().get("integrity", "?"), f"failed: {exc}"
    finally:
        con.close()
    print(f"SQLite integrity_check: {integrity}; FTS5 integrity-check: {fts_ok}")
    if integrity != "ok" or fts_ok != "ok":
        problems.append(f"database: integrity {integrity}, FTS {fts_ok}")
    return problems


def main() -> int:
    """Run the crash run; exit status 0 when every check passes."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=10_000)
    ap.add_argument("--kills", type=int, default=4, help="SIGKILLs (the last during delivery)")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--child", nargs=3, metavar=("STORE_URL", "BASE_URL", "SECRET_FILE"),
                    help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return 0
    sys.path.insert(0, str(HERE.parent))
    from bench_monitor import feed_xml
    from metroscope.monitor._fixture_server import FixtureServer

    rng = random.Random(args.seed)
    folder = Path(tempfile.mkdtemp(prefix="monitor-crash-"))
    db_path = folder / "monitor.sqlite"
    store_url = f"sqlite:///{db_path}"
    secret_file = folder / "hook.key"
    secret_file.write_text(SECRET, encoding="utf-8")
    feeds = _feeds(args.items)
    t0 = time.perf_counter()
    kills: list[str] = []
    with FixtureServer(webhook_secret=SECRET) as srv:
        for name, items in feeds.items():
            srv.put(f"/feeds/{name}.xml", feed_xml(name, items))
        cmd = [sys.executable, str(HERE), "--child", store_url, srv.base_url,
               str(secret_file)]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        lives = 0
        while True:
            lives += 1
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    env=env, text=True)
            assert proc.stdout is not None
            ingest_kill = len(kills) < args.kills - 1
            deliver_kill = len(kills) == args.kills - 1
            # kill after a random number of committed sources (ingest) or a random moment
            # after delivery started
            target = rng.randint(1, 6) if ingest_kill else None
            seen, killed = 0, False
            for line in proc.stdout:
                if line.startswith("ingested"):
                    seen += 1
                    if target is not None and seen >= target:
                        time.sleep(rng.uniform(0.0, 0.8))  # mid-transaction or between
                        proc.send_signal(signal.SIGKILL)
                        kills.append("ingest")
                        killed = True
                        break
                elif line.startswith("delivering") and deliver_kill:
                    time.sleep(rng.uniform(0.3, 1.5))
                    proc.send_signal(signal.SIGKILL)
                    kills.append("delivery")
                    killed = True
                    break
            _, err = proc.communicate(timeout=900)
            if killed:
                print(f"life {lives}: SIGKILL during {kills[-1]}", flush=True)
                continue
            if proc.returncode != 0:
                print(f"child failed (exit {proc.returncode}):\n{err[-3000:]}")
                return 1
            print(f"life {lives}: completed", flush=True)
            break
        events = dict(srv.webhooks.events)
        duplicates, bad = srv.webhooks.duplicates, srv.webhooks.bad_signatures
    dt = time.perf_counter() - t0
    print(f"{args.items:,} items, {len(kills)} SIGKILLs ({', '.join(kills)}), {lives} lives, "
          f"{dt:.1f} s")
    problems = _check(store_url, db_path, feeds, events, duplicates, bad)
    for p in problems:
        print(f"FAILED: {p}")
    print("crash run: OK" if not problems else "crash run: FAILED")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
