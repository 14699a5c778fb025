"""Validation of Region tables: collect every problem, then raise once.

Each ``check_*`` function returns a list of :class:`~metroscope._errors.Problem` and never
raises; :func:`coerce` converts the documented columns to their types and reports the cells
that cannot be converted. Rows are reported 1-based in table order (for a CSV file, row N is
line N + 1, after the header).

Modules: :mod:`.coerce` (types of cells), :mod:`.columns` (checks of one column),
:mod:`.geometry` (coordinates and polygons), :mod:`.tables` (all checks of each table).
"""

from __future__ import annotations

from .._errors import DataValidationError, Problem
from .coerce import coerce, normalise_code
from .columns import (
    FILLABLE,
    check_allowed,
    check_columns,
    check_finite,
    check_positive,
    check_references,
    check_required_values,
    check_unique,
    check_years,
)
from .geometry import check_coordinates, check_geometry
from .tables import (
    check_access,
    check_code_letters,
    check_links,
    check_nodes,
    check_plausibility,
    check_projects,
    check_signs,
    check_stats,
    check_units,
    check_units_of,
    implausible_persons,
)

__all__ = [
    "FILLABLE", "check_access", "check_allowed", "check_code_letters", "check_columns", "check_coordinates",
    "check_finite", "check_geometry", "check_links", "check_nodes", "check_plausibility",
    "check_positive", "check_projects", "check_references", "check_required_values",
    "check_signs", "check_stats", "check_unique", "check_units", "check_units_of",
    "check_years", "coerce", "implausible_persons", "normalise_code", "raise_if",
]


def raise_if(problems: list[Problem], context: str) -> None:
    """Raise one :class:`DataValidationError` listing every problem, if there are any."""
    if problems:
        raise DataValidationError(problems, context=context)
