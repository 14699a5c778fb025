"""What a monitor pass reports: one :class:`SourceOutcome` per source and the pass's
:class:`RunReport`, and the ``progress`` callback type of a pass."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .alerts import DeliveryReport

if TYPE_CHECKING:
    import pandas as pd

Progress = Callable[[int, int, str], None]
"""``progress(done, total, label)`` called after each source."""


@dataclass
class SourceOutcome:
    """What one source gave in a pass."""

    source: str
    status: str  # ok | not_modified | failed
    new_items: int = 0
    new_versions: int = 0
    alerts: int = 0
    status_changes: int = 0
    error: str | None = None


@dataclass
class RunReport:
    """The result of :meth:`Monitor.run_once`."""

    outcomes: list[SourceOutcome] = field(default_factory=list)
    indicator_alerts: int = 0
    deliveries: DeliveryReport | None = None
    digest_alert: int | None = None
    """Id of the scheduled digest queued in this pass (``config.digest_channels``), if any."""

    @property
    def new_items(self) -> int:
        """Items stored for the first time."""
        return sum(o.new_items for o in self.outcomes)

    @property
    def new_versions(self) -> int:
        """Edited items stored as new versions."""
        return sum(o.new_versions for o in self.outcomes)

    @property
    def alerts(self) -> int:
        """Alerts queued (items, status changes, source health, indicators)."""
        return sum(o.alerts for o in self.outcomes) + self.indicator_alerts

    def to_frame(self) -> pd.DataFrame:
        """One row per source: ``source``, ``status``, ``new_items``, ``new_versions``,
        ``alerts``, ``status_changes``, ``error``.

        Raises
        ------
        Nothing.

        Examples
        --------
        >>> report = monitor.run_once(now=now, deliver=False)
        >>> report.to_frame()[["source", "status", "new_items", "alerts"]]
          source status  new_items  alerts
        0   ndrc     ok          1       1
        """
        import pandas as pd

        return pd.DataFrame([o.__dict__ for o in self.outcomes],
                            columns=["source", "status", "new_items", "new_versions", "alerts",
                                     "status_changes", "error"])
