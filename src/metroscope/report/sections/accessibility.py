"""Section: accessibility (wired to its analyses as they land)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._analyses import needs

if TYPE_CHECKING:
    from .._inputs import ReportInputs
    from ..context import Section


def build(inp: ReportInputs, section: Section) -> None:
    """Not yet wired."""
    section.blocks.append(needs("metroscope.accessibility"))
