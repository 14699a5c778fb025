"""In-vehicle minutes of links and boarding waits of lines, each checked against the rule of
``metroscope.network._times`` worked out by hand (km / km/h x 60; medians of a few numbers)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from metroscope.network._times import (
    FACTOR_MODES,
    line_headways,
    link_minutes,
    operating_speed_factors,
    riding_layers,
)
from metroscope.settings import Settings
from test_network_fixtures import toy_settings

NAN = np.nan


def _settings(**kw: float | None) -> Settings:
    base = {"operating_speed_factor_hsr": 0.5, "operating_speed_factor_intercity": 0.8,
            "operating_speed_factor_rail": 0.4, "operating_speed_factor_expressway": 0.75,
            "road_speed_kph": 80.0, "urban_speed_kph": 20.0}
    base.update(kw)
    return toy_settings(**base)


def test_factor_modes_and_factors() -> None:
    assert FACTOR_MODES == ("hsr", "intercity", "rail", "expressway")
    assert operating_speed_factors(_settings()) == {"hsr": 0.5, "intercity": 0.8, "rail": 0.4}


def test_link_minutes_each_rule_by_hand() -> None:
    links = pd.DataFrame({
        "mode": ["hsr", "intercity", "rail", "expressway", "road", "urban", "road", "urban",
                 "hsr", "rail", "road"],
        "length_km": [100.0, 100.0, 100.0, 100.0, 100.0, 10.0, 100.0, 10.0, 100.0, 100.0, 30.0],
        "speed_kph": [300.0, 200.0, 100.0, 120.0, 50.0, 30.0, NAN, NAN, 300.0, 100.0, NAN],
        "operating_speed_kph": [NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, 250.0, NAN, NAN],
        "minutes": [NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, 33.0, 12.0],
    }, index=[10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20])
    got = link_minutes(links, _settings())
    want = [100 / (300 * 0.5) * 60,   # design speed x the mode's factor
            100 / (200 * 0.8) * 60,
            100 / (100 * 0.4) * 60,
            100 / (120 * 0.75) * 60,  # expressways too
            100 / 50 * 60,            # a road's own speed, unscaled
            10 / 30 * 60,
            100 / 80 * 60,            # road without a speed: road_speed_kph
            10 / 20 * 60,             # urban without a speed: urban_speed_kph
            100 / 250 * 60,           # a published operating speed, unscaled
            33.0, 12.0]               # given minutes win
    assert got.index.tolist() == links.index.tolist()
    assert str(got.dtype) == "float64"
    np.testing.assert_allclose(got.to_numpy(), want, rtol=1e-12)


def test_link_minutes_without_optional_columns() -> None:
    links = pd.DataFrame({"mode": ["rail", "road"], "length_km": [60.0, 60.0],
                          "speed_kph": [100.0, NAN]})
    got = link_minutes(links, _settings())
    np.testing.assert_allclose(got.to_numpy(), [60 / (100 * 0.4) * 60, 60 / 80 * 60])
    # numbers written as text are read; a mode with no factor and no default speed, without
    # a speed of its own, has no time
    text = pd.DataFrame({"mode": ["hsr", "ferry"], "length_km": ["90", "10"],
                         "speed_kph": ["300", None], "minutes": [None, None]})
    got = link_minutes(text, _settings())
    assert got.iloc[0] == pytest.approx(90 / (300 * 0.5) * 60)
    assert np.isnan(got.iloc[1])
    assert np.isnan(link_minutes(pd.DataFrame({"mode": ["road"]}), _settings()).iloc[0])
    # text that is not a number counts as missing: the next rule applies
    odd = pd.DataFrame({"mode": ["rail", "road"], "length_km": [60.0, 30.0],
                        "speed_kph": [100.0, "fast"], "minutes": ["n/a", None]})
    got = link_minutes(odd, _settings())
    np.testing.assert_allclose(got.to_numpy(), [60 / (100 * 0.4) * 60, 30 / 80 * 60])


def _rail(rows: list[tuple[str, str, str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["line_key", "mode", "from_node", "to_node",
                                       "headway_min"])


def test_headway_from_the_same_mode_median() -> None:
    rail = _rail([("L1", "hsr", "a", "b", 10.0), ("L2", "hsr", "b", "c", 30.0),
                  ("L3", "hsr", "c", "d", 40.0), ("L4", "rail", "d", "e", 90.0),
                  ("L5", "hsr", "e", "f", NAN), ("L5", "hsr", "f", "g", 12.0)])
    out, notes = line_headways(rail, toy_settings())
    # L5 has a gap: the median of the other hsr lines (10, 30, 40) is 30, not L4's 90
    assert out == {"L5": 30.0}
    assert len(notes) == 1 and notes[0].key == "net_assumed_headway"
    assert notes[0].params["line"] == {"zh": "L5", "en": "L5"} and notes[0].params["h"] == "30.0"
    why = notes[0].params["why"]
    assert why.key == "net_headway_median_same_mode"
    assert why.params["lines"] == [{"zh": x, "en": x} for x in ("L1 10", "L2 30", "L3 40")]


def test_headway_from_any_line_when_no_same_mode_line_has_one() -> None:
    rail = _rail([("L1", "hsr", "a", "b", 10.0), ("L2", "hsr", "b", "c", 25.0),
                  ("L4", "rail", "d", "e", NAN)])
    out, notes = line_headways(rail, toy_settings())
    assert out == {"L4": 17.5}  # median of 10 and 25
    assert notes[0].params["h"] == "17.5"
    assert notes[0].params["why"].key == "net_headway_median_any"
    assert notes[0].params["why"].params["lines"] == [{"zh": x, "en": x} for x in ("L1 10", "L2 25")]


def test_headway_from_the_setting_and_none_known() -> None:
    rail = _rail([("L1", "hsr", "a", "b", 10.0), ("L4", "rail", "d", "e", NAN)])
    out, notes = line_headways(rail, toy_settings(assumed_headway_min=45.0))
    assert out == {"L4": 45.0}
    assert notes[0].params["h"] == "45.0"
    assert notes[0].params["why"].key == "net_headway_from_setting"
    bare = _rail([("L1", "hsr", "a", "b", NAN), ("L2", "rail", "b", "c", NAN)])
    out, notes = line_headways(bare, toy_settings())
    assert out == {}
    assert [(n.key, n.params) for n in notes] == [
        ("net_headway_none_known", {"line": {"zh": "L1", "en": "L1"}}),
        ("net_headway_none_known", {"line": {"zh": "L2", "en": "L2"}})]
    out, notes = line_headways(bare, toy_settings(assumed_headway_min=8.0))
    assert out == {"L1": 8.0, "L2": 8.0} and len(notes) == 2


def test_one_riding_layer_per_headway_of_a_line_nested_by_hand() -> None:
    rail = _rail([("L1", "hsr", "a", "b", 20.0), ("L1", "hsr", "b", "c", 8.0),
                  ("L2", "rail", "b", "d", NAN), ("L3", "rail", "d", "e", 30.0)])
    layers, notes = riding_layers(rail, toy_settings(wait_fraction_of_headway=0.25))
    # L1 has two headways: the 8-min layer rides b-c only, the 20-min layer both links;
    # L2 takes the rail median (L3: 30) and keeps its line key, as L3 does (one headway each)
    assert [(x.key, x.line, x.headway, x.wait, x.rows) for x in layers] == [
        ("L1 ~h=8.0", "L1", 8.0, 0.25 * 8, (1,)), ("L1 ~h=20.0", "L1", 20.0, 0.25 * 20, (0, 1)),
        ("L2", "L2", 30.0, 0.25 * 30, (2,)), ("L3", "L3", 30.0, 0.25 * 30, (3,))]
    assert [n.params["line"] for n in notes] == [{"zh": "L2", "en": "L2"}]
    bare = _rail([("L1", "hsr", "a", "b", NAN)])
    layers, notes = riding_layers(bare, toy_settings())
    assert len(layers) == 1 and layers[0].wait == 0.0 and np.isnan(layers[0].headway)
    assert layers[0].key == "L1" and layers[0].rows == (0,) and len(notes) == 1
    # a link whose headway is unknown (and cannot be assumed: no line has a full set) is
    # ridden in every layer of its line
    mixed = _rail([("L1", "hsr", "a", "b", 10.0), ("L1", "hsr", "b", "c", NAN),
                   ("L1", "hsr", "c", "d", 40.0)])
    layers, _ = riding_layers(mixed, toy_settings())
    assert [(x.key, x.wait, x.rows) for x in layers] == [
        ("L1 ~h=10.0", 5.0, (0, 1)), ("L1 ~h=40.0", 20.0, (0, 1, 2))]
