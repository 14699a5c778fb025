"""The monitor store: migrations, models, times, URLs; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from _monitor_fixtures import postgres_server, sqlite_store, store  # noqa: F401
from metroscope.monitor.migrate import current_revision, head_revision
from metroscope.monitor.store import Base, Item, Source, Store, StoreError, open_store


def test_migrations_create_the_models_exactly(store: Store) -> None:
    assert current_revision(store.engine) == head_revision()
    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={
            "include_object": lambda o, name, type_, r, c: not (
                type_ == "table" and str(name).startswith("items_fts"))})
        diffs = compare_metadata(ctx, Base.metadata)
    assert diffs == []


def test_open_twice_is_a_no_op(store: Store) -> None:
    again = open_store(store.url)
    assert current_revision(again.engine) == head_revision()
    again.close()


def test_times_are_stored_utc_and_returned_aware(store: Store) -> None:
    beijing = dt.timezone(dt.timedelta(hours=8))
    when = dt.datetime(2026, 3, 2, 16, 0, tzinfo=beijing)
    with store.session() as s, s.begin():
        s.add(Source(name="s", kind="feed", url="https://example.org/feed", next_check_at=when))
    with store.session() as s:
        got = s.scalar(sa.select(Source.next_check_at))
    assert got is not None and got.tzinfo is not None
    assert got == when
    assert got.utcoffset() == dt.timedelta(0)
    assert got.hour == 8


def test_naive_times_are_refused(store: Store) -> None:
    with store.session() as s:
        s.add(Source(name="s", kind="feed", url="https://e.org/f",
                     next_check_at=dt.datetime(2026, 1, 1)))
        with pytest.raises(sa.exc.StatementError, match="naive datetime"):
            s.commit()


def test_item_versions_are_unique_per_content(store: Store) -> None:
    with store.session() as s, s.begin():
        src = Source(name="s", kind="feed", url="https://e.org/f")
        s.add(src)
        s.flush()
        s.add(Item(source_id=src.id, key="k", title="t", content_hash="h1"))
    with store.session() as s:
        sid = s.scalar(sa.select(Source.id))
        s.add(Item(source_id=sid, key="k", title="t", content_hash="h1"))
        with pytest.raises(sa.exc.IntegrityError):
            s.commit()


def test_bad_urls_give_clear_errors(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StoreError, match="Not a database URL"):
        open_store("not a url")
    bad = tmp_path / "not-a-db.sqlite"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="Cannot open or migrate"):
        open_store(f"sqlite:///{bad}")


def test_sqlite_pragmas(sqlite_store: Store) -> None:
    with sqlite_store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert int(conn.exec_driver_sql("PRAGMA busy_timeout").scalar() or 0) >= 5000
