"""The refusals of the travel options and travel-time functions, and the reasons of
``unreachable_pairs``, are catalogue messages: each is checked in English (unchanged wording)
and in Chinese (no English sentence, the values kept), from the library and the command line."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import metroscope
from metroscope._errors import MissingDataError, ParameterError, UnknownUnitError, error_text
from metroscope.cli import make_app
from metroscope.messages import Message
from metroscope.network import (
    TravelOptions,
    circle_summary,
    point_travel_times,
    service_accessibility,
    travel_times_from,
    unit_travel_times,
    unreachable_pairs,
)
from metroscope.network._matrix_units import routing_codes
from metroscope.network._unitdata import unit_values
from test_network_fixtures import toy_region, toy_settings, toy_tables

# three or more English words in a row (the rule of tests/test_messages.py); a command line
# and the names of keyword arguments are not English sentences
ENGLISH = re.compile(r"[A-Za-z][a-z']+(?:[ ,;:]+[A-Za-z][a-z']+){2,}")


def both(exc: BaseException) -> tuple[str, str, str]:
    """(key, English, Chinese) of a refusal; the Chinese has no English sentence."""
    msg = exc.args[0]
    assert isinstance(msg, Message), msg
    zh = error_text(exc, "zh")
    assert not ENGLISH.search(zh), zh
    assert error_text(exc, "en") == str(exc) == msg.en
    return msg.key, msg.en, zh


def refusal(exc_type: type[BaseException], call: Any, *args: Any, **kw: Any
            ) -> tuple[str, str, str]:
    with pytest.raises(exc_type) as info:
        call(*args, **kw)
    return both(info.value)


@pytest.fixture(scope="module")
def region() -> metroscope.Region:
    return metroscope.load("changchun")


def test_travel_options_refusals() -> None:
    key, en, zh = refusal(ParameterError, TravelOptions, level="village")
    assert key == "err_unknown_level"
    assert en == "Unknown level 'village'; levels are province, prefecture, county."
    assert zh == "未知的层级 'village';可用的层级为 province、prefecture、county。"
    key, en, zh = refusal(ParameterError, TravelOptions.of, {"mode": "rail"})
    assert key == "err_options_not_travel"
    assert en == ("options= takes a TravelOptions (metroscope.network.TravelOptions(mode=..., "
                  "network_year=...)), not {'mode': 'rail'}.")
    assert zh.startswith("options= 须为 TravelOptions(") and zh.endswith("而非 {'mode': 'rail'}。")
    key, en, zh = refusal(ParameterError, TravelOptions.of, TravelOptions(mode="road"),
                          mode="rail", year=2030)
    assert key == "err_options_and_keywords"
    assert en == ("Give the travel options either as options= or as keywords, not both: "
                  "mode='rail', year=2030 given beside options=TravelOptions(mode='road', ...).")
    assert zh == ("出行选项只能以 options= 或关键字参数之一给出,不能两者都给:"
                  "在 options=TravelOptions(mode='road', ...) 之外又给了 mode='rail'、year=2030。")


def test_direction_and_column_refusals(region: metroscope.Region) -> None:
    key, en, zh = refusal(ParameterError, travel_times_from, region, ["220100"], direction="up")
    assert (key, en) == ("err_direction_from_to", "direction must be 'from' or 'to', not 'up'.")
    assert zh == "direction 须为 'from' 或 'to',而非 'up'。"
    pts = pd.DataFrame({"lon": [125.3]})
    key, en, zh = refusal(ParameterError, point_travel_times, region, pts, direction="in")
    assert key == "err_direction_points" and "'in'" in zh and "'to_points'" in zh
    key, en, zh = refusal(MissingDataError, point_travel_times, region, pts)
    assert en == "points need columns lon and lat (degrees); missing lat."
    assert zh == "points 需要 lon 和 lat 列(经纬度,单位为度);缺少 lat。"
    supply = pd.DataFrame({"name": ["x"], "lon": [125.3], "lat": [43.9]})
    key, en, zh = refusal(MissingDataError, service_accessibility, region, supply)
    assert en == "supply has no 'capacity' column; name the capacity column with capacity=..."
    assert zh == "supply 中没有 'capacity' 列;请用 capacity=...(命令行 --capacity)指明容量列。"
    key, en, zh = refusal(MissingDataError, service_accessibility, region,
                          pd.DataFrame({"capacity": [1.0]}))
    assert key == "err_supply_location" and "code 列(单元编码)" in zh
    key, en, zh = refusal(ParameterError, circle_summary, region, modes=())
    assert en == "modes is empty: give one or more of rail, road, fastest."
    assert zh == "modes 为空:请给出 rail、road、fastest 中的一种或几种。"


def test_unit_values_and_unknown_units(region: metroscope.Region) -> None:
    codes = list(region.units.index[:3])
    key, en, zh = refusal(MissingDataError, unit_values, region, "population", codes, 1999,
                          required=True)
    years = sorted(int(y) for y in region.stats.loc[
        (region.stats["indicator"] == "population") & region.stats["code"].isin(codes), "year"
    ].unique())
    assert en == (f"No population in 1999 for the region's units; years with population: "
                  f"{', '.join(map(str, years))}. Give one of them as the statistics year "
                  "(stats_year=, --stats-year).")
    assert zh == (f"区域各单元没有 1999 年的常住人口;有常住人口的年份:{'、'.join(map(str, years))}。"
                  "请以其中一年为统计年份(stats_year=,命令行 --stats-year)。")
    key, en, zh = refusal(UnknownUnitError, routing_codes, region, ["999999"])
    assert key == "err_route_units_unknown"
    assert en == "Unit(s) ['999999'] not in region 'changchun'. See region.units.index."
    assert zh == "单元 ['999999'] 不在区域“changchun”中。单元编码见 region.units.index。"


def test_a_region_without_located_units_and_a_network_without_access() -> None:
    units = toy_tables()["units"]
    units[["seat_lon", "seat_lat"]] = np.nan
    bare = toy_region(units=units, access=toy_tables()["access"].iloc[:0])
    key, en, zh = refusal(MissingDataError, unit_travel_times, bare, mode="rail",
                          settings=toy_settings())
    assert zh == ("区域“toy”中没有具备驻地坐标或接入行的 county 级单元;"
                  "请补充 seat_lon/seat_lat 和接入(access)行。")
    no_access = toy_region(access=toy_tables()["access"].iloc[:0])
    key, en, zh = refusal(MissingDataError, point_travel_times, no_access,
                          pd.DataFrame({"lon": [125.0], "lat": [43.0]}), mode="rail",
                          settings=toy_settings())
    assert key == "err_points_no_access"
    assert en == "No unit of region 'toy' has access to the rail network (operating)."
    assert zh == "区域“toy”中没有任何单元接入rail 路网(operating)。"


def test_unreachable_reasons_in_both_languages() -> None:
    bad = unreachable_pairs(toy_region(), settings=toy_settings(), mode="rail")
    assert len(bad) == 8 and all(isinstance(r, Message) for r in bad["reason"])
    by_pair = bad.set_index(["origin", "destination"])["reason"]
    one = by_pair[("A", "E")]
    assert one.key == "net_reason_destination_no_access" and one.params["code"] == "E"
    assert one.startswith("destination E has no access row to a node of the rail network")
    assert one.zh.startswith("终点 E 没有接入rail 路网(")
    assert by_pair[("E", "A")].zh.startswith("起点 E 没有接入rail 路网(")
    for reason in bad["reason"]:
        assert not ENGLISH.search(reason.zh), reason.zh
    # cut off from A's station, A reaches nothing but itself: separate components
    links = toy_tables()["links"]
    cut = unreachable_pairs(toy_region(links=links[links["link_id"] != "l1"]),
                            settings=toy_settings(), mode="rail")
    apart = cut.set_index(["origin", "destination"])["reason"][("A", "B")]
    assert apart.key == "net_reason_no_path"
    assert apart.startswith("no path in the rail network")
    assert apart.zh.startswith("rail 路网(") and "中没有路径(两地位于路网互不连通的部分)" in apart.zh


def test_both_ends_without_access_are_joined_per_language() -> None:
    m = Message("net_reason_both",
                first=Message("net_reason_origin_no_access", code="E", network="n"),
                second=Message("net_reason_destination_no_access", code="F", network="n"))
    assert m == ("origin E has no access row to a node of the n; destination F has no access "
                 "row to a node of the n")
    assert m.zh == "起点 E 没有接入n节点的接入行;终点 F 没有接入n节点的接入行"


def cli(*argv: str) -> Any:
    return CliRunner().invoke(make_app(list(argv)), list(argv))


def test_the_command_line_says_them_in_chinese(tmp_path: Any) -> None:
    out = cli("access", "accessibility", "--stats-year", "1999", "--lang", "zh")
    assert out.exit_code != 0
    assert "区域各单元没有 1999 年的常住人口;有常住人口的年份:" in out.output
    assert not ENGLISH.search(out.output), out.output
    supply = tmp_path / "s.csv"
    supply.write_text("name,lon,lat\nx,125.3,43.9\n", encoding="utf-8")
    out = cli("access", "accessibility", "--supply", str(supply), "--capacity", "beds",
              "--lang", "zh")
    assert "supply 中没有 'beds' 列" in out.output and not ENGLISH.search(out.output)
