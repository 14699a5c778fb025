"""The data model: the columns, types and allowed values of every Region table.

This module is the single written contract that ``_validate`` enforces and that
``docs/data-model.md`` describes. Extra columns are allowed in every table and
survive a bundle round trip; the columns listed here are the ones the analyses use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

ColumnKind = Literal["str", "float", "int", "bool", "code"]

LEVELS: Final = ("province", "prefecture", "county")
ROLES: Final = ("core", "member", "partial", "context")
MODES: Final = ("hsr", "intercity", "rail", "expressway", "road", "urban")
RAIL_MODES: Final = ("hsr", "intercity", "rail")
ROAD_MODES: Final = ("expressway", "road", "urban")
#: Modes whose links may omit speed_kph: the router takes road_speed_kph / urban_speed_kph
#: from the settings (``urban`` = the intra-city leg: streets within one city).
SETTINGS_SPEED_MODES: Final = ("road", "urban")
STATUSES: Final = ("operating", "under_construction", "planned")
NODE_KINDS: Final = ("station", "hub", "junction", "seat")
QUALITIES: Final = ("A", "B", "C", "D")
# Plausibility limits of the embedded (curated) data; a user's own tables may hold any year in
# the sanity range below, which only catches typos (20200, a two-digit 20).
YEAR_MIN: Final = 1949
YEAR_MAX: Final = 2100
USER_YEAR_MIN: Final = 1000
USER_YEAR_MAX: Final = 2999
#: Highest speed a link may have, km/h, set or implied by its length and minutes: a bound on
#: what any train or car can run at (the fastest commercial line, Shanghai's maglev, runs at
#: 431 km/h; CR450 tests at 450), so a typo such as ``1e9`` km/h, or seconds given as
#: minutes, is refused instead of making every trip on the link instantaneous.
MAX_SPEED_KPH: Final = 1000.0

# China's extent, used to catch swapped or mistyped coordinates.
CHINA_LON_RANGE: Final = (73.0, 136.0)
CHINA_LAT_RANGE: Final = (3.0, 54.0)


@dataclass(frozen=True)
class Column:
    """One column of a table: its name, kind, whether it is required, and its meaning."""

    name: str
    kind: ColumnKind
    required: bool
    doc: str


UNITS_COLUMNS: Final = (
    Column("code", "code", True, "unit id (6-digit administrative code or user id); the index"),
    Column("name_zh", "str", True, "Chinese name"),
    Column("name_en", "str", True, "English name (pinyin where no English name is known)"),
    Column("level", "str", True, "province | prefecture | county"),
    Column("parent", "str", False, "code of the parent unit (empty for top-level units)"),
    Column("role", "str", True, "core | member | partial | context (the metropolitan-area plan)"),
    Column("seat_lon", "float", False, "longitude of the government seat, degrees"),
    Column("seat_lat", "float", False, "latitude of the government seat, degrees"),
)

STATS_COLUMNS: Final = (
    Column("code", "code", True, "unit code (must exist in units)"),
    Column("year", "int", True, f"calendar year ({USER_YEAR_MIN}-{USER_YEAR_MAX}; the embedded "
                            f"data {YEAR_MIN}-{YEAR_MAX})"),
    Column("indicator", "str", True, "snake_case indicator name (see the indicator registry)"),
    Column("value", "float", True, "numeric value, in `unit`"),
    Column("unit", "str", True, "unit of `value` (persons, cny_100m, pct, yuan, ...)"),
    Column("source", "str", True, "source URL or citation"),
    Column("quality", "str", True, "A | B | C | D (A = official statistics, census)"),
    Column("break", "bool", False, "true where the series is not comparable with earlier years"),
)

NODES_COLUMNS: Final = (
    Column("node_id", "str", True, "node id, unique"),
    Column("name_zh", "str", False, "Chinese name"),
    Column("name_en", "str", False, "English name"),
    Column("code", "code", False, "code of the unit the node serves"),
    Column("lon", "float", True, "longitude, degrees"),
    Column("lat", "float", True, "latitude, degrees"),
    Column("kind", "str", True, "station | hub | junction | seat"),
)

LINKS_COLUMNS: Final = (
    Column("link_id", "str", True, "link id, unique"),
    Column("from_node", "str", True, "node_id of one end"),
    Column("to_node", "str", True, "node_id of the other end (links are two-way)"),
    Column("mode", "str", True, "hsr | intercity | rail | expressway | road | urban"),
    Column("line", "str", False, "line name"),
    Column("length_km", "float", True, "length, km (> 0)"),
    Column("speed_kph", "float", False, "design (line) speed, km/h (> 0)"),
    Column("minutes", "float", False, "in-vehicle minutes; wins over speed when present (> 0)"),
    Column("status", "str", True, "operating | under_construction | planned"),
    Column("open_year", "int", False, "opening year (actual or target)"),
    Column("headway_min", "float", False, "minutes between departures (> 0)"),
)

ACCESS_COLUMNS: Final = (
    Column("code", "code", True, "unit code (must exist in units)"),
    Column("node_id", "str", True, "node reached from the unit's seat"),
    Column("minutes", "float", True, "minutes from the seat to the node (>= 0)"),
)

PROJECTS_COLUMNS: Final = (
    Column("project_id", "str", True, "project id, unique"),
    Column("name_zh", "str", True, "Chinese name"),
    Column("name_en", "str", True, "English name"),
    Column("kind", "str", True, "rail | plan | target | ..."),
    Column("status", "str", True, "operating | under_construction | planned | approved | ..."),
    Column("codes", "str", False, "unit codes concerned, separated by ';'"),
    Column("start", "str", False, "start date (ISO) or year"),
    Column("target_year", "int", False, "target completion year"),
    Column("budget_cny_100m", "float", False, "budget, 100 million yuan (亿元)"),
    Column("sources", "str", True, "source URLs separated by ' | '"),
    Column("edits", "str", False, "JSON list of scenario edits its completion implies"),
)

TABLES: Final[dict[str, tuple[Column, ...]]] = {
    "units": UNITS_COLUMNS,
    "stats": STATS_COLUMNS,
    "nodes": NODES_COLUMNS,
    "links": LINKS_COLUMNS,
    "access": ACCESS_COLUMNS,
    "projects": PROJECTS_COLUMNS,
}

KEY_COLUMNS: Final = {
    "units": ("code",),
    "stats": ("code", "year", "indicator"),
    "nodes": ("node_id",),
    "links": ("link_id",),
    "access": ("code", "node_id"),
    "projects": ("project_id",),
}


def required(table: str) -> list[str]:
    """Names of the required columns of ``table``."""
    return [c.name for c in TABLES[table] if c.required]


def columns(table: str) -> list[str]:
    """Names of all documented columns of ``table``."""
    return [c.name for c in TABLES[table]]
