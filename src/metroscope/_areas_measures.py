"""The measures of the national areas' comparison (:func:`metroscope.areas.compare`): each
indicator's key, unit, ranking direction and year, in display order, and which of them need
the full member list or a group's uncoded census zones. Re-exported by
:mod:`metroscope.areas`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    """One comparison indicator: key, unit, whether higher ranks first, scope and year."""

    key: str
    unit: str
    higher_first: bool = True
    year: int | None = None


# The comparison's indicators in display order (labels in report/_i18n.py as area_<key>).
MEASURES: tuple[Measure, ...] = (
    Measure("population_2010", "persons", year=2010),
    Measure("population_2020", "persons", year=2020),
    Measure("population_change_pct", "pct"),
    Measure("core_population_2010", "persons", year=2010),
    Measure("core_population_2020", "persons", year=2020),
    Measure("core_change_pct", "pct"),
    Measure("rest_change_pct", "pct"),
    Measure("population_partial_2020", "persons", year=2020),
    Measure("core_share_pct", "pct", year=2020),
    Measure("share_age_65_plus_pct", "pct", year=2020),
    Measure("core_share_age_65_plus_pct", "pct", year=2020),
    Measure("urbanisation_pct", "pct", year=2020),
    Measure("core_urbanisation_pct", "pct", year=2020),
    Measure("primacy_two_city", "ratio", year=2020),
    Measure("rank_size_q", "exponent", year=2020),
    Measure("urban_share_cv", "ratio", higher_first=False, year=2020),
    Measure("employment_primary_pct", "pct", year=2020),
    Measure("employment_secondary_pct", "pct", year=2020),
    Measure("employment_tertiary_pct", "pct", year=2020),
    Measure("employment_manufacturing_pct", "pct", year=2020),
    Measure("core_employment_manufacturing_pct", "pct", year=2020),
    Measure("krugman_core_rest", "index_0_2", year=2020),
    Measure("industry_similarity_mean", "cosine", year=2020),
    Measure("core_gdp_2015_cny_100m", "cny_100m", year=2015),
    Measure("accessibility_60min_pct", "pct", year=2020),
    Measure("accessibility_60min_lower_bound_pct", "pct", year=2020),
)
MEASURE_KEYS = tuple(m.key for m in MEASURES)
# measures that need the full member list (missing for areas with the core only): every
# measure but the core's own figures; the core's share of the area needs the area
AREA_MEASURES = frozenset(k for k in MEASURE_KEYS
                          if not k.startswith("core_") or k == "core_share_pct")


#: the measures that count 2020 residents of a group, by the group whose uncoded zones they
#: need (:mod:`metroscope._areas_zones`)
ZONE_MEASURES: dict[str, tuple[str, ...]] = {
    "core": ("core_population_2020", "core_change_pct", "core_urbanisation_pct",
             "core_share_age_65_plus_pct", "core_share_pct"),
    "member": ("rest_change_pct",),
    "area": ("population_2020", "population_change_pct", "urbanisation_pct",
             "share_age_65_plus_pct", "core_share_pct", "accessibility_60min_pct",
             "accessibility_60min_lower_bound_pct"),
    "city": ("primacy_two_city", "rank_size_q"),
}
