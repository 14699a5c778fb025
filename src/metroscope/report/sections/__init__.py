"""The report's sections: a registry that the report itself uses.

Each section is a module with ``build(inp, section)`` that appends blocks to an empty
:class:`~metroscope.report.context.Section` (title and lead come from ``_i18n``). Sections are
built in order; ``notes`` comes last and reads the source lines of all the others.
"""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .._analyses import AnalysisError
from .._i18n import t
from ..context import Section

if TYPE_CHECKING:
    from .._inputs import ReportInputs

logger = logging.getLogger(__name__)

__all__ = ["SECTIONS", "SectionSpec", "build_sections", "guard"]


@dataclass(frozen=True)
class SectionSpec:
    """A registered section: its key (title string ``sec_<key>``), number and module."""

    key: str
    number: int
    module: str

    def builder(self) -> Callable[[ReportInputs, Section], None]:
        """The section module's ``build`` function."""
        mod = importlib.import_module(self.module)
        fn: Callable[[ReportInputs, Section], None] = mod.build
        return fn


SECTIONS: tuple[SectionSpec, ...] = tuple(
    SectionSpec(key, i, f"metroscope.report.sections.{key}")
    for i, key in enumerate(("summary", "primacy", "population", "commuting", "accessibility",
                             "industry", "inequality", "flows", "projects", "areas", "screen", "notes"),
                            start=1)
)


@contextmanager
def guard(section: Section) -> Iterator[None]:
    """Run a block of a section; a :class:`AnalysisError` appends its note instead of the block."""
    try:
        yield
    except AnalysisError as exc:
        if exc.note not in section.blocks:
            section.blocks.append(exc.note)


def build_sections(inp: ReportInputs, *, only: set[str] | None = None) -> list[Section]:
    """Build every registered section (or those in ``only``) in order."""
    out: list[Section] = []
    order = [s for s in SECTIONS if s.key != "notes"] + [s for s in SECTIONS if s.key == "notes"]
    for spec in order:
        if only is not None and spec.key not in only:
            continue
        section = Section(key=spec.key, number=spec.number, title=t(f"sec_{spec.key}"),
                          lead=t(f"lead_{spec.key}"))
        start = time.perf_counter()
        with guard(section):
            spec.builder()(inp, section)
        logger.info("Built report section %s in %.2f s", spec.key, time.perf_counter() - start)
        inp.sections.append(section)
        out.append(section)
    out.sort(key=lambda s: s.number)
    return out
