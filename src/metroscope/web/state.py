"""What the app keeps between requests: the regions it serves and a cache of results.

Regions are opened once (:func:`metroscope.datasets.open_region`) and fingerprinted by a
content hash of their tables. Analysis results are pure functions of (region content, call,
parameters), so they are cached under a SHA-256 of exactly that; the same digest is the
ETag of the HTTP answer.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._errors import UnknownRegionError, shorten
from ..messages import Message
from .config import WebConfig

if TYPE_CHECKING:
    from ..monitor import Fetcher, Store, Tagger
    from ..monitor._fixture_server import FixtureServer
    from ..region import Region
    from .respcache import ResponseCacheMiddleware


def region_digest(region: Region) -> str:
    """SHA-256 over the content of every table of ``region`` (geometry as WKB)."""
    import pandas as pd

    h = hashlib.sha256(region.name.encode())
    for name in ("units", "stats", "nodes", "links", "access", "projects"):
        df = pd.DataFrame(getattr(region, name))
        h.update(name.encode())
        if "geometry" in df.columns:
            geoms = getattr(region, name).geometry
            h.update(b"".join(g.wkb if g is not None else b"-" for g in geoms))
            df = df.drop(columns=["geometry"])
        h.update(",".join(map(str, df.columns)).encode())
        if len(df):
            h.update(pd.util.hash_pandas_object(df.astype(str), index=True).to_numpy().tobytes())
    return h.hexdigest()


class ResultCache:
    """A thread-safe LRU cache of computed results; one computation per key at a time."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._items: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._key_locks: dict[str, threading.Lock] = {}
        self.hits = 0
        self.misses = 0

    def get_or_compute(self, key: str, compute: Callable[[], Any]) -> Any:
        """The cached value of ``key``, computing (once) and storing it when absent."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key]
            lock = self._key_locks.setdefault(key, threading.Lock())
        with lock:
            with self._lock:
                if key in self._items:
                    self.hits += 1
                    return self._items[key]
            value = compute()
            with self._lock:
                self.misses += 1
                self._items[key] = value
                while len(self._items) > self.max_entries:
                    self._items.popitem(last=False)
                self._key_locks.pop(key, None)
            return value


def _folder_version(folder: Path, *, stat: bool) -> tuple[tuple[str, int, int, int], ...]:
    """Names (and with ``stat`` sizes, modification times and inodes) of ``folder``'s
    entries, sorted; empty when it does not exist."""
    try:
        with os.scandir(folder) as it:
            entries = list(it)
    except OSError:
        return ()
    out = []
    for e in entries:
        if stat:
            try:
                st = e.stat()
            except OSError:
                continue
            out.append((e.name, st.st_size, st.st_mtime_ns, st.st_ino))
        else:
            out.append((e.name, 0, 0, 0))
    return tuple(sorted(out))


def seed_demo(config: WebConfig, server: FixtureServer) -> str:
    """Run the monitor's offline demo into a fresh ``config.demo_dir`` (as ``metroscope
    monitor demo`` does) with its sources on ``server`` (kept running by the caller, so that
    "check now" reaches them later) and return its database URL."""
    from ..monitor.demo import run_demo

    folder = config.demo_dir
    for name in ("monitor.sqlite", "monitor.sqlite-wal", "monitor.sqlite-shm"):
        (folder / name).unlink(missing_ok=True)
    # the fixtures are about the embedded Changchun area
    run_demo(workdir=folder, server=server)
    return f"sqlite:///{folder / 'monitor.sqlite'}"


def call_key(*parts: Any) -> str:
    """SHA-256 of the JSON of ``parts`` (sorted keys): a cache key and ETag seed."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


class AppState:
    """The regions served and the result cache (one per app)."""

    def __init__(self, config: WebConfig, *,
                 monitor_fetcher: Callable[[], Fetcher] | None = None) -> None:
        self.config = config
        self.cache = ResultCache(config.cache_entries)
        self._regions: dict[str, tuple[Region, str]] = {}
        self._lock = threading.Lock()
        self._store: Store | None = None
        self._tagger: Tagger | None = None
        self._monitor_url = config.monitor_url
        self._monitor_file: tuple[str] | None = None
        self._watch: tuple[tuple[int, int], sqlite3.Connection] | None = None
        self._watch_lock = threading.Lock()
        #: The answer cache in front of the app (set by it; tests read its counters).
        self.answer_cache: ResponseCacheMiddleware | None = None
        #: Builds the HTTP fetcher of "check now" (tests inject one with a mock transport).
        self.monitor_fetcher = monitor_fetcher
        #: The demo's fixture server on 127.0.0.1 (``serve --demo``), running until close().
        self.demo_server: FixtureServer | None = None
        if config.demo:
            self._start_demo()

    def _start_demo(self) -> None:
        from ..monitor._fixture_server import FixtureServer
        from ..monitor.demo import demo_config
        from ..monitor.fetch import Fetcher

        server = FixtureServer().__enter__()
        try:
            self._monitor_url = seed_demo(self.config, server)
        except BaseException:
            server.__exit__(None, None, None)
            raise
        self.demo_server = server
        if self.monitor_fetcher is None:
            demo = demo_config(server, self._monitor_url)
            self.monitor_fetcher = lambda: Fetcher(demo)

    def monitor_version(self) -> tuple[int, int, int] | None:
        """(device, inode, ``PRAGMA data_version``) of the monitor's SQLite file: changes with
        every commit of any other connection or process, or when the file is replaced.
        ``None`` when the database is not a SQLite file or cannot be read (then nothing that
        shows monitor data is kept by the answer cache)."""
        path = self._monitor_path()
        if path is None:
            return None
        try:
            st = os.stat(path)
            with self._watch_lock:
                if self._watch is None or self._watch[0] != (st.st_dev, st.st_ino):
                    if self._watch is not None:
                        self._watch[1].close()
                    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro",
                                           uri=True, check_same_thread=False)
                    self._watch = ((st.st_dev, st.st_ino), conn)
                version = int(self._watch[1].execute("PRAGMA data_version").fetchone()[0])
        except (OSError, sqlite3.Error):
            return None
        return (st.st_dev, st.st_ino, version)

    def _monitor_path(self) -> str | None:
        if self._monitor_file is None:
            from sqlalchemy.engine import make_url
            from sqlalchemy.exc import ArgumentError

            try:
                url = make_url(self._monitor_url)
            except ArgumentError:
                url = None
            db = url.database if url is not None and url.get_backend_name() == "sqlite" else None
            self._monitor_file = ("",) if not db or db == ":memory:" or db.startswith(
                "file:") else (str(Path(db).expanduser()),)
        return self._monitor_file[0] or None

    def saved_scenarios_version(self) -> tuple[tuple[str, int, int, int], ...]:
        """(name, size, modification time in ns, inode) of every file in the saved scenarios
        folder: changes when one is saved, replaced or edited."""
        return _folder_version(self.config.scenarios_dir, stat=True)

    def bundles_version(self) -> tuple[tuple[str, int, int, int], ...]:
        """The names in the uploaded bundles folder."""
        from .uploads import bundles_dir

        return _folder_version(bundles_dir(self.config.data_dir), stat=False)

    @property
    def monitor_url(self) -> str:
        """The URL of the monitor database served."""
        return self._monitor_url

    def store(self) -> Store:
        """The monitor store, opened (and migrated) on first use.

        Raises
        ------
        StoreError
            When the database cannot be opened or migrated.
        """
        with self._lock:
            if self._store is None:
                from ..monitor import open_store

                self._store = open_store(self._monitor_url)
            return self._store

    def tagger(self) -> Tagger:
        """The monitor's tokenizer for searches (jieba with the shipped dictionary), built
        once."""
        with self._lock:
            if self._tagger is None:
                from ..monitor import Tagger

                self._tagger = Tagger()
            return self._tagger

    def close(self) -> None:
        """Release the monitor store's connections."""
        with self._watch_lock:
            if self._watch is not None:
                self._watch[1].close()
                self._watch = None
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None
            if self.demo_server is not None:
                self.demo_server.__exit__(None, None, None)
                self.demo_server = None

    def region_names(self) -> list[str]:
        """The configured region first, then the other embedded datasets, then the bundles
        uploaded to this server."""
        from ..datasets import list_datasets
        from .uploads import uploaded_names

        names = [self.config.region]
        names += [n for n in list_datasets() if n not in names]
        names += [n for n in uploaded_names(self.config.data_dir) if n not in names]
        return names

    def _open(self, name: str) -> tuple[Region, str]:
        with self._lock:
            if name in self._regions:
                return self._regions[name]
        if name not in self.region_names():
            msg = Message("err_web_unknown_region", got=shorten(name),
                          served=list(self.region_names()))
            raise UnknownRegionError(msg)
        from ..datasets import list_datasets, open_region
        from .uploads import bundles_dir

        uploaded = bundles_dir(self.config.data_dir) / name
        if name != self.config.region and name not in list_datasets() and uploaded.is_dir():
            region = open_region(str(uploaded))
        else:
            region = open_region(name)
        entry = (region, region_digest(region))
        with self._lock:
            self._regions.setdefault(name, entry)
            return self._regions[name]

    def region(self, name: str | None = None) -> Region:
        """The region ``name`` (default the configured one), opened once."""
        return self._open(name or self.config.region)[0]

    def digest(self, name: str | None = None) -> str:
        """Content hash of the region ``name``."""
        return self._open(name or self.config.region)[1]

    def cached(self, region: str | None, what: str, params: dict[str, Any],
               compute: Callable[[], Any]) -> Any:
        """``compute()`` cached under (region content, ``what``, ``params``)."""
        key = call_key(self.digest(region), what, params)
        return self.cache.get_or_compute(key, compute)
