"""Alembic environment of the monitor store: runs on the connection passed by migrate.py."""

from __future__ import annotations

from alembic import context

from metroscope.monitor.store import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - the CLI path always passes a connection
    msg = "run the monitor migrations through metroscope.monitor.migrate.upgrade_to_head"
    raise RuntimeError(msg)


def _include(_obj: object, name: str | None, type_: str, _reflected: bool,
             _compare_to: object) -> bool:
    # the SQLite full-text tables are created by hand in the migrations
    return not (type_ == "table" and name is not None and name.startswith("items_fts"))


context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=connection.dialect.name == "sqlite",
                  include_object=_include)
with context.begin_transaction():
    context.run_migrations()
