"""The monitor: ingest + tag 10,000 items on SQLite, and one `once` pass over 200 local sources.

Targets (issue #12): ingest + tag 10,000 items under 10 s on SQLite; one pass over 200 sources
on the local fixture server with per-host limits. Everything runs on 127.0.0.1; the items are
made up (templates with the region's unit and project names), not news.

    python benchmarks/bench_monitor.py [N_ITEMS] [--profile]

Wall time depends on the machine's load (it is shared); CPU time of this process is printed
beside it. ``--profile`` runs the feed ingest under cProfile and prints the top functions.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path


def _items(n_sources: int, per_source: int) -> dict[str, list]:  # type: ignore[type-arg]
    from metroscope.monitor.sources import make_item

    places = ["长春", "四平", "辽源", "梅河口", "通化", "吉林", "公主岭", "德惠"]
    topics = ["长四辽通高铁建设推进", "新能源汽车产业集群", "光电信息产业", "综合保税区进出口",
              "都市圈同城化", "居民消费价格统计", "高速公路改扩建", "医药健康项目签约"]
    out = {}
    for s in range(n_sources):
        name = f"bench-{s:03d}"
        out[name] = [make_item(title=f"{places[j % 8]}{topics[(j + s) % 8]}（基准测试 {s}-{j}）",
                               link=f"https://bench.example/{name}/{j}",
                               published=f"2026-{1 + j % 12:02d}-{1 + j % 28:02d} 09:30",
                               text=f"{places[(j + 3) % 8]}市{topics[j % 8]}，"
                                    f"推动{places[(j + 5) % 8]}协同发展。")
                     for j in range(per_source)]
    return out


def bench_ingest(n_items: int) -> None:
    """Ingest + tag ``n_items`` (20 sources) into a fresh SQLite store with the region."""
    import metroscope
    from metroscope.monitor import Monitor, add_rule, add_source, init_monitor, open_store

    region = metroscope.load("changchun")
    folder = Path(tempfile.mkdtemp(prefix="bench-monitor-"))
    store = open_store(f"sqlite:///{folder / 'm.sqlite'}")
    init_monitor(store, region, watchlist=None)
    add_rule(store, {"name": "hsr", "kind": "keyword", "keywords": ["高铁"]})
    per = n_items // 20
    batches = _items(20, per)
    for name in batches:
        add_source(store, name, f"https://bench.example/{name}")
    mon = Monitor(store, region=region, compute_effects=False)
    mon.tagger.tag("warm up the tokenizer")
    t0, c0 = time.perf_counter(), time.process_time()
    total = 0
    for name, items in batches.items():
        total += mon.ingest(name, items).new_items
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"ingest + tag {total:,} items on SQLite: {dt:.2f} s wall, {cpu:.2f} s CPU "
          f"({total / dt:,.0f} items/s; target < 10 s for 10,000: "
          f"{'OK' if dt * 10_000 / max(total, 1) < 10 else 'TOO SLOW'})")
    t0 = time.perf_counter()
    again = sum(mon.ingest(name, items).new_items for name, items in batches.items())
    print(f"re-ingest (all known): {time.perf_counter() - t0:.2f} s, {again} new")


def bench_once(n_sources: int = 200, per_source: int = 20) -> None:
    """One pass over ``n_sources`` feeds served from 127.0.0.1 (one host: per-host limits)."""
    from metroscope.monitor import Monitor, add_source, open_store
    from metroscope.monitor._fixture_server import FixtureServer
    from metroscope.monitor.config import get_config

    folder = Path(tempfile.mkdtemp(prefix="bench-monitor-"))
    store = open_store(f"sqlite:///{folder / 'm.sqlite'}")
    with FixtureServer() as srv:
        for s in range(n_sources):
            entries = "".join(
                f"<item><title>来源{s} 条目{j}（基准测试）</title>"
                f"<link>https://bench.example/{s}/{j}</link>"
                f"<pubDate>Mon, 02 Mar 2026 0{j % 10}:00:00 +0800</pubDate></item>"
                for j in range(per_source))
            srv.put(f"/feeds/{s}.xml", f'<?xml version="1.0"?><rss version="2.0"><channel>'
                                      f"<title>bench {s}</title>{entries}</channel></rss>")
            add_source(store, f"src-{s:03d}", f"{srv.base_url}/feeds/{s}.xml")
        for conc, interval in ((4, 0.0), (1, 0.01)):
            cfg = get_config(allow_private_hosts=("127.0.0.1",), host_concurrency=conc,
                             host_min_interval_s=interval, workers=4)
            mon = Monitor(store, config=cfg)
            t0 = time.perf_counter()
            rep = mon.run_once(force=True)
            dt = time.perf_counter() - t0
            mon.close()
            print(f"once over {n_sources} sources on 127.0.0.1 (per-host concurrency {conc}, "
                  f"min interval {interval:g} s): {dt:.2f} s, {rep.new_items:,} new items, "
                  f"{sum(o.status == 'not_modified' for o in rep.outcomes)} not modified")


def feed_xml(name: str, items: list) -> bytes:  # type: ignore[type-arg]
    """An RSS 2.0 feed of made-up items (as a statistics-bureau-style feed: no guid)."""
    from xml.sax.saxutils import escape

    entries = "".join(
        f"<item><title>{escape(it.title)}</title><link>{escape(it.link)}</link>"
        f"<pubDate>{it.published_at:%a, %d %b %Y %H:%M:%S %z}</pubDate>"
        f"<description>{escape(it.raw_text)}</description></item>" for it in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{name}</title>{entries}</channel></rss>").encode()


def bench_feed_ingest(n_items: int, *, profile: bool = False) -> None:
    """Fetch, parse, tag and store ``n_items`` served as 20 RSS feeds from 127.0.0.1."""
    import cProfile
    import pstats

    import metroscope
    from metroscope.monitor import Monitor, add_rule, add_source, init_monitor, open_store
    from metroscope.monitor._fixture_server import FixtureServer
    from metroscope.monitor.config import get_config

    region = metroscope.load("changchun")
    folder = Path(tempfile.mkdtemp(prefix="bench-monitor-"))
    store = open_store(f"sqlite:///{folder / 'm.sqlite'}")
    init_monitor(store, region, watchlist=None)
    add_rule(store, {"name": "hsr", "kind": "keyword", "keywords": ["高铁"]})
    batches = _items(20, n_items // 20)
    with FixtureServer() as srv:
        for name, items in batches.items():
            srv.put(f"/feeds/{name}.xml", feed_xml(name, items))
            add_source(store, name, f"{srv.base_url}/feeds/{name}.xml")
        cfg = get_config(allow_private_hosts=("127.0.0.1",), host_concurrency=4,
                         host_min_interval_s=0.0, workers=4)
        mon = Monitor(store, region=region, config=cfg, compute_effects=False)
        mon.tagger.tag("warm up the tokenizer")
        prof = cProfile.Profile() if profile else None
        t0, c0 = time.perf_counter(), time.process_time()
        if prof is not None:
            prof.enable()
        rep = mon.run_once(force=True, deliver=False)
        if prof is not None:
            prof.disable()
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
        mon.close()
    print(f"fetch + parse + tag + store {rep.new_items:,} items from 20 feeds on 127.0.0.1: "
          f"{dt:.2f} s wall, {cpu:.2f} s CPU ({rep.alerts:,} alerts queued)")
    if prof is not None:
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)


def main() -> None:
    """Run the benchmarks."""
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 10_000
    bench_ingest(n)
    bench_feed_ingest(n, profile="--profile" in sys.argv)
    bench_once()


if __name__ == "__main__":
    main()
