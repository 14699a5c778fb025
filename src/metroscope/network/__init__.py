"""Networks: routable graphs, travel times, isochrones, the commuting circle, accessibility.

Formulas and conventions: ``docs/network.md`` and METHODS §1, §7.
"""

from __future__ import annotations

from ._circle_population import population_inside
from ._subsets import travel_times_from, unreachable_pairs
from .accessibility import (
    accessibility,
    accessibility_from_matrix,
    potential_accessibility,
    service_accessibility,
    two_step_fca,
)
from .graph import RoutableGraph, build_graph, link_minutes
from .isochrone import circle_summary, commuting_circle, isochrone
from .options import TravelOptions
from .points import point_travel_times
from .traveltime import (
    fastest_modes,
    matrix_units,
    unit_travel_times,
)

__all__ = [
    "RoutableGraph",
    "TravelOptions",
    "accessibility",
    "accessibility_from_matrix",
    "build_graph",
    "circle_summary",
    "commuting_circle",
    "fastest_modes",
    "isochrone",
    "link_minutes",
    "matrix_units",
    "point_travel_times",
    "population_inside",
    "potential_accessibility",
    "service_accessibility",
    "travel_times_from",
    "two_step_fca",
    "unit_travel_times",
    "unreachable_pairs",
]
