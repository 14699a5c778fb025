"""The travel-time tables of the command line and the web API (network/tables.py) on the toy
network of tests/test_network_fixtures.py, every minute summed by hand
(tests/test_network_traveltime_by_hand.py's ``rail``; road: 60 km at 60 km/h a step between
neighbouring seats A-B-C-D; E has no access rows and is reached by nothing)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from metroscope import ParameterError
from metroscope.network import TravelOptions
from metroscope.network.tables import named_pairs, travel_time_table
from test_network_fixtures import toy_region, toy_settings
from test_network_traveltime_by_hand import rail

CODES = list("ABCDE")
NAMES = dict(zip(CODES, "甲乙丙丁戊", strict=True))


def road(o: str, d: str) -> float:
    if "E" in (o, d) and o != d:
        return math.inf
    return 60.0 * abs(ord(o) - ord(d))


def test_the_whole_matrix_by_hand() -> None:
    s = toy_settings()
    m = travel_time_table(toy_region(), options=TravelOptions(mode="rail", settings=s))
    assert m.index.tolist() == CODES and m.columns.tolist() == CODES
    for o in CODES:
        for d in CODES:
            assert m.loc[o, d] == pytest.approx(rail(o, d)), (o, d)
    meta = m.attrs["metroscope"]
    assert meta["mode"] == "rail" and meta["units"] == dict.fromkeys(CODES, "min")
    # the table's default mode (rail) leaves the options' own mode alone, as does "fastest",
    # the keywords' default
    for mode in ("rail", "fastest"):
        r = travel_time_table(toy_region(), mode=mode,  # type: ignore[arg-type]
                              options=TravelOptions(mode="road", settings=s))
        assert r.attrs["metroscope"]["mode"] == "road"
        for o in CODES:
            for d in CODES:
                assert r.loc[o, d] == pytest.approx(road(o, d)), (mode, o, d)
    with pytest.raises(ParameterError, match="not both: mode='road' given"):
        travel_time_table(toy_region(), mode="road", options=TravelOptions(settings=s))


def test_some_origins_and_destinations_in_their_order() -> None:
    s = toy_settings()
    opts = TravelOptions(mode="rail", settings=s)
    m = travel_time_table(toy_region(), options=opts, origins=["C", "nope", "A"],
                          destinations=["D", "zz", "B", "E"])
    assert m.index.tolist() == ["C", "A"] and m.columns.tolist() == ["D", "B", "E"]
    for o in ("C", "A"):
        for d in ("D", "B", "E"):
            assert m.loc[o, d] == pytest.approx(rail(o, d)), (o, d)
    assert m.attrs["metroscope"]["units"] == {"D": "min", "B": "min", "E": "min"}
    # destinations alone: every origin
    m = travel_time_table(toy_region(), options=opts, destinations=["B"])
    assert m.index.tolist() == CODES and m.columns.tolist() == ["B"]
    assert m["B"].tolist() == pytest.approx([rail(o, "B") for o in CODES])


def test_the_long_table_and_its_names() -> None:
    s = toy_settings()
    long = travel_time_table(toy_region(), options=TravelOptions(mode="rail", settings=s),
                             origins=["D", "A"], destinations=["B", "D"], long=True)
    assert long.index.names == ["origin", "destination"]
    assert long.index.tolist() == [("D", "B"), ("D", "D"), ("A", "B"), ("A", "D")]
    assert long.columns.tolist() == ["minutes"]
    assert long["minutes"].tolist() == pytest.approx(
        [rail("D", "B"), 0.0, rail("A", "B"), rail("A", "D")])
    assert long.attrs["metroscope"]["mode"] == "rail"
    named = named_pairs(long, toy_region())
    assert named.columns.tolist() == ["origin", "origin_name_zh", "destination",
                                      "destination_name_zh", "minutes"]
    assert named["origin_name_zh"].tolist() == [NAMES[o] for o in "DDAA"]
    assert named["destination_name_zh"].tolist() == [NAMES[d] for d in "BDBD"]
    assert named["minutes"].tolist() == long["minutes"].tolist()
    assert named.attrs == long.attrs


def test_the_long_fastest_table_names_the_mode_used() -> None:
    """Labels by hand (tests/test_network_traveltime_by_hand.py): from D, rail to A and B,
    road to C (60 min, rail 70), itself "same", E "none"."""
    s = toy_settings()
    long = travel_time_table(toy_region(), options=TravelOptions(mode="fastest", settings=s),
                             origins=["D"], long=True)
    assert long.index.tolist() == [("D", d) for d in CODES]
    assert long["mode_used"].tolist() == ["rail", "rail", "road", "same", "none"]
    want = [rail("D", "A"), rail("D", "B"), 60.0, 0.0, math.inf]
    assert long["minutes"].tolist() == pytest.approx(want)
    assert rail("D", "C") > 60.0  # the road is faster to C
    meta = long.attrs["metroscope"]
    assert meta["mode"] == "fastest" and "units" not in meta
    # a name missing from the units is NA
    other = pd.DataFrame({"minutes": [1.0]},
                         index=pd.MultiIndex.from_tuples([("A", "zz")],
                                                         names=["origin", "destination"]))
    got = named_pairs(other, toy_region())
    assert got["origin_name_zh"].tolist() == ["甲"] and got["destination_name_zh"].isna().all()


def test_the_network_year_and_statuses_reach_the_table() -> None:
    """Keywords: the matrix's provenance names the network asked for; beside options they are
    refused, never dropped."""
    t = travel_time_table(toy_region(), mode="rail", year=2030, origins=["A"])
    meta = t.attrs["metroscope"]
    assert meta["network_year"] == 2030
    assert meta["statuses"] == ["operating", "under_construction", "planned"]
    t = travel_time_table(toy_region(), mode="road", status=("planned", "operating"),
                          origins=["A"])
    meta = t.attrs["metroscope"]
    assert meta["statuses"] == ["operating", "planned"] and "network_year" not in meta
    assert meta["mode"] == "road"
    opts = TravelOptions(mode="rail", settings=toy_settings())
    with pytest.raises(ParameterError, match="not both: year=2030 given"):
        travel_time_table(toy_region(), year=2030, options=opts)
    with pytest.raises(ParameterError, match=r"not both: status=\['planned'\] given"):
        travel_time_table(toy_region(), status=("planned",), options=opts)


def test_the_fastest_labels_follow_the_options_network_year() -> None:
    """In 2011 only l1 (A-B) is open: from D the road reaches C (60) and B (120); A is road to
    B's seat, a change (5) and rail B-A (5 + 10 wait + 15 + 10 = 40): 165 < 180 by road."""
    long = travel_time_table(toy_region(), options=TravelOptions(
        mode="fastest", network_year=2011, settings=toy_settings()), origins=["D"], long=True)
    assert long["mode_used"].tolist() == ["road+rail", "road", "road", "same", "none"]
    assert long["minutes"].tolist() == pytest.approx([165.0, 120.0, 60.0, 0.0, math.inf])
