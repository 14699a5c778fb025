"""The ``Examples`` sections of the public API run as doctests and print what they show.

Every module that defines a public function (the set :mod:`tests.test_docstrings` checks) is run
through :mod:`doctest`. The examples share one namespace, loaded once per session, so that they
stay fast and short:

* ``metroscope``, ``np`` (NumPy) and ``pd`` (pandas) are imported;
* ``region`` is ``metroscope.load("changchun")`` (the embedded default);
* ``china`` is ``metroscope.load("china")`` (the embedded national dataset);
* ``tmp_path`` is an empty writable folder (a :class:`pathlib.Path`, one per module) for the
  examples that write or read files.

The examples of :mod:`metroscope.monitor` also have the monitor's set-up ready, so that each one
shows only the call it documents (built afresh for every docstring that names them, and closed
after it; nothing leaves the machine):

* ``now`` is 2025-06-02 12:00 UTC (a :class:`datetime.datetime`);
* ``feed`` is an RSS document (bytes) with one item, ``长四辽通高铁正式开工建设``
  (https://example.org/a, published 2025-06-02 08:00 +08:00);
* ``empty_store`` is a new SQLite store (schema at head, no rows);
* ``monitor_store`` is a new SQLite store with the region's projects seeded, one feed source
  ``ndrc`` (https://example.org/feed.xml) and one keyword rule ``hsr`` (``高铁``);
* ``fetcher`` is a :class:`~metroscope.monitor.fetch.Fetcher` whose resolver answers
  93.184.216.34 for every host and whose transport (``httpx.MockTransport``) answers every
  request with 200 and ``feed``;
* ``monitor`` is ``Monitor(monitor_store, region=region, fetcher=fetcher,
  compute_effects=False)``.

Output is compared with ``ELLIPSIS`` and ``NORMALIZE_WHITESPACE``; warnings are errors (the
project's pytest ``filterwarnings``), so an example that emits a NumPy warning fails.
"""

from __future__ import annotations

import datetime as dt
import doctest
import importlib
import re
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import metroscope
from test_docstrings import public_functions

MODULES = sorted({getattr(f, "__module__", "") for f in public_functions().values()})
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

FEED = ('<rss version="2.0"><channel><title>t</title><item><title>长四辽通高铁正式开工建设</title>'
        '<link>https://example.org/a</link><pubDate>Mon, 02 Jun 2025 08:00:00 +0800</pubDate>'
        '</item></channel></rss>').encode()


@pytest.fixture(scope="session")
def namespace() -> dict[str, Any]:
    """The names every example may use without importing or loading them."""
    return {"metroscope": metroscope, "np": np, "pd": pd,
            "region": metroscope.load("changchun"), "china": metroscope.load("china")}


def _monitor_names(region: Any, folder: Path, stack: ExitStack,
                   ) -> dict[str, Callable[[dict[str, Any]], Any]]:
    """Builders of the monitor's ready-made objects; each gets the names built so far."""
    import httpx

    from metroscope.monitor.fetch import Fetcher
    from metroscope.monitor.pipeline import Monitor
    from metroscope.monitor.store import open_store
    from metroscope.monitor.watchlist import add_rule, add_source, seed_projects

    def store(name: str) -> Any:
        opened = open_store(f"sqlite:///{folder / name}")
        stack.callback(opened.close)
        return opened

    def monitor_store(_: dict[str, Any]) -> Any:
        opened = store("monitor.sqlite")
        seed_projects(opened, region)
        add_source(opened, "ndrc", "https://example.org/feed.xml")
        add_rule(opened, {"name": "hsr", "kind": "keyword", "keywords": ["高铁"]})
        return opened

    def fetcher(_: dict[str, Any]) -> Any:
        server = httpx.MockTransport(lambda request: httpx.Response(200, content=FEED))
        made = Fetcher(resolver=lambda host, port: ["93.184.216.34"], transport=server)
        stack.callback(made.close)
        return made

    def monitor(built: dict[str, Any]) -> Any:
        made = Monitor(built["monitor_store"], region=region, fetcher=built["fetcher"],
                       compute_effects=False)
        stack.callback(made.close)
        return made

    # in dependency order: ``monitor`` uses ``monitor_store`` and ``fetcher``
    return {"empty_store": lambda _: store("empty.sqlite"), "monitor_store": monitor_store,
            "fetcher": fetcher, "monitor": monitor}


MONITOR_NAMES = ("empty_store", "monitor_store", "fetcher", "monitor")
_NEEDS = {"monitor": ("monitor_store", "fetcher")}


def _names_used(test: doctest.DocTest) -> set[str]:
    source = "\n".join(example.source for example in test.examples)
    used = {n for n in MONITOR_NAMES if re.search(rf"(?<![\w.]){n}\b", source)}
    for name in list(used):
        used.update(_NEEDS.get(name, ()))
    return used


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str, namespace: dict[str, Any], tmp_path: Path,
                            tmp_path_factory: pytest.TempPathFactory) -> None:
    module = importlib.import_module(name)
    globs = {**namespace, "tmp_path": tmp_path}
    monitor = name.startswith("metroscope.monitor")
    if monitor:
        globs |= {"now": dt.datetime(2025, 6, 2, 12, 0, tzinfo=dt.UTC), "feed": FEED}
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for test in finder.find(module, name, extraglobs=globs):
        with ExitStack() as stack:
            used = _names_used(test) if monitor else set()
            if used:
                builders = _monitor_names(namespace["region"],
                                          tmp_path_factory.mktemp("monitor"), stack)
                built: dict[str, Any] = {}
                for key, build in builders.items():
                    if key in used:
                        built[key] = build(built)
                test.globs.update(built)
            runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} example(s) of {name} failed (see the output above)"
    assert result.attempted > 0, f"{name} has no runnable example"
