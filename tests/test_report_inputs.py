"""The report's analysis inputs (``report/_inputs.py``, ``report/_analyses.py``): the cache of
shared analyses, scenario loading, the notes a failed analysis leaves and the source lines,
each checked against values written out here by hand (the toy region of
``test_network_fixtures``, GDP years recounted from the stats table the test builds).

English texts are written out in full; Chinese ones are the catalogue's templates filled in by
hand (so a wrong key, field or separator still fails)."""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
import pytest

from metroscope import InsufficientDataError, MissingDataError, NetworkError
from metroscope.messages import CATALOGUE, Message
from metroscope.report import _inputs
from metroscope.report._analyses import (
    AnalysisError,
    _as_list,
    _gdp_years,
    _plain,
    attempt,
    reader_missing,
    source_from_meta,
    source_line,
)
from metroscope.report._inputs import (
    ReportInputs,
    ScenarioRun,
    load_scenarios,
    scenario_description,
    scenario_title,
)
from metroscope.report.context import Note, Text
from metroscope.scenario import Scenario
from test_network_fixtures import toy_region, toy_tables

ZH = {k: v[0] for k, v in CATALOGUE.items()}


def _missing_zh(title: str, why: str) -> str:
    return ZH["missing_analysis"].format(title=title, why=why)


def _gdp_region(years: list[Any]) -> Any:
    """The toy region with GDP rows in ``years``, a repeated year for the next unit (A, then
    B, ...); population rows stay 2020."""
    stats = toy_tables()["stats"]
    codes = [["A", "B", "C", "D"][years[:i].count(y)] for i, y in enumerate(years)]
    n = len(years)
    gdp = pd.DataFrame({"code": codes, "year": years, "indicator": ["gdp"] * n,
                        "value": [1.0] * n, "unit": ["cny_100m"] * n, "source": ["test"] * n,
                        "quality": ["A"] * n})
    return toy_region(stats=pd.concat([stats, gdp], ignore_index=True))


# ------------------------------------------------------------------------------ ReportInputs
def test_cached_computes_once_per_key_and_caches_failures() -> None:
    inp = ReportInputs(region=toy_region())
    calls: list[str] = []

    def one() -> int:
        calls.append("one")
        return 1

    def two() -> int:
        calls.append("two")
        return 2

    assert inp.cached(("a",), one) == 1
    assert inp.cached(("a",), two) == 1  # the key's value, the second function never runs
    assert inp.cached(("b",), two) == 2
    assert calls == ["one", "two"]
    err = AnalysisError(Note(Text("坏", "bad"), style="missing"))

    def fails() -> int:
        calls.append("fails")
        raise err

    for _ in range(2):
        with pytest.raises(AnalysisError) as info:
            inp.cached(("c",), fails)
        assert info.value is err
    assert calls == ["one", "two", "fails"]  # the failure is cached too

    def other() -> int:
        calls.append("other")
        raise ValueError("not an analysis error")

    for _ in range(2):  # any other error is neither caught nor cached
        with pytest.raises(ValueError, match="not an analysis error"):
            inp.cached(("d",), other)
    assert calls == ["one", "two", "fails", "other", "other"]


def _add(a: int, b: int, *, c: int = 0) -> int:
    _add.calls += 1  # type: ignore[attr-defined]
    return a + b + c


def _sub(a: int, b: int, *, c: int = 0) -> int:
    return a - b - c


def test_run_passes_arguments_and_caches_by_function_and_key() -> None:
    inp = ReportInputs(region=toy_region())
    _add.calls = 0  # type: ignore[attr-defined]
    assert inp.run(_add, 2, 3, c=4) == 9
    assert inp.run(_add, 2, 3, c=4) == 9
    assert _add.calls == 2  # without a key: called every time
    assert inp.run(_add, 2, 3, key=("k",), c=4) == 9
    assert inp.run(_add, 5, 5, key=("k",)) == 9  # cached under (label, "k")
    assert _add.calls == 3
    # the key holds the function's label: another analysis with the same key runs
    assert inp.run(_sub, 5, 3, key=("k",)) == 2
    assert inp.run(_add, 5, 5, key=("k2",)) == 10
    assert _add.calls == 4


def test_run_turns_failures_into_notes_unless_strict() -> None:
    def boom(x: int) -> int:
        raise ZeroDivisionError(f"boom {x}")

    label = f"{__name__}.boom"
    inp = ReportInputs(region=toy_region())  # not strict by default
    with pytest.raises(AnalysisError) as info:
        inp.run(boom, 7)
    assert info.value.note.text == Text(f"{label} 分析未能完成(ZeroDivisionError: boom 7)",
                                        f"{label} failed (ZeroDivisionError: boom 7)")
    assert info.value.note.style == "missing"
    assert str(info.value) == f"{label} failed (ZeroDivisionError: boom 7)"
    with pytest.raises(ZeroDivisionError, match="boom 8"):
        ReportInputs(region=toy_region(), strict=True).run(boom, 8)
    with pytest.raises(ZeroDivisionError, match="boom 9"):
        ReportInputs(region=toy_region(), strict=True).run(boom, 9, key=("x",))


def test_defaults_and_regions_baseline_first() -> None:
    base = toy_region()
    inp = ReportInputs(region=base)
    assert (inp.scenarios, inp.strict, inp.notes, inp.sections) == ([], False, [], [])
    other = ReportInputs(region=base)
    inp.notes.append(Note(Text("甲", "a")))
    assert other.notes == [] and other.scenarios == [] and other.sections == []
    [(key, title, region)] = inp.regions()
    assert (key, title) == ("baseline", Text("现状", "Baseline")) and region is base
    r1, r2 = toy_region(), toy_region()
    inp.scenarios = [ScenarioRun("s1", Text("一", "one"), r1),
                     ScenarioRun("s2", Text("二", "two"), r2)]
    got = inp.regions()
    assert [(k, t) for k, t, _ in got] == [("baseline", Text("现状", "Baseline")),
                                          ("s1", Text("一", "one")), ("s2", Text("二", "two"))]
    assert got[0][2] is base and got[1][2] is r1 and got[2][2] is r2
    run = ScenarioRun("s", Text("z", "e"), r1)
    assert (run.description, run.spec) == (None, None)


# ---------------------------------------------------------------------------- load_scenarios
def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_load_scenarios_applies_file_specs(tmp_path: Path) -> None:
    """A spec that raises L2 (link l3, 40 km) to 160 km/h: the run's Region has l3 at 160 km/h
    and no other link changed; titles and descriptions in both languages."""
    assert load_scenarios(toy_region(), []) == ([], [])
    fast = _write(tmp_path, "fast", "name: fast\ntitle: Faster L2\ntitle_zh: 提速\n"
                  "description: L2 at 160\ndescription_zh: 二号线160\n"
                  "edits:\n  - op: set_speed\n    line: L2\n    speed_kph: 160\n")
    bare = _write(tmp_path, "bare", "name: bare\nedits:\n  - op: set_headway\n"
                  "    link_ids: [l1]\n    factor: 2\n")
    base = toy_region()
    runs, notes = load_scenarios(base, [fast, bare], strict=True)
    assert notes == []
    assert [r.name for r in runs] == ["fast", "bare"]
    assert runs[0].title == Text("提速", "Faster L2")
    assert runs[0].description == Text("二号线160", "L2 at 160")
    assert runs[1].title == Text("bare", "bare") and runs[1].description is None
    assert [r.spec.name for r in runs] == ["fast", "bare"]
    assert runs[0].spec.source_file == fast
    lk = runs[0].region.links.set_index("link_id")
    assert lk.loc["l3", "speed_kph"] == 160.0
    assert lk["speed_kph"].drop("l3").tolist() == [200.0, 200.0, 60.0, 60.0, 60.0]
    hw = runs[1].region.links.set_index("link_id")["headway_min"]
    assert hw["l1"] == 40.0 and hw["l2"] == 20.0  # 2 x 20 min on l1 only
    assert base.links.set_index("link_id").loc["l3", "speed_kph"] == 100.0  # input untouched


def test_load_scenarios_notes_a_spec_that_cannot_be_applied(tmp_path: Path) -> None:
    bad = _write(tmp_path, "bad", "name: bad\nedits:\n  - op: set_speed\n"
                 "    link_ids: [zz]\n    speed_kph: 100\n")
    good = _write(tmp_path, "good", "name: good\nedits:\n  - op: remove_links\n"
                  "    link_ids: [r3]\n")
    runs, notes = load_scenarios(toy_region(), [bad, good], strict=True)
    assert [r.name for r in runs] == ["good"]
    assert runs[0].region.links["link_id"].tolist() == ["l1", "l2", "l3", "r1", "r2"]
    problems = ("edits.0 (set_speed): unknown link_ids ['zz'] (see region.links.link_id); "
                "edits.0 (set_speed): no link matches {'link_ids': ['zz']}")
    assert notes == [Note(Text(ZH["scenario_unusable"].format(name=bad, problems=problems),
                               f"Scenario {bad} cannot be used: {problems}"), style="missing")]


def test_load_scenarios_other_failures(monkeypatch: pytest.MonkeyPatch) -> None:
    """A metroscope error that is not the spec's own problem gives the analysis note; an
    unexpected error is a failed-analysis note, or raised when strict."""
    def no_network(spec: str) -> Any:
        raise NetworkError("no network here")

    monkeypatch.setattr(_inputs, "load_scenario", no_network)
    runs, notes = load_scenarios(toy_region(), ["x"])
    label = "load_scenario('x')"
    why = ("the data have no transport network for it", ZH["reason_network"])
    assert runs == []
    assert notes == [Note(Text(_missing_zh(label, why[1]),
                               f"{label}: not available for this area — {why[0]}"),
                          style="missing")]

    def broken(spec: str) -> Any:
        raise RuntimeError("broken")

    monkeypatch.setattr(_inputs, "load_scenario", broken)
    runs, notes = load_scenarios(toy_region(), ["y"])
    assert notes == [Note(Text("load_scenario('y') 分析未能完成(RuntimeError: broken)",
                               "load_scenario('y') failed (RuntimeError: broken)"),
                          style="missing")]
    with pytest.raises(RuntimeError, match="broken"):
        load_scenarios(toy_region(), ["y"], strict=True)

    class Spec:
        name = "sp"

        def apply(self, region: Any) -> Any:
            raise RuntimeError("cannot apply")

    monkeypatch.setattr(_inputs, "load_scenario", lambda spec: Spec())
    runs, notes = load_scenarios(toy_region(), ["z"])
    assert notes[0].text.en == "z.apply failed (RuntimeError: cannot apply)"
    with pytest.raises(RuntimeError, match="cannot apply"):
        load_scenarios(toy_region(), ["z"], strict=True)


def test_scenario_title_and_description_fallbacks() -> None:
    def sc(**kw: str) -> Scenario:
        return Scenario.model_validate({"name": "n", **kw})

    assert scenario_title(sc(title_zh="中", title="T")) == Text("中", "T")
    assert scenario_title(sc(title="T")) == Text("n", "T")
    assert scenario_title(sc(title_zh="中")) == Text("中", "n")
    assert scenario_title(sc(title_zh="", title="")) == Text("n", "n")
    assert scenario_description(sc()) is None
    assert scenario_description(sc(description_zh="", description="")) is None
    assert scenario_description(sc(description_zh="中")) == Text("中", "中")
    assert scenario_description(sc(description="en")) == Text("en", "en")
    assert scenario_description(sc(description_zh="中", description="e")) == Text("中", "e")


# ---------------------------------------------------------------------------------- attempt
def test_attempt_returns_the_value_and_turns_metroscope_errors_into_notes(
        caplog: pytest.LogCaptureFixture) -> None:
    assert attempt("lbl", _sub, 9, 2, c=3) == 4
    assert attempt("lbl", _sub, 9, 2, strict=True, c=3) == 4

    def missing(region: Any) -> Any:
        raise MissingDataError("needs the Widget column")

    with caplog.at_level(logging.INFO, logger="metroscope.report._analyses"):
        for strict in (False, True):  # a metroscope error is a note even when strict
            with pytest.raises(AnalysisError) as info:
                attempt("metroscope.indicators.primacy_table", missing, toy_region(),
                        strict=strict)
            en = ("Primacy: not available for this area — the data lack the values it needs "
                  "(details in the run log)")
            assert info.value.note == Note(Text(_missing_zh("首位度", ZH["reason_generic"]), en),
                                           style="missing")
            assert isinstance(info.value.__cause__, MissingDataError)
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("INFO", "metroscope.indicators.primacy_table: needs the Widget column")] * 2
    caplog.clear()

    def no_gdp(region: Any, *, year: int) -> Any:
        raise MissingDataError(f"no GDP in {year}")

    # the note names the GDP years of the Region the analysis was given (2018 and 2016)
    with pytest.raises(AnalysisError) as info:
        attempt("f", no_gdp, _gdp_region([2018, 2016]), year=2020)
    assert info.value.note.text.en == (
        "f: not available for this area — it needs GDP and population of the same year for "
        "every unit; GDP years in these data: 2016, 2018")

    def odd() -> Any:
        raise KeyError("k")

    with (caplog.at_level(logging.INFO, logger="metroscope.report._analyses"),
          pytest.raises(AnalysisError) as info):
        attempt("lbl", odd)
    assert isinstance(info.value.__cause__, KeyError)
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("WARNING", "lbl failed")]
    assert caplog.records[0].exc_info is not None
    assert caplog.records[0].exc_info[0] is KeyError


# --------------------------------------------------------------------------- reader_missing
def test_reader_missing_title_and_reasons() -> None:
    def en(title: str, why: str) -> str:
        return f"{title}: not available for this area — {why}"

    generic = "the data lack the values it needs (details in the run log)"
    net = "the data have no transport network for it"
    got = reader_missing("metroscope.indicators.primacy_table", MissingDataError("x"))
    assert got == Text(_missing_zh("首位度", ZH["reason_generic"]), en("Primacy", generic))
    # a name without a catalogue title is shown as it is; the last dotted part only
    got = reader_missing("a.b.no_such_analysis", MissingDataError("x"))
    assert got.en == en("no_such_analysis", generic)
    assert got.zh == _missing_zh("no_such_analysis", ZH["reason_generic"])
    for word in ("Network", "travel", "LINKS", "nodes", "route"):
        got = reader_missing("f", MissingDataError(f"no {word} x"))
        assert got == Text(_missing_zh("f", ZH["reason_network"]), en("f", net))
    # too few observations: "not computed" with n and the minimum, before any word match
    exc = InsufficientDataError("the network gdp", verdict={"verdict": "not_computed", "n": 2,
                                                            "min_n": 3})
    got = reader_missing("f", exc)
    assert got.en == en("f", "not computed: too few observations (n = 2; at least 3 needed)")
    assert got.zh == _missing_zh("f", ZH["reason_not_computed"].format(n=2, min_n=3))
    # without a verdict it is read like any other missing data
    got = reader_missing("f", InsufficientDataError("no route"))
    assert got.en == en("f", net)


def test_reader_missing_gdp_years_recounted_from_the_stats() -> None:
    """GDP rows of unit A in 2015, 2010 and twice 2020 (population only in 2020): the note
    names 2010, 2015, 2020."""
    region = _gdp_region([2015, 2010, 2020, 2020])
    why = ("it needs GDP and population of the same year for every unit; GDP years in these "
           "data: ")
    for msg in ("no GDP for 2019", "sqrt_pg needs both", "GDP per network link"):
        got = reader_missing("f", MissingDataError(msg), ("not a region", region))
        assert got.en == f"f: not available for this area — {why}2010, 2015, 2020"
        assert got.zh == _missing_zh("f", ZH["reason_gdp"].format(years="2010, 2015, 2020"))
    # no Region among the arguments, or one without GDP: a dash
    for args in ((), ("x",), (toy_region(),)):
        got = reader_missing("f", MissingDataError("gdp"), args)
        assert got.en == f"f: not available for this area — {why}—"
        assert got.zh == _missing_zh("f", ZH["reason_gdp"].format(years="—"))


def test_gdp_years_takes_the_first_argument_with_a_stats_table() -> None:
    assert _gdp_years((_gdp_region([2021.0, 2005.0]),)) == "2005, 2021"
    assert _gdp_years((_gdp_region([2005]), _gdp_region([2006]))) == "2005"
    # objects whose stats are not a table with an indicator column are skipped
    skipped = (SimpleNamespace(stats=["indicator"]), SimpleNamespace(stats=pd.DataFrame(
        {"year": [1999]})), SimpleNamespace(stats=None))
    assert _gdp_years((*skipped, _gdp_region([2012, 2011]))) == "2011, 2012"
    assert _gdp_years(skipped) == ""
    # the first Region decides, even without GDP
    assert _gdp_years((toy_region(), _gdp_region([2012]))) == ""


# ------------------------------------------------------------------------------ source lines
def test_source_from_meta_in_full() -> None:
    m = Message("reason_not_computed", n=4, min_n=5)
    prov = {"indicator": "primacy", "year": 2020, "level": "prefecture", "measure": "gdp",
            "notes": [m, "written in English", m, "written in English", "more"],
            "parameters": {"top": 2, "share": 0.25},
            "sources": ["S1", "S2"]}
    line = source_from_meta(prov, extra_sources=["S2", "S3", "S3"])
    m_zh = ZH["reason_not_computed"].format(n=4, min_n=5)
    m_en = "not computed: too few observations (n = 4; at least 5 needed)"
    notes_zh = "说明:" + ";".join([m_zh, ZH["src_not_translated"]])
    assert line.text.zh == " · ".join(["首位度", "2020年", "地级", "地区生产总值", notes_zh])
    assert line.text.en == " · ".join(["primacy", "2020", "prefecture",
                                       "Gross domestic product",
                                       f"notes: {m_en}; written in English; more"])
    assert line.sources == ("S1", "S2", "S3")
    assert line.details == Text.same("top=2, share=0.25; written in English; more")


def test_source_from_meta_other_measures_and_bare_values() -> None:
    assert source_from_meta({}).text == Text("", "") and source_from_meta({}).sources == ()
    assert source_from_meta({}).details is None
    line = source_from_meta({"indicator": "not_catalogued", "year": 2020.5, "level": "zone",
                             "measure": {"a": [1.5, 2.0], "b": "x"}, "sources": "one"})
    assert line.text == Text("not_catalogued · 2020.5年 · zone", "not_catalogued · 2020.5 · zone")
    assert line.details == Text("度量:a: 1.5, 2; b: x", "measure: a: 1.5, 2; b: x")
    assert line.sources == ("one",)
    line = source_from_meta({"year": 0, "measure": Message("reason_generic"),
                             "notes": "plain", "parameters": {}})
    generic = "the data lack the values it needs (details in the run log)"
    assert line.text.en == f"0 · {generic} · notes: plain"
    assert line.text.zh == f"0年 · {ZH['reason_generic']} · 说明:{ZH['src_not_translated']}"
    assert line.details == Text.same("plain")
    line = source_from_meta({"indicator": "", "year": None, "level": None, "measure": None,
                             "notes": None, "parameters": None, "sources": None})
    assert (line.text, line.sources, line.details) == (Text("", ""), (), None)
    line = source_from_meta({"level": "county", "measure": "population"})
    assert line.text == Text("县级 · 常住人口", "county · Resident population")


def test_source_line_reads_the_result_provenance() -> None:
    s = pd.Series([1.0])
    s.attrs["metroscope"] = {"indicator": "primacy", "year": 2010, "sources": ["S"]}
    line = source_line(s, extra_sources=["T"])
    assert line.text == Text("首位度 · 2010年", "primacy · 2010")
    assert line.sources == ("S", "T")
    assert source_line(3.0).text == Text("", "") and source_line(3.0, extra_sources=["T"]).sources == ("T",)


def test_plain_and_as_list() -> None:
    assert _plain(0.1 + 0.2) == "0.3" and _plain(2.0) == "2" and _plain(1e-7) == "1e-07"
    assert _plain(np.float64(1234567.0)) == "1.23457e+06"
    assert _plain([1, (2.5, "a")]) == "1, 2.5, a"
    assert _plain({"k": {"j": 1.0}, "m": [3]}) == "k: j: 1; m: 3"
    assert _plain(Message("reason_network")) == "the data have no transport network for it"
    assert _plain(7) == "7" and _plain(None) == "None"
    assert _as_list(None) == [] and _as_list("ab") == ["ab"] and _as_list(0) == [0]
    assert _as_list((1, 2)) == [1, 2] and _as_list([3]) == [3] and _as_list({4}) == [4]
