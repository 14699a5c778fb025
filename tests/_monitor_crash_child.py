"""Child process of the crash-safety test: ingest made-up items source by source, deliver.

Usage: python _monitor_crash_child.py STORE_URL WEBHOOK_URL SECRET_FILE N_SOURCES PER_SOURCE
Idempotent: run it again after a kill and it completes what is missing.
"""

from __future__ import annotations

import sys

from metroscope.monitor import Monitor, add_rule, add_source, deliver_pending, open_store
from metroscope.monitor.alerts import add_channel
from metroscope.monitor.config import get_config
from metroscope.monitor.sources import make_item


def main() -> None:
    url, hook, secret_file, n_sources, per = sys.argv[1:6]
    store = open_store(url)
    names = [f"s{i:03d}" for i in range(int(n_sources))]
    with store.session() as s:
        from sqlalchemy import select

        from metroscope.monitor.store import Channel, Rule, Source
        have = set(s.scalars(select(Source.name)))
        rule = s.scalar(select(Rule.id))
        channel = s.scalar(select(Channel.id))
    for n in names:
        if n not in have:
            add_source(store, n, f"https://feeds.example/{n}")
    if channel is None:
        with store.session() as s, s.begin():
            add_channel(s, "hook", hook, kind="webhook", secret=f"file:{secret_file}")
    if rule is None:
        add_rule(store, {"name": "all", "kind": "keyword", "keywords": ["条目"],
                         "channels": ["hook"]})
    cfg = get_config(allow_private_hosts=("127.0.0.1",), host_min_interval_s=0)
    mon = Monitor(store, config=cfg)
    for n in names:
        items = [make_item(title=f"{n} 条目 {j}", link=f"https://feeds.example/{n}/{j}",
                           published="2026-03-01", text="长春 高铁") for j in range(int(per))]
        mon.ingest(n, items)
        print(f"ingested {n}", flush=True)  # progress: the parent kills between such lines
    while deliver_pending(store, config=cfg, limit=200).sent:
        print("delivered a batch", flush=True)
    print("done", flush=True)


if __name__ == "__main__":
    main()
