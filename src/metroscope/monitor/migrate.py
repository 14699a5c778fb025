"""Running the Alembic migrations of the monitor store (no alembic.ini needed).

The migration scripts live in ``migrations/versions``; :func:`upgrade_to_head` runs them on an
engine's connection inside one transaction (PostgreSQL) or step by step (SQLite).
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

FTS_TABLE_PREFIX = "items_fts"


def alembic_config() -> Config:
    """An Alembic config pointing at the shipped migration scripts.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> alembic_config().get_main_option("script_location").endswith("migrations")
    True
    """
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """The newest migration revision shipped.

    Raises
    ------
    alembic.util.CommandError
        If the shipped migration scripts cannot be read (a broken installation).

    Examples
    --------
    >>> from alembic.script import ScriptDirectory
    >>> head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()
    True
    """
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database).

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database cannot be connected to.

    Examples
    --------
    >>> from metroscope.monitor.store import make_engine
    >>> engine = make_engine(f"sqlite:///{tmp_path / 'rev.sqlite'}")
    >>> current_revision(engine) is None
    True
    >>> upgrade_to_head(engine)
    >>> current_revision(engine) == head_revision()
    True
    """
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade_to_head(engine: Engine) -> None:
    """Create or upgrade the schema to :func:`head_revision` (a no-op when already there).

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database cannot be connected to or a migration statement fails (the
        transaction is rolled back).
    alembic.util.CommandError
        If the shipped migration scripts cannot be read (a broken installation).

    Examples
    --------
    >>> from metroscope.monitor.store import make_engine
    >>> engine = make_engine(f"sqlite:///{tmp_path / 'up.sqlite'}")
    >>> upgrade_to_head(engine)
    >>> current_revision(engine) == head_revision()
    True
    """
    if current_revision(engine) == head_revision():
        return
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
