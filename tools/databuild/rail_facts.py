"""The rail lines read from ne_rail_lines_facts.csv: specifications, station overrides, parsing."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from . import facts

STATIONS_CSV = "rail_stations/stations_ne.csv"
OSM_SOURCE = ("OpenStreetMap node (railway=station|halt), shared/data/rail_stations/stations_ne.csv; "
              "(c) OpenStreetMap contributors, ODbL 1.0")


def load_stations(shared: Path) -> pd.DataFrame:
    """The OSM station coordinates, indexed by the station's Chinese name."""
    df = pd.read_csv(shared / STATIONS_CSV, dtype={"county_code": str, "telecode": str})
    df["lon"] = df["lon"].astype(float)
    df["lat"] = df["lat"].astype(float)
    if df["name_zh"].duplicated().any():
        raise SystemExit(f"{STATIONS_CSV}: duplicate station names")
    return df.set_index("name_zh")


# ============================================================================ rail network

RAIL_CSV = "scout_curated/ne_rail_lines_facts.csv"


@dataclass(frozen=True)
class LineSpec:
    """A line taken from ne_rail_lines_facts.csv."""

    key: str  # link_id prefix
    csv_prefix: str  # start of line_zh in the csv
    line: str  # line name in links.line
    line_en: str
    mode: str
    status: str
    stations: tuple[str, ...] = ()  # explicit list (else parsed from stations_in_order)
    prepend: tuple[str, ...] = ()  # stations named in `termini` but not in stations_in_order


# data/rail_lines.toml: the lines taken, the lines left out, station overrides and aliases
_RAIL = facts.toml("rail_lines.toml")
LINES: tuple[LineSpec, ...] = tuple(
    LineSpec(key=r["key"], csv_prefix=r["csv_prefix"], line=r["line"], line_en=r["line_en"],
             mode=r["mode"], status=r["status"], stations=tuple(r.get("stations", ())),
             prepend=tuple(r.get("prepend", ()))) for r in _RAIL["lines"])
LEFT_OUT: Mapping[str, str] = MappingProxyType(_RAIL["left_out"])
STATION_OVERRIDES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {name: (o["code"], o["why"]) for name, o in _RAIL["station_overrides"].items()})
STATION_ALIASES: Mapping[str, str] = MappingProxyType(_RAIL["station_aliases"])
DIRECTIONS = {"东": "East", "西": "West", "南": "South", "北": "North"}


@dataclass
class Station:
    """A station node while the network is built."""

    name: str
    node_id: str
    name_en: str
    kind: str  # county | city_main | city_other | prefecture
    prefecture: str | None
    code: str | None
    code_note: str
    coord_code: str | None
    telecode: str | None
    lon: float = math.nan
    lat: float = math.nan
    coord_method: str = ""
    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _parse_year(text: str) -> int:
    m = re.search(r"(\d{4})-\d{2}-\d{2}", text) or re.search(r"\((\d{4})\)", text)
    if not m:
        raise SystemExit(f"no year in {text!r}")
    return int(m.group(1))


def _first_number(text: str) -> float:
    m = re.search(r"\d+(?:\.\d+)?", text)
    if not m:
        raise SystemExit(f"no number in {text!r}")
    return float(m.group(0))


