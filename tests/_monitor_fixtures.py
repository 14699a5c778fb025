"""Shared fixtures of the monitor tests: stores on SQLite and PostgreSQL, fake DNS, fixtures.

PostgreSQL: ``METROSCOPE_TEST_POSTGRES_URL`` if set; otherwise a throw-away cluster is started
with the system's ``initdb``/``pg_ctl`` (as the ``postgres`` user when running as root),
listening on 127.0.0.1 only. Without a server the PostgreSQL cases are skipped with the reason
locally, and fail in CI (``CI`` set): CI must test both databases.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from metroscope.monitor.config import MonitorConfig, get_config
from metroscope.monitor.fetch import Fetcher
from metroscope.monitor.store import Store, open_store

PUBLIC_IP = "93.184.216.34"  # documentation-style public address; never dialled in tests


def fake_resolver(mapping: dict[str, list[str]] | None = None) -> Callable[[str, int], list[str]]:
    """A resolver from a dict; unknown hosts resolve to a public address (never dialled)."""
    mapping = mapping or {}

    def resolve(host: str, port: int) -> list[str]:
        return mapping.get(host, [PUBLIC_IP])

    return resolve


def mock_fetcher(handler: Callable[[httpx.Request], httpx.Response], *,
                 resolver: Callable[[str, int], list[str]] | None = None,
                 config: MonitorConfig | None = None) -> Fetcher:
    """A fetcher whose requests go to ``handler`` (no socket); the SSRF gate still runs."""
    return Fetcher(config or get_config(host_min_interval_s=0.0),
                   transport=httpx.MockTransport(handler), resolver=resolver or fake_resolver())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


@contextlib.contextmanager
def _temp_cluster() -> Iterator[str]:
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        msg = "PostgreSQL binaries (initdb, pg_ctl) not found: apt-get install postgresql"
        raise RuntimeError(msg)
    root = os.geteuid() == 0
    folder = Path(tempfile.mkdtemp(prefix="metroscope-pg-"))
    prefix: list[str] = []
    if root:
        shutil.chown(folder, "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    data, port = folder / "data", _free_port()
    subprocess.run([*prefix, initdb, "-D", str(data), "-A", "trust", "-U", "postgres",
                    "--no-sync", "-E", "UTF8"], check=True, capture_output=True)
    subprocess.run([*prefix, pg_ctl, "-D", str(data), "-l", str(folder / "log"), "-w",
                    "-o", f"-h 127.0.0.1 -p {port} -k {folder} -F", "start"],
                   check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*prefix, pg_ctl, "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, check=False)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server on 127.0.0.1 (see the module doc)."""
    url = os.environ.get("METROSCOPE_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    try:
        with _temp_cluster() as started:
            yield started
    except (RuntimeError, OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        reason = f"no PostgreSQL server available locally: {exc} {detail.decode(errors='replace')}"
        if os.environ.get("CI"):
            pytest.fail(reason + " (CI must run the PostgreSQL cases)")
        pytest.skip(reason)


def _fresh_pg_database(server: str) -> str:
    import sqlalchemy as sa

    name = "m_" + uuid.uuid4().hex[:12]
    engine = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    return server.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh store on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'monitor.sqlite'}"
    else:
        url = _fresh_pg_database(request.getfixturevalue("postgres_server"))
    st = open_store(url)
    yield st
    st.close()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    """A fresh SQLite store (for tests of SQLite-only behaviour such as FTS5)."""
    st = open_store(f"sqlite:///{tmp_path / 'monitor.sqlite'}")
    yield st
    st.close()


@pytest.fixture(scope="session")
def changchun():  # type: ignore[no-untyped-def]
    """The embedded region (loaded once)."""
    import metroscope

    return metroscope.load("changchun")


RSS_TEMPLATE = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>test feed (made up)</title>{items}</channel></rss>"""


def rss(*items: dict[str, str]) -> bytes:
    """An RSS 2.0 document of ``items`` (keys: title, link, guid, pubDate, pubTime, description)."""
    parts = []
    for it in items:
        fields = "".join(f"<{k}>{v}</{k}>" for k, v in it.items())
        parts.append(f"<item>{fields}</item>")
    return RSS_TEMPLATE.format(items="".join(parts)).encode("utf-8")
