"""The modelled effects of the projects a monitor pass moves, computed once per pass.

A project that moves to under construction or opened carries its modelled effect
(:func:`~metroscope.monitor.projects.project_effect`: the scenario of its edits against the
region). :class:`EffectCache` computes each project's effect at most once per pass, before the
pass's transactions (the routing takes seconds and must not hold a write lock).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .projects import EFFECT_STATUSES, ProjectEffect, allowed_move, project_effect
from .store import Project, Store

if TYPE_CHECKING:
    from ..region import Region
    from .ingest import Prepared

__all__ = ["EffectCache"]


class EffectCache:
    """The projects' modelled effects on ``region`` (none when ``region`` is None or
    ``enabled`` is false), each computed once."""

    def __init__(self, region: Region | None, *, enabled: bool = True) -> None:
        self.region = region
        self.enabled = enabled
        self._effects: dict[str, ProjectEffect] = {}

    def effect(self, project_id: str, edits: list[dict[str, Any]]) -> ProjectEffect | None:
        """The modelled effect of a project (computed on first use); None without a region.

        Raises
        ------
        Nothing of its own: edits that cannot be applied give an effect with a note (see
        :func:`~metroscope.monitor.projects.project_effect`).

        Examples
        --------
        >>> cache = EffectCache(region)
        >>> edits = [{"op": "set_status", "line": "长四辽通高铁", "status": "operating", "open_year": 2030}]
        >>> effect = cache.effect("changsiliaotong_hsr", edits)
        >>> effect.changes["time_to_core_min_delta"].round(1).head(2)
        code
        220502   -55.3
        220503   -13.3
        Name: time_to_core_min_delta, dtype: float64
        >>> cache.effect("changsiliaotong_hsr", edits) is effect  # computed once
        True
        >>> EffectCache(None).effect("changsiliaotong_hsr", edits) is None
        True
        """
        if self.region is None or not self.enabled:
            return None
        if project_id not in self._effects:
            self._effects[project_id] = project_effect(self.region, project_id, edits)
        return self._effects[project_id]

    def precompute(self, store: Store, prepared: Sequence[Prepared]) -> list[str]:
        """Compute the effects of the projects that ``prepared`` items may move to under
        construction or opened (a move the project's current status allows); their ids.

        Raises
        ------
        sqlalchemy.exc.SQLAlchemyError
            When the database fails (e.g. the server goes away or the schema is not at head).

        Examples
        --------
        >>> from metroscope.monitor.sources import parse_feed
        >>> cache = EffectCache(region, enabled=False)  # enabled=False: ids only, no routing
        >>> cache.precompute(monitor_store, monitor.prepare(parse_feed(feed)))
        ['changsiliaotong_hsr']
        """
        wanted = sorted({s.project_id for p in prepared for s in p.signals
                         if s.status in EFFECT_STATUSES})
        if not wanted or self.region is None:
            return []
        done = []
        with store.session() as s:
            for pid in wanted:
                proj = s.get(Project, pid)
                if proj is not None and any(allowed_move(proj.status, st)
                                            for st in EFFECT_STATUSES):
                    self.effect(pid, list(proj.edits or []))
                    done.append(pid)
        return done
