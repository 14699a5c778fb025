"""Settings of the web app: one frozen, documented object built by ``metroscope serve``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


def default_data_dir() -> Path:
    """The user's data folder for metroscope (platformdirs), e.g. ``~/.local/share/metroscope``."""
    import platformdirs

    return Path(platformdirs.user_data_dir("metroscope", appauthor=False))


@dataclass(frozen=True)
class WebConfig:
    """How the dashboard and the API run. Every size is in bytes, every rate per minute.

    Attributes
    ----------
    region
        The region served by default: an embedded dataset name or a bundle folder.
    db_url
        SQLAlchemy URL of the monitor database (``None``: ``METROSCOPE_MONITOR_DATABASE_URL``
        when set, else ``monitor.sqlite`` in ``data_dir``, which by default is the user's data
        folder: the same database as ``metroscope monitor``).
    data_dir
        Folder (a path or str) for the token store (``tokens.json``) and saved scenarios (``scenarios/``).
    read_only
        Refuse every write, even with a token.
    public_reads
        Reads need no token (default); ``False`` asks for a token of scope ``read`` or higher.
    max_body_bytes
        Cap on a request body (uploads included); larger requests get 413.
    write_rate_per_min
        Requests per minute and client address on write and login endpoints.
    cache_entries
        Analysis results kept in memory (least recently used are dropped).
    demo
        Seed a fresh monitor database (``data_dir/monitor-demo``) from the monitor's offline
        fixtures at start, as ``metroscope monitor demo`` does, and serve it.
    """

    region: str = "changchun"
    db_url: str | None = None
    data_dir: Path = field(default_factory=default_data_dir)
    read_only: bool = False
    public_reads: bool = True
    max_body_bytes: int = 2 * 1024 * 1024
    write_rate_per_min: int = 10
    cache_entries: int = 256
    demo: bool = False

    def __post_init__(self) -> None:
        # a str from a notebook or a script works like a Path
        object.__setattr__(self, "data_dir", Path(self.data_dir))

    @property
    def tokens_path(self) -> Path:
        """The token store (SHA-256 digests only)."""
        return self.data_dir / "tokens.json"

    @property
    def monitor_url(self) -> str:
        """The monitor database served: ``db_url``, else the monitor's setting, else
        ``monitor.sqlite`` in ``data_dir``."""
        if self.db_url:
            return self.db_url
        from ..monitor import get_config

        configured = get_config().database_url
        return configured or f"sqlite:///{self.data_dir / 'monitor.sqlite'}"

    @property
    def demo_dir(self) -> Path:
        """Where ``--demo`` seeds its database."""
        return self.data_dir / "monitor-demo"

    @property
    def scenarios_dir(self) -> Path:
        """Where scenarios saved from the dashboard or the API are written."""
        return self.data_dir / "scenarios"
