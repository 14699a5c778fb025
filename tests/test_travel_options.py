"""``TravelOptions``: one value for mode, network year, statuses, settings and level, and the
network year kept apart from the statistics year.

Expected values are recomputed here from the pieces the analyses combine: the travel-time
matrix of the network year (``unit_travel_times``) and the population of the statistics year
read straight from ``region.stats``; the weighted average travel time is written as a plain loop
(Gutiérrez 1996, METHODS §7).
"""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import metroscope
from metroscope import ParameterError
from metroscope.network import (
    TravelOptions,
    accessibility,
    commuting_circle,
    isochrone,
    travel_times_from,
    unit_travel_times,
)
from metroscope.network.tables import travel_time_table
from test_network_fixtures import toy_region, toy_settings


@pytest.fixture(scope="module")
def region() -> metroscope.Region:
    return metroscope.load("changchun")


def population(region: metroscope.Region, year: int) -> pd.Series:
    """Population per code in ``year``, straight from the long stats table."""
    s = region.stats
    rows = s[(s["indicator"] == "population") & (s["year"] == year)]
    return rows.set_index("code")["value"].astype(float)


def weighted_time_by_hand(minutes: pd.DataFrame, mass: pd.Series, code: str) -> float:
    num = den = 0.0
    for dest in minutes.columns:
        m = mass.get(dest, math.nan)
        if dest == code or math.isnan(m):
            continue
        num += float(minutes.loc[code, dest]) * m
        den += m
    return num / den


def test_network_year_and_statistics_year_are_independent_and_both_take_effect(
        region: metroscope.Region) -> None:
    rail_2030 = TravelOptions(mode="rail", network_year=2030)
    today = TravelOptions(mode="rail")
    # the two matrices differ: the planned 2030 HSR links count only in the 2030 network
    t_2030 = unit_travel_times(region, options=rail_2030)
    t_now = unit_travel_times(region, options=today)
    assert int((t_2030 != t_now).to_numpy().sum()) > 100
    pop_2010, pop_2020 = population(region, 2010), population(region, 2020)

    runs = {(net, stats): accessibility(region, options=opts, stats_year=stats)
            for net, opts in (("2030", rail_2030), ("today", today)) for stats in (2010, 2020)}
    matrices = {"2030": t_2030, "today": t_now}
    pops = {2010: pop_2010, 2020: pop_2020}
    codes = ["220102", "220182", "220281", "220382", "220623", "222405"]
    for (net, stats), res in runs.items():
        meta = res.attrs["metroscope"]
        assert meta.get("network_year") == (2030 if net == "2030" else None)
        assert meta["stats_year"] == stats
        for code in codes:
            # the mass is the population of the statistics year, whatever the network year
            assert res.loc[code, "mass"] == pops[stats][code]
            # the times are those of the network year, whatever the statistics year
            expected = weighted_time_by_hand(matrices[net], pops[stats], code)
            assert res.loc[code, "weighted_time_min"] == pytest.approx(expected, rel=1e-12)
    # changing one year changes the result, changing the other too
    a, b = runs[("2030", 2010)], runs[("today", 2010)]
    assert not np.allclose(a["weighted_time_min"], b["weighted_time_min"])
    c = runs[("2030", 2020)]
    assert not np.allclose(a["weighted_time_min"], c["weighted_time_min"], equal_nan=True)
    assert a.attrs["metroscope"]["matrix_id"] == c.attrs["metroscope"]["matrix_id"]


def test_the_circle_weighs_the_network_of_one_year_by_the_population_of_another(
        region: metroscope.Region) -> None:
    c = commuting_circle(region, options=TravelOptions(mode="rail", network_year=2030),
                         stats_year=2010)
    to_core = travel_times_from(region, [region.core_code()], mode="rail", year=2030,
                                direction="to")
    np.testing.assert_array_equal(c["travel_time_min"].to_numpy(),
                                  to_core.iloc[:, 0].to_numpy())
    pop = population(region, 2010).reindex(c.index.astype(str))
    np.testing.assert_array_equal(c["population"].to_numpy(), pop.to_numpy())
    s = c.attrs["metroscope"]["summary"]
    assert s["population_year"] == 2010
    assert s["population_inside"] == pytest.approx(float(np.nansum(pop[c["inside"]])))
    assert c.attrs["metroscope"]["network_year"] == 2030


def test_options_and_keywords_are_the_same_call(region: metroscope.Region) -> None:
    kw = unit_travel_times(region, mode="rail", year=2030, status=["operating", "planned"])
    opts = unit_travel_times(region, options=TravelOptions(
        mode="rail", network_year=2030, status=("operating", "planned")))
    pd.testing.assert_frame_equal(kw, opts)
    assert kw.attrs["metroscope"]["matrix_id"] == opts.attrs["metroscope"]["matrix_id"]
    # travel_time_table's own default mode (rail) does not override the options' mode
    road = travel_time_table(region, origins=["220102"], options=TravelOptions(mode="road"))
    assert road.attrs["metroscope"]["mode"] == "road"
    iso_kw = isochrone(region, minutes=45, mode="road", origin="220102")
    iso_opts = isochrone(region, minutes=45, origin="220102",
                         options=TravelOptions(mode="road"))
    pd.testing.assert_frame_equal(iso_kw, iso_opts)


def test_options_are_checked_when_made() -> None:
    with pytest.raises(ParameterError, match="Unknown mode 'bus'"):
        TravelOptions(mode="bus")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match=r"Unknown status\(es\) \['open'\]"):
        TravelOptions(status=("open",))
    with pytest.raises(ParameterError, match="Network year 1800 is outside"):
        TravelOptions(network_year=1800)
    with pytest.raises(ParameterError, match="Unknown level 'village'"):
        TravelOptions(level="village")
    one = TravelOptions(status="planned")  # type: ignore[arg-type]
    assert one.status == ("planned",)
    assert one.selection().statuses == ("planned",)
    # the default statuses follow the network year: operating today, every status by a year
    assert TravelOptions().selection().statuses == ("operating",)
    assert TravelOptions(network_year=2030).selection().statuses == (
        "operating", "under_construction", "planned")
    # a value: equal options are equal and hash alike (usable as cache keys)
    assert TravelOptions(mode="rail", network_year=2030) == TravelOptions(mode="rail",
                                                                           network_year=2030)
    assert len({TravelOptions(), TravelOptions(), TravelOptions(mode="road")}) == 2
    with pytest.raises(AttributeError):
        TravelOptions().mode = "road"  # type: ignore[misc]


def test_options_beside_a_keyword_that_would_be_dropped_is_an_error() -> None:
    region = toy_region()
    s = toy_settings(transfer_penalty_min=7.5)  # not the default 5, so its use shows
    opts = TravelOptions(mode="road", settings=s)
    for kw in ({"mode": "rail"}, {"year": 2020}, {"status": "planned"}, {"settings": s},
               {"level": "county"}):
        with pytest.raises(ParameterError, match="not both") as e:
            unit_travel_times(region, options=opts, **kw)  # type: ignore[arg-type]
        assert next(iter(kw)) in str(e.value)
    # keywords left at their defaults are not "given"
    assert TravelOptions.of(opts) is opts
    assert TravelOptions.of(None, mode="rail", year=2030, status="planned") == TravelOptions(
        mode="rail", network_year=2030, status=("planned",))
    # the options reach the routing: the toy settings (not the defaults) are in the provenance
    t = unit_travel_times(region, options=opts)
    assert t.attrs["metroscope"]["parameters"]["transfer_penalty_min"] == \
        s.transfer_penalty_min


def test_command_line_and_web_take_the_statistics_year_apart(region: metroscope.Region,
                                                             tmp_path_factory: pytest.TempPathFactory
                                                             ) -> None:
    from _web import cli_json, client

    rows = cli_json("access", "accessibility", "--mode", "rail", "--year", "2030",
                    "--stats-year", "2010")
    by_code = {r["code"]: r for r in rows}
    pop_2010 = population(region, 2010)
    for code in ("220102", "220183"):
        assert by_code[code]["mass"] == pop_2010[code]
    lib = accessibility(region, options=TravelOptions(mode="rail", network_year=2030),
                        stats_year=2010)
    for code in ("220102", "220183"):
        assert by_code[code]["weighted_time_min"] == pytest.approx(
            lib.loc[code, "weighted_time_min"], rel=1e-3)
    with client(tmp_path_factory.mktemp("web")) as api:
        r = api.get("/api/v1/accessibility?mode=rail&year=2030&stats_year=2010")
        assert r.status_code == 200, r.text
        web = {row["code"]: row for row in r.json()}
        for code in ("220102", "220183"):
            assert web[code]["mass"] == pop_2010[code]
            # minutes to 0.1, as the CLI prints them (one rounding for both)
            assert web[code]["weighted_time_min"] == round(
                float(lib.loc[code, "weighted_time_min"]), 1)
            assert web[code]["weighted_time_min"] == by_code[code]["weighted_time_min"]
        circle = api.get("/api/v1/circle?mode=rail&year=2030&stats_year=2010")
        assert circle.status_code == 200, circle.text
        inside = [row for row in circle.json() if row["inside"]]
        assert sum(row["population"] or 0 for row in inside) == pytest.approx(
            float(pop_2010.reindex([row["code"] for row in inside]).sum()))


def test_scenario_comparison_takes_the_options_whole(region: metroscope.Region) -> None:
    from metroscope.scenario import apply, compare

    other = apply("chang-si-liao-tong", region)
    kw = compare(region, other, mode="rail", stats_year=2010)
    opts = compare(region, other, options=TravelOptions(mode="rail"), stats_year=2010)
    pd.testing.assert_frame_equal(kw, opts)
    assert kw.attrs["metroscope"]["mode"] == "rail"
    # the base circle's population is that of the statistics year
    pop = population(region, 2010)
    inside = kw.index[kw["inside_base"].to_numpy(bool)].astype(str)
    assert kw.attrs["metroscope"]["summary"]["base"]["population_inside"] == pytest.approx(
        float(pop.reindex(inside).sum()))
    with pytest.raises(ParameterError, match="county-level units"):
        compare(region, other, options=TravelOptions(level="prefecture"))


def test_a_statistics_year_without_population_is_refused_with_the_years_that_have_it(
        region: metroscope.Region) -> None:
    """Weighing by a year nobody has a value for used to give a circle of 0 people."""
    years = sorted(int(y) for y in region.stats.loc[
        region.stats["indicator"] == "population", "year"].unique())
    said = ", ".join(map(str, years))
    for call in (commuting_circle, accessibility):
        with pytest.raises(metroscope.MissingDataError, match=f"population: {said}"):
            call(region, stats_year=1800)
    out = subprocess.run([sys.executable, "-m", "metroscope", "access", "circle",
                          "--stats-year", "1800"], check=False, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 1
    assert f"years with population: {said}" in out.stderr + out.stdout
    assert "Traceback" not in out.stderr


def test_the_graph_layer_takes_the_same_options_as_the_analyses() -> None:
    """``build_graph(options=...)`` routes the same network as the keywords it replaces; a
    keyword that disagrees beside ``options`` is refused, not dropped."""
    from metroscope.network.graph import build_graph, build_graphs, shortest_minutes

    toy = toy_region()
    settings = toy_settings()
    for mode, year in (("rail", None), ("road", None), ("fastest", 2030)):
        by_kw = build_graph(toy, mode=mode, year=year, settings=settings)
        by_opts = build_graph(toy, options=TravelOptions(mode=mode, network_year=year,  # type: ignore[arg-type]
                                                         settings=settings))
        assert by_kw.selection == by_opts.selection
        assert (by_kw.csr != by_opts.csr).nnz == 0
        src = [by_kw.unit_out[u] for u in by_kw.served_units()[:1]]
        np.testing.assert_array_equal(shortest_minutes(by_kw, src), shortest_minutes(by_opts, src))
    # the network of 2011 is not today's (the 2012 and 2015 lines are not open): the
    # option reaches the graph
    today = build_graph(toy, mode="rail", settings=settings)
    early = build_graph(toy, options=TravelOptions(mode="rail", network_year=2011,
                                                   settings=settings))
    assert early.selection.year == 2011 and today.selection.year is None
    assert early.csr.nnz < today.csr.nnz
    graphs = build_graphs(toy, ["rail", "road"], options=TravelOptions(network_year=2030,
                                                                        settings=settings))
    assert {g.selection.year for g in graphs.values()} == {2030}
    with pytest.raises(ParameterError, match="not both"):
        build_graph(toy, mode="road", options=TravelOptions(mode="rail"))
    with pytest.raises(ParameterError, match="not both"):
        build_graphs(toy, ["rail"], year=2020, options=TravelOptions(network_year=2030))
    assert build_graph(toy).selection.mode == "rail"  # the keyword default is unchanged


def test_the_circle_summary_takes_the_options_and_records_the_network_year(
        region: metroscope.Region) -> None:
    """``circle_summary(options=...)`` routes on the options' network (each mode's row equals
    ``commuting_circle`` of that mode on the 2030 network) and records the network year."""
    from metroscope.network import circle_summary

    opts = TravelOptions(network_year=2030)
    s = circle_summary(region, minutes=90, options=opts, modes=("rail", "road"))
    assert s.attrs["metroscope"]["network_year"] == 2030
    today = circle_summary(region, minutes=90, modes=("rail", "road"))
    for mode in ("rail", "road"):
        c = commuting_circle(region, minutes=90,
                             options=opts.with_mode(mode))  # type: ignore[arg-type]
        inside = c["inside"].to_numpy(bool)
        assert s.loc[mode, "units_inside"] == int(inside.sum())
        # plus the census-2020 zones without a code whose prefecture's districts are all inside
        zones = c.attrs["metroscope"]["summary"]["population_inside_uncoded_zones"]
        assert s.loc[mode, "population_inside"] == pytest.approx(
            float(c.loc[inside, "population"].sum()) + zones)
    # within 90 min the 2030 road network (the 长榆 expressway) reaches more people than
    # today's (else the option would be untested)
    assert s.loc["road", "population_inside"] > today.loc["road", "population_inside"]
def test_the_graph_layer_refuses_bad_mode_lists_as_parameter_errors() -> None:
    """``build_graphs(region, [])`` raised IndexError, ``build_graphs(region, "rail")`` a
    KeyError of 'r' and an unknown mode in the list a KeyError: the docstring promises a
    ParameterError for an unknown mode, as ``build_graph`` gives."""
    from metroscope.network.graph import build_graph, build_graphs

    toy = toy_region()
    settings = toy_settings()
    with pytest.raises(ParameterError, match="Unknown mode 'bike'"):
        build_graph(toy, mode="bike", settings=settings)
    with pytest.raises(ParameterError, match="Unknown mode 'bike'"):
        build_graphs(toy, ["rail", "bike"], settings=settings)
    for bad in ([], (), "rail"):
        with pytest.raises(ParameterError, match="modes"):
            build_graphs(toy, bad, settings=settings)  # type: ignore[arg-type]
    # a mode listed twice is built once, as the same graph as alone
    twice = build_graphs(toy, ["rail", "rail"], settings=settings)
    once = build_graph(toy, mode="rail", settings=settings)
    assert list(twice) == ["rail"] and (twice["rail"].csr != once.csr).nnz == 0


@pytest.mark.parametrize("command", [["traveltime", "--from", "220102", "--to", "220183"],
                                     ["isochrone", "--origin", "220102"], ["circle"],
                                     ["accessibility"]])
def test_the_command_line_refuses_two_different_network_years_like_the_api(
        command: list[str]) -> None:
    """``--network-year 2030 --year 2020`` was one option under two names, so the last value
    won silently (the 2020 network), while the API refuses ``network_year=2030&year=2020``
    with a 422. Both names with the same value stay accepted."""
    from typer.testing import CliRunner

    from _web import cli_json
    from metroscope.cli import make_app

    # through the whole command line, whose error handler maps a usage error to exit 2
    argv = ["access", *command, "--network-year", "2030", "--year", "2020"]
    res = CliRunner().invoke(make_app(argv), argv, env={"COLUMNS": "400"})
    assert res.exit_code == 2, res.output  # a usage error, as the API's 422
    assert "--network-year" in res.output and "2020" in " ".join(res.output.split())
    same = cli_json("access", *command, "--network-year", "2030", "--year", "2030")
    assert same == cli_json("access", *command, "--network-year", "2030")
    assert same == cli_json("access", *command, "--year", "2030")


def test_a_network_year_that_is_not_a_whole_year_is_a_parameter_error() -> None:
    """``TravelOptions(network_year=2030.5)`` became 2030 without a word, and "abc", NaN and
    inf raised ValueError / OverflowError from ``int()``, not metroscope's ParameterError."""
    import numpy as np

    from metroscope.network.graph import build_graph

    for bad in (2030.5, "2030.5", "abc", "", float("nan"), float("inf"), True, [2030]):
        with pytest.raises(ParameterError, match="Network year"):
            TravelOptions(network_year=bad)  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="Network year"):
        build_graph(toy_region(), year=2030.5, settings=toy_settings())  # type: ignore[arg-type]
    # whole numbers of any type are the same year
    for good in (2030, 2030.0, "2030", " 2030 ", np.int64(2030), np.float64(2030.0)):
        assert TravelOptions(network_year=good).network_year == 2030  # type: ignore[arg-type]
    # a huge year is refused without printing all its digits
    with pytest.raises(ParameterError) as info:
        TravelOptions(network_year=10**400)
    assert len(str(info.value)) < 300


def test_options_that_are_not_travel_options_are_a_parameter_error(
        region: metroscope.Region) -> None:
    """``accessibility(region, options={"mode": "rail"})`` raised AttributeError ('dict' object
    has no attribute 'level'), ``build_graph(options="rail")`` the same: a planner's first
    guess at the new argument deserves metroscope's error naming TravelOptions."""
    from metroscope.network.graph import build_graph

    for bad in ({"mode": "rail"}, "rail", 2030):
        with pytest.raises(ParameterError, match="TravelOptions"):
            accessibility(region, options=bad)  # type: ignore[arg-type]
        with pytest.raises(ParameterError, match="TravelOptions"):
            build_graph(toy_region(), options=bad)  # type: ignore[arg-type]
