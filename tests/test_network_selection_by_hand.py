"""The network selection (network/selection.py) and the travel options (network/options.py)
checked by hand: every rule of the two module docs on a links table written out here.

====  ==========  ===========  ==================  =========
row   link_id     mode         status              open_year
====  ==========  ===========  ==================  =========
0     h10         hsr          operating           2010
1     h_undated   hsr          operating           (none)
2     r25         rail         under_construction  2025
3     road30      road         planned             2030
4     urban31     urban        operating           2031
5     exp_undated expressway   planned             (none)
6     bus00       bus          operating           2000
7     i_text      intercity    operating           "2012" (text)
====  ==========  ===========  ==================  =========

A link counts when its mode is one of the network's (rail and fastest: the rail and road
modes; road: the road modes), its status is selected and, with a network year, it opened by
that year (an undated link counts only when operating).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from metroscope import ParameterError
from metroscope._errors import error_text
from metroscope.network.options import TravelOptions
from metroscope.network.selection import (
    MODE_LINKS,
    MODES,
    NetworkSelection,
    _whole_year,
    select_links,
    selection,
)
from metroscope.settings import get_settings

LINKS = pd.DataFrame({
    "link_id": ["h10", "h_undated", "r25", "road30", "urban31", "exp_undated", "bus00", "i_text"],
    "mode": ["hsr", "hsr", "rail", "road", "urban", "expressway", "bus", "intercity"],
    "status": ["operating", "operating", "under_construction", "planned", "operating",
               "planned", "operating", "operating"],
    "open_year": [2010, None, 2025, 2030, 2031, None, 2000, "2012"],
}, index=[10, 11, 12, 13, 14, 15, 16, 17])

ALL = ("operating", "under_construction", "planned")


def ids(mode: str, status: object, year: object) -> list[str]:
    return select_links(LINKS, selection(mode, status, year))["link_id"].tolist()  # type: ignore[arg-type]


def test_the_modes_of_each_network() -> None:
    assert MODES == ("rail", "road", "fastest")
    assert MODE_LINKS == {"rail": ("hsr", "intercity", "rail", "expressway", "road", "urban"),
                          "road": ("expressway", "road", "urban"),
                          "fastest": ("hsr", "intercity", "rail", "expressway", "road", "urban")}


def test_links_of_todays_network() -> None:
    """No year: operating links of the mode's kinds, whatever their opening year."""
    assert ids("rail", None, None) == ["h10", "h_undated", "urban31", "i_text"]
    assert ids("fastest", None, None) == ["h10", "h_undated", "urban31", "i_text"]
    assert ids("road", None, None) == ["urban31"]
    assert ids("road", "planned", None) == ["road30", "exp_undated"]


def test_links_open_by_a_network_year() -> None:
    # a year alone selects every status; 2030 itself counts, an undated planned link never
    assert ids("road", None, 2030) == ["road30"]
    assert ids("road", None, 2029) == []
    assert ids("road", None, 2031) == ["road30", "urban31"]
    # undated operating links count; "2012" given as text is the year 2012
    assert ids("rail", None, 2011) == ["h10", "h_undated"]
    assert ids("rail", None, 2012) == ["h10", "h_undated", "i_text"]
    assert ids("rail", None, 2025) == ["h10", "h_undated", "r25", "i_text"]
    assert ids("fastest", ["planned", "operating"], 2030) == ["h10", "h_undated", "road30",
                                                              "i_text"]
    assert ids("rail", "under_construction", 2024) == []
    assert ids("rail", "under_construction", 2025) == ["r25"]


def test_selected_links_keep_their_rows_and_are_a_copy() -> None:
    links = LINKS.copy()
    got = select_links(links, selection("rail", None, 2011))
    assert got.index.tolist() == [10, 11]
    pd.testing.assert_frame_equal(got, LINKS.loc[[10, 11]])
    got.loc[10, "mode"] = "changed"
    assert links.loc[10, "mode"] == "hsr"


def test_selection_normalises_the_statuses() -> None:
    assert selection("rail", None, None) == NetworkSelection("rail", ("operating",), None)
    assert selection("road", None, 2030) == NetworkSelection("road", ALL, 2030)
    # one name, repeats, and the schema's order whatever the order given
    assert selection("rail", "planned", None).statuses == ("planned",)
    assert selection("rail", ["planned", "operating", "planned"], None).statuses == (
        "operating", "planned")
    assert selection("rail", ("planned", "under_construction"), 2030).statuses == (
        "under_construction", "planned")
    assert selection("fastest", iter(["planned"]), None).statuses == ("planned",)
    s = selection("rail", None, "2030")
    assert s.year == 2030 and isinstance(s.year, int)


def test_selection_refusals_in_full() -> None:
    with pytest.raises(ParameterError) as e:
        selection("bus", None, None)
    assert str(e.value) == "Unknown mode 'bus': use one of rail, road, fastest."
    assert error_text(e.value, "zh") == "未知的出行方式 'bus':可用 rail、road、fastest。"
    with pytest.raises(ParameterError) as e:
        selection("rail", ["open", "operating", "closed"], None)
    assert str(e.value) == ("Unknown status(es) ['closed', 'open']: use any of operating, "
                            "under_construction, planned.")
    with pytest.raises(ParameterError) as e:
        selection("rail", [], None)
    assert str(e.value) == ("Unknown status(es) []: use any of operating, under_construction, "
                            "planned.")
    for year in (1948, 2101):
        with pytest.raises(ParameterError) as e:
            selection("rail", None, year)
        assert str(e.value) == f"Network year {year} is outside 1949-2100."
    # the range's ends are years of the network
    assert selection("rail", None, 1949).year == 1949
    assert selection("rail", None, 2100).year == 2100


def test_whole_years() -> None:
    assert _whole_year(None) is None
    for good in (2030, " 2030 ", "2030", 2030.0, np.int64(2030), np.float64(2030.0)):
        got = _whole_year(good)
        assert got == 2030 and type(got) is int, good
    for bad in (2030.5, "2030.5", "-2030", "abc", "", math.nan, math.inf, -math.inf, True, False,
                [2030]):
        with pytest.raises(ParameterError) as e:
            _whole_year(bad)
        assert str(e.value).startswith("Network year ") and str(e.value).endswith(
            " is not a whole year: give a year such as 2030."), bad
    with pytest.raises(ParameterError) as e:
        _whole_year("abc")
    assert str(e.value) == "Network year 'abc' is not a whole year: give a year such as 2030."
    with pytest.raises(ParameterError) as e:
        _whole_year(True)
    assert str(e.value) == "Network year True is not a whole year: give a year such as 2030."


def test_describe() -> None:
    s = selection("rail", ["planned", "operating"], 2030)
    assert s.describe() == "rail network (operating+planned, open by 2030)"
    assert s.describe_message().zh == "rail 路网(operating+planned,截至 2030 年开通)"
    assert selection("road", None, None).describe() == "road network (operating)"
    assert selection("road", None, None).describe_message().zh == "road 路网(operating)"
    # a year given as a NumPy integer is printed as a plain number
    assert NetworkSelection("rail", ("planned",), np.int64(2031)).describe() == (  # type: ignore[arg-type]
        "rail network (planned, open by 2031)")


# ----------------------------------------------------------------------- TravelOptions
def test_options_defaults_and_normalisation() -> None:
    o = TravelOptions()
    assert (o.mode, o.network_year, o.status, o.settings, o.level) == (
        "fastest", None, None, None, None)
    assert o.selection() == NetworkSelection("fastest", ("operating",), None)
    assert TravelOptions(status="planned").status == ("planned",)  # type: ignore[arg-type]
    assert TravelOptions(status=[np.str_("planned")]).status == ("planned",)  # type: ignore[arg-type]
    assert type(TravelOptions(status=[np.str_("planned")]).status[0]) is str  # type: ignore[arg-type,index]
    y = TravelOptions(network_year="2030")  # type: ignore[arg-type]
    assert y.network_year == 2030 and type(y.network_year) is int
    assert y.selection() == NetworkSelection("fastest", ALL, 2030)
    assert TravelOptions(mode="road", network_year=2030, status=("planned", "operating"),
                         level="prefecture").selection() == NetworkSelection(
        "road", ("operating", "planned"), 2030)
    for level in ("province", "prefecture", "county"):
        assert TravelOptions(level=level).level == level


def test_options_refusals_in_full() -> None:
    with pytest.raises(ParameterError) as e:
        TravelOptions(level="village")
    assert str(e.value) == "Unknown level 'village'; levels are province, prefecture, county."
    with pytest.raises(ParameterError, match=r"^Unknown mode 'bus'"):
        TravelOptions(mode="bus")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match=r"^Unknown status\(es\) \['open'\]"):
        TravelOptions(status=("open",))
    with pytest.raises(ParameterError, match=r"^Network year 1800 is outside"):
        TravelOptions(network_year=1800)


def test_routing_settings_and_another_mode() -> None:
    s = get_settings(transfer_penalty_min=7.5, travel_time_cache="off")
    assert TravelOptions(settings=s).routing_settings() is s
    assert TravelOptions().routing_settings() == get_settings()
    o = TravelOptions(mode="rail", network_year=2030, status=("planned",), settings=s,
                      level="county")
    r = o.with_mode("road")
    assert r == TravelOptions(mode="road", network_year=2030, status=("planned",), settings=s,
                              level="county")
    assert o.mode == "rail"
    with pytest.raises(ParameterError, match=r"^Unknown mode 'bus'"):
        o.with_mode("bus")  # type: ignore[arg-type]


def test_options_of_keywords() -> None:
    s = get_settings(travel_time_cache="off")
    assert TravelOptions.of() == TravelOptions()
    got = TravelOptions.of(mode="rail", status="planned", year=2030, settings=s,
                           level="prefecture")
    assert got == TravelOptions(mode="rail", network_year=2030, status=("planned",),
                                settings=s, level="prefecture")
    assert TravelOptions.of(status=["planned", "operating"]).status == ("planned", "operating")
    opts = TravelOptions(mode="road", settings=s)
    assert TravelOptions.of(opts) is opts
    assert TravelOptions.of(opts, mode="fastest", status=None, year=None, settings=None,
                            level=None) is opts


@pytest.mark.parametrize(("kw", "given"), [
    ({"mode": "rail"}, "mode='rail'"),
    ({"status": "planned"}, "status='planned'"),
    ({"year": 2020}, "year=2020"),
    ({"level": "county"}, "level='county'"),
    ({"mode": "road", "year": 2030}, "mode='road', year=2030"),
])
def test_options_beside_keywords_in_full(kw: dict[str, object], given: str) -> None:
    with pytest.raises(ParameterError) as e:
        TravelOptions.of(TravelOptions(mode="rail"), **kw)  # type: ignore[arg-type]
    assert str(e.value) == ("Give the travel options either as options= or as keywords, not "
                            f"both: {given} given beside options=TravelOptions(mode='rail', ...).")


def test_options_that_are_not_options_in_full() -> None:
    with pytest.raises(ParameterError) as e:
        TravelOptions.of({"mode": "rail"})  # type: ignore[arg-type]
    assert str(e.value) == ("options= takes a TravelOptions (metroscope.network.TravelOptions("
                            "mode=..., network_year=...)), not {'mode': 'rail'}.")


def test_open_years_as_nullable_integers_and_unreadable_text() -> None:
    """A nullable integer column (missing years are NA, and ``<=`` gives NA for them) and a
    year that is not a number are both undated: an operating link counts, a planned one not."""
    links = pd.DataFrame({"link_id": ["a2010", "a_na", "p_na", "p2030", "a_text", "p_text"],
                          "mode": ["road"] * 6,
                          "status": ["operating", "operating", "planned", "planned",
                                     "operating", "planned"],
                          "open_year": [2010, None, None, 2030, None, None]})
    links["open_year"] = links["open_year"].astype("Int64")
    got = select_links(links, selection("road", None, 2020))["link_id"].tolist()
    assert got == ["a2010", "a_na", "a_text"]
    text = links.astype({"open_year": object})
    text.loc[4:5, "open_year"] = ["unknown", "?"]
    got = select_links(text, selection("road", None, 2020))["link_id"].tolist()
    assert got == ["a2010", "a_na", "a_text"]


def test_describe_joins_several_statuses_without_a_year() -> None:
    s = selection("road", ["planned", "operating"], None)
    assert s.describe() == "road network (operating+planned)"
    assert s.describe_message().zh == "road 路网(operating+planned)"


def test_settings_beside_options_are_named() -> None:
    s = get_settings(travel_time_cache="off")
    with pytest.raises(ParameterError) as e:
        TravelOptions.of(TravelOptions(mode="road"), settings=s)
    assert str(e.value) == ("Give the travel options either as options= or as keywords, not "
                            f"both: settings={s!r} given beside options=TravelOptions("
                            "mode='road', ...).")
