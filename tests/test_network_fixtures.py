"""Hand-built networks shared by the network and scenario tests (no tests here).

``toy_region()``: five county units A-E on a line of seats, one degree of longitude apart.

Rail: line L1 (hsr) SA-SB 15 min, SB-SC 20 min, headway 20 min; line L2 (rail) SB-SD 40 km at
100 km/h design (no minutes), headway 30 min. Road: seat:A - seat:B - seat:C - seat:D, 60 km
at 60 km/h each (60 min). Access: A->SA 10 min, B/C/D -> their station 5 min, each unit to its
seat 0 min. E has a seat but no access rows (unreachable).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from metroscope.region import Region
from metroscope.settings import Settings, get_settings

CODES = ["A", "B", "C", "D", "E"]


def toy_tables() -> dict[str, Any]:
    units = pd.DataFrame({
        "code": CODES, "name_zh": list("甲乙丙丁戊"), "name_en": CODES,
        "level": ["county"] * 5, "role": ["core", "member", "member", "partial", "context"],
        "seat_lon": [125.0, 125.5, 126.0, 126.5, 127.0], "seat_lat": [44.0] * 5,
    })
    nodes = pd.DataFrame({
        "node_id": ["SA", "SB", "SC", "SD", "seat:A", "seat:B", "seat:C", "seat:D"],
        "lon": [125.0, 125.5, 126.0, 126.5, 125.0, 125.5, 126.0, 126.5], "lat": [44.0] * 8,
        "kind": ["station"] * 4 + ["seat"] * 4,
    })
    links = pd.DataFrame({
        "link_id": ["l1", "l2", "l3", "r1", "r2", "r3"],
        "from_node": ["SA", "SB", "SB", "seat:A", "seat:B", "seat:C"],
        "to_node": ["SB", "SC", "SD", "seat:B", "seat:C", "seat:D"],
        "mode": ["hsr", "hsr", "rail", "road", "road", "road"],
        "line": ["L1", "L1", "L2", None, None, None],
        "length_km": [50.0, 50.0, 40.0, 60.0, 60.0, 60.0],
        "speed_kph": [200.0, 200.0, 100.0, 60.0, 60.0, 60.0],
        "minutes": [15.0, 20.0, None, None, None, None],
        "status": ["operating"] * 6, "open_year": [2010, 2012, 2015, None, None, None],
        "headway_min": [20.0, 20.0, 30.0, None, None, None],
    })
    access = pd.DataFrame({
        "code": ["A", "B", "C", "D", "A", "B", "C", "D"],
        "node_id": ["SA", "SB", "SC", "SD", "seat:A", "seat:B", "seat:C", "seat:D"],
        "minutes": [10.0, 5.0, 5.0, 5.0, 0.0, 0.0, 0.0, 0.0],
    })
    stats = pd.DataFrame({
        "code": CODES, "year": [2020] * 5, "indicator": ["population"] * 5,
        "value": [1000.0, 500.0, 300.0, 200.0, 100.0], "unit": ["persons"] * 5,
        "source": ["test"] * 5, "quality": ["A"] * 5,
    })
    return {"units": units, "nodes": nodes, "links": links, "access": access, "stats": stats}


def toy_region(**overrides: Any) -> Region:
    tables = toy_tables()
    validate = overrides.pop("validate", True)
    tables.update(overrides)
    return Region("toy", validate=validate, **tables)


def toy_settings(**kw: Any) -> Settings:
    """Settings with round numbers: operating-speed factor 0.9 for every rail mode and
    expressways, dwell 2,
    wait 0.5 x headway, transfer 5."""
    base: dict[str, Any] = {"operating_speed_factor_hsr": 0.9,
                            "operating_speed_factor_intercity": 0.9,
                            "operating_speed_factor_rail": 0.9, "rail_dwell_min": 2.0,
                            "operating_speed_factor_expressway": 0.9,
                            "wait_fraction_of_headway": 0.5, "transfer_penalty_min": 5.0,
                            "travel_time_cache": "off"}
    base.update(kw)
    return get_settings(**base)
