"""The monitor's store: SQLAlchemy 2 models, and opening a database at the current migration.

SQLite by default (a file ``monitor.sqlite`` in the user's data folder, WAL journal, a busy
timeout and ``BEGIN IMMEDIATE`` so that there is one writer at a time), PostgreSQL by URL
(``postgresql+psycopg://...``). The schema is created and upgraded only by the Alembic
migrations in ``monitor/migrations`` (:func:`open_store` runs them); a test checks that the
models below and the migrations agree.

Times are stored in UTC and returned timezone-aware (:class:`UTCDateTime`).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from .._errors import MetroscopeError, ParameterError
from ..messages import Message
from .config import MonitorConfig, get_config

logger = logging.getLogger(__name__)

SOURCE_KINDS = ("feed", "rsshub", "page", "releases")
SOURCE_STATES = ("new", "ok", "failing", "paused")
PROJECT_STATUSES = ("proposed", "planned", "approved", "tendering", "under_construction",
                    "opened", "suspended", "cancelled")
DELIVERY_STATES = ("pending", "sent", "dead")


class StoreError(ValueError, MetroscopeError):
    """A store that cannot be opened or migrated (bad URL, unreachable server, bad file)."""


def utcnow() -> dt.datetime:
    """The current time, timezone-aware UTC.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> utcnow().tzinfo
    datetime.timezone.utc
    """
    return dt.datetime.now(dt.UTC)


class UTCDateTime(sa.types.TypeDecorator[dt.datetime]):
    """A timezone-aware datetime stored as UTC (naive UTC in SQLite, timestamptz elsewhere).

    Raises ``ValueError`` on a naive datetime: every time entering the store must be aware.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        """The value as written: UTC (naive UTC on SQLite, which has no time zones).

        Raises
        ------
        ParameterError
            (also a ``ValueError``) For a naive datetime: a time without a zone would be stored ambiguously.

        Examples
        --------
        >>> import datetime as dt
        >>> from sqlalchemy.dialects import sqlite
        >>> t = dt.datetime(2025, 6, 2, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
        >>> UTCDateTime().process_bind_param(t, sqlite.dialect())
        datetime.datetime(2025, 6, 2, 0, 0)
        """
        if value is None:
            return None
        if value.tzinfo is None:
            msg = f"naive datetime {value!r} given to the monitor store; attach a timezone"
            raise ParameterError(msg)
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None,
                             dialect: Any) -> dt.datetime | None:  # noqa: ARG002
        """The value as read: a timezone-aware UTC datetime (naive values are UTC).

        Raises
        ------
        Nothing.

        Examples
        --------
        >>> import datetime as dt
        >>> from sqlalchemy.dialects import sqlite
        >>> UTCDateTime().process_result_value(dt.datetime(2025, 6, 2, 0, 0), sqlite.dialect())
        datetime.datetime(2025, 6, 2, 0, 0, tzinfo=datetime.timezone.utc)
        """
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    """Declarative base of every monitor table."""


class Source(Base):
    """A watched feed, RSSHub route or page, with its schedule and health."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(10))  # SOURCE_KINDS
    url: Mapped[str] = mapped_column(sa.Text)  # feed/page URL, or the RSSHub route
    selectors: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON, nullable=True)
    language: Mapped[str | None] = mapped_column(sa.String(10), nullable=True)
    tags: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    interval_min: Mapped[float] = mapped_column(sa.Float, default=60.0)
    state: Mapped[str] = mapped_column(sa.String(10), default="new")  # SOURCE_STATES
    error_count: Mapped[int] = mapped_column(sa.Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    #: the last error as a catalogue message (``Message.to_json``), shown in the reader's
    #: language; None when the error had no message (or was recorded before revision 0003)
    last_error_message: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    last_checked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_success_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    next_check_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: first failure of the current streak (None while healthy)
    failing_since: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    etag: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    last_modified: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Item(Base):
    """One version of an item of a source.

    ``key`` is stable across edits (guid, else link, else a hash of title and date);
    ``content_hash`` changes when the title, link, date or text change, giving a new row with
    ``version`` + 1 (the old row's ``latest`` becomes false). ``tokens`` holds the jieba
    tokens of title and text, space-separated, for full-text search.
    """

    __tablename__ = "items"
    __table_args__ = (sa.UniqueConstraint("source_id", "key", "content_hash",
                                          name="uq_items_source_key_hash"),
                      sa.Index("ix_items_latest_published", "latest", "published_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(sa.ForeignKey("sources.id", ondelete="CASCADE"),
                                           index=True)
    key: Mapped[str] = mapped_column(sa.String(64))
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    latest: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    title: Mapped[str] = mapped_column(sa.Text)
    link: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    published_assumed_tz: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    raw_text: Mapped[str] = mapped_column(sa.Text, default="")
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    language: Mapped[str | None] = mapped_column(sa.String(10), nullable=True)
    tags: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    units: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    projects: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    tokens: Mapped[str] = mapped_column(sa.Text, default="")
    fetched_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Project(Base):
    """A project of the region (seeded from ``Region.projects``) and its current status."""

    __tablename__ = "projects"

    project_id: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    name_zh: Mapped[str] = mapped_column(sa.Text)
    name_en: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    kind: Mapped[str | None] = mapped_column(sa.String(40), nullable=True)
    status: Mapped[str] = mapped_column(sa.String(20))  # PROJECT_STATUSES
    aliases: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    codes: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    edits: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class StatusChange(Base):
    """One entry of a project's status history, with its evidence and confidence (0..1)."""

    __tablename__ = "project_status"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[str] = mapped_column(
        sa.ForeignKey("projects.project_id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(sa.String(20))
    previous: Mapped[str | None] = mapped_column(sa.String(20), nullable=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("items.id", ondelete="SET NULL"), nullable=True)
    evidence_link: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    evidence_text: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    confidence: Mapped[float] = mapped_column(sa.Float, default=1.0)
    origin: Mapped[str] = mapped_column(sa.String(20), default="item")  # dataset|item|manual
    applied: Mapped[bool] = mapped_column(sa.Boolean, default=True)


class Channel(Base):
    """Where alerts go: an Apprise URL or a signed JSON webhook.

    ``url`` may be literal or a reference ``env:NAME`` / ``file:/path`` resolved at delivery;
    ``secret`` (HMAC key of a webhook) is always a reference. Both are masked in output.
    """

    __tablename__ = "channels"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(10))  # apprise|webhook
    url: Mapped[str] = mapped_column(sa.Text)
    secret: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    enabled: Mapped[bool] = mapped_column(sa.Boolean, default=True)


class Rule(Base):
    """A rule: scope + condition (validated by :class:`metroscope.monitor.rules.RuleSpec`)."""

    __tablename__ = "rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100), unique=True)
    spec: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    enabled: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Alert(Base):
    """An alert in the outbox, written in the same transaction as what caused it.

    ``idempotency_key`` is unique: the same cause never makes two alerts, and receivers use
    it to drop a redelivery.
    """

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    rule_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("rules.id", ondelete="SET NULL"), nullable=True, index=True)
    rule_name: Mapped[str] = mapped_column(sa.String(100))
    kind: Mapped[str] = mapped_column(sa.String(20))
    item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("items.id", ondelete="SET NULL"), nullable=True)
    project_id: Mapped[str | None] = mapped_column(sa.String(100), nullable=True)
    title: Mapped[str] = mapped_column(sa.Text)
    body: Mapped[str] = mapped_column(sa.Text, default="")
    payload: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    acknowledged: Mapped[bool] = mapped_column(sa.Boolean, default=False)


class Delivery(Base):
    """One alert on one channel: pending until sent, retried with backoff, dead after the cap."""

    __tablename__ = "deliveries"
    __table_args__ = (sa.UniqueConstraint("alert_id", "channel_id", name="uq_delivery"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(sa.ForeignKey("alerts.id", ondelete="CASCADE"),
                                          index=True)
    channel_id: Mapped[int] = mapped_column(sa.ForeignKey("channels.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(sa.String(10), default="pending")  # DELIVERY_STATES
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    #: the last error as a catalogue message (JSON: key and parameters), shown in the reader's
    #: language; None for an error without one and for rows written before revision 0004
    last_error_message: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Observation(Base):
    """A statistic value the indicator watches have seen (to detect new releases and changes)."""

    __tablename__ = "observations"
    __table_args__ = (sa.UniqueConstraint("indicator", "code", "year", name="uq_observation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator: Mapped[str] = mapped_column(sa.String(100))
    code: Mapped[str] = mapped_column(sa.String(20))
    year: Mapped[int] = mapped_column(sa.Integer)
    value: Mapped[float | None] = mapped_column(sa.Float, nullable=True)
    source: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    first_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Digest(Base):
    """A digest built for a period, kept as sanitised HTML and plain text."""

    __tablename__ = "digests"

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(sa.String(10))  # daily|weekly|custom
    start: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    end: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    language: Mapped[str] = mapped_column(sa.String(5), default="zh")
    html: Mapped[str] = mapped_column(sa.Text)
    text: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


# ---------------------------------------------------------------------------------------------

def default_url(config: MonitorConfig | None = None) -> str:
    """The store URL: ``config.database_url`` or a SQLite file in the user's data folder.

    Raises
    ------
    MonitorConfigError
        From :func:`get_config` (no ``config`` given) when an environment setting is invalid.

    Examples
    --------
    >>> from metroscope.monitor.config import get_config
    >>> default_url(get_config(database_url="postgresql://monitor@db/monitor"))
    'postgresql://monitor@db/monitor'
    """
    config = config or get_config()
    if config.database_url:
        return config.database_url
    import platformdirs

    folder = Path(platformdirs.user_data_dir("metroscope", appauthor=False))
    return f"sqlite:///{folder / 'monitor.sqlite'}"


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # let SQLAlchemy's BEGIN below decide
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # one writer at a time, no upgrade deadlocks


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with the SQLite pragmas (WAL, busy timeout, foreign keys).

    Raises
    ------
    StoreError
        When the URL cannot be parsed or its driver is not installed.

    Examples
    --------
    >>> engine = make_engine(f"sqlite:///{tmp_path / 'engine.sqlite'}")
    >>> engine.dialect.name
    'sqlite'
    >>> engine.dispose()
    """
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError as exc:
        msg = Message("err_store_bad_url", url=repr(url), reason=str(exc))
        raise StoreError(msg) from None
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = sa.create_engine(parsed, future=True, pool_pre_ping=True)
    except (ImportError, sa.exc.NoSuchModuleError) as exc:
        msg = Message("err_store_no_driver", url=parsed.render_as_string(hide_password=True),
                      reason=str(exc))
        raise StoreError(msg) from None
    if engine.dialect.name == "sqlite":
        _sqlite_pragmas(engine)
    return engine


@dataclass
class Store:
    """An open monitor database: an engine and a session factory.

    Use ``with store.session() as s, s.begin(): ...`` for a write transaction (one per
    logical change: an item and the alerts it causes commit together).
    """

    url: str
    engine: Engine
    session: sessionmaker[Session]

    @property
    def is_sqlite(self) -> bool:
        """True for a SQLite store (full-text search through FTS5)."""
        return self.engine.dialect.name == "sqlite"

    def close(self) -> None:
        """Dispose the engine's connections.

        Raises
        ------
        Nothing.

        Examples
        --------
        >>> store = open_store(f"sqlite:///{tmp_path / 'close.sqlite'}")
        >>> store.close()
        """
        self.engine.dispose()

    def display_url(self) -> str:
        """The URL with any password hidden.

        Raises
        ------
        sqlalchemy.exc.ArgumentError
            If the stored URL cannot be parsed (never for a store opened by :func:`open_store`).

        Examples
        --------
        >>> store = Store.__new__(Store)  # only the URL is needed here; open_store() opens a real one
        >>> store.url = "postgresql://monitor:secret@db.example/monitor"
        >>> store.display_url()
        'postgresql://monitor:***@db.example/monitor'
        """
        return sa.engine.make_url(self.url).render_as_string(hide_password=True)


def open_store(url: str | None = None, *, config: MonitorConfig | None = None,
               upgrade: bool = True) -> Store:
    """Open (and by default create or upgrade) the monitor store.

    Parameters
    ----------
    url
        SQLAlchemy URL; default :func:`default_url`.
    upgrade
        Run the Alembic migrations up to the newest revision first.

    Raises
    ------
    StoreError
        Bad URL, missing driver, unreachable server or a file that is not a database.
    MonitorConfigError
        From :func:`default_url` (no ``url`` given) when an environment setting is invalid.

    Examples
    --------
    >>> store = open_store(f"sqlite:///{tmp_path / 'open.sqlite'}")
    >>> store.is_sqlite
    True
    >>> store.close()
    """
    url = url or default_url(config)
    engine = make_engine(url)
    if upgrade:
        from .migrate import upgrade_to_head

        try:
            upgrade_to_head(engine)
        except (sa.exc.OperationalError, sa.exc.DatabaseError) as exc:
            engine.dispose()
            shown = sa.engine.make_url(url).render_as_string(hide_password=True)
            msg = Message("err_store_cannot_open", url=shown,
                          reason=str(exc.orig or exc).strip())
            raise StoreError(msg) from None
    return Store(url=url, engine=engine,
                 session=sessionmaker(engine, expire_on_commit=False, future=True))
