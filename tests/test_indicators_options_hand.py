"""Options of an indicator call (``indicators/_options.py``): the keyword arguments the command
line and the web API build for each option, written out by hand for stand-in indicators whose
signatures are given here, and every refusal in full in both languages."""

from __future__ import annotations

import inspect
from types import SimpleNamespace
from typing import Any

import pytest

from metroscope._errors import ParameterError, error_text
from metroscope.indicators import REGISTRY
from metroscope.indicators._options import (
    OPTION_KEYS,
    IndicatorOptionError,
    _coerce,
    indicator_kwargs,
    registry_table,
    split_list,
)


def _everything(region: Any, level: str = "prefecture", year: int | None = None,
                measure: str = "gdp", weight: str | None = None, group_by: str | None = None,
                parent: str | None = None, codes: list[str] | None = None,
                parent_total: Any = None, start: int | None = None, end: int | None = None,
                n: int = 3, alpha: float = 0.5, flag: bool = False,
                names: tuple[str, ...] = (), anything: Any = None, label: str = "x",
                required: Any = inspect.Parameter.empty) -> None:
    """A stand-in indicator accepting every option."""


def _mass_only(region: Any, mass: str = "sqrt_pg", year: int | None = None) -> None:
    """A stand-in gravity-type indicator: its measure is called ``mass``."""


def _few(region: Any, year: int | None = None, industries: Any = None,
         indicators: Any = None) -> None:
    """A stand-in indicator with few options."""


def _required(region: Any, k: Any) -> None:
    """A stand-in indicator whose only option has no default."""


def _ind(fn: Any, name: str = "demo", kind: str = "") -> Any:
    return SimpleNamespace(name=name, kind=kind, parameter_source=fn)


def test_split_list() -> None:
    assert split_list("a, b,,c") == ["a", "b", "c"]
    assert split_list(" x ") == ["x"]
    assert split_list("") == []
    assert split_list(None) == []
    assert split_list(" , ,") == []


@pytest.mark.parametrize(("value", "default", "want"), [
    ("1", False, True), ("true", False, True), ("TRUE", True, True), ("Yes", False, True),
    ("y", False, True), ("0", True, False), ("no", True, False), ("3", True, False),
    ("3", 1, 3), ("-2", 0, -2),
    ("2", 0.5, 2.0), ("2.5", 1.0, 2.5),
    ("a,b", (), ["a", "b"]), ("a", [], ["a"]), ("", (), []),
    ("none", None, None), ("None", None, None), ("NONE", None, None),
    ("7", None, 7), ("7.5", None, 7.5), ("1e3", None, 1000.0), ("a, b", None, ["a", "b"]),
    ("abc", None, "abc"), ("abc", "x", "abc"), ("none", "x", None), ("4", "x", 4),
])
def test_coerce_by_the_type_of_the_default(value: str, default: Any, want: Any) -> None:
    got = _coerce(value, default)
    assert got == want
    assert type(got) is type(want)


def test_coerce_refuses_what_the_default_type_cannot_read() -> None:
    with pytest.raises(ValueError):
        _coerce("3.5", 1)
    with pytest.raises(ValueError):
        _coerce("x", 1.0)


def test_every_option_lands_on_its_keyword() -> None:
    opts = {"level": "county", "year": 2020, "measure": "pop", "weight": "area",
            "group_by": "group", "parent": "220000", "codes": "220100, 220200,",
            "parent_total": {2020: 5.0}, "start": 2010, "end": 2020}
    kw = indicator_kwargs(_ind(_everything), opts)
    assert kw == {"level": "county", "year": 2020, "measure": "pop", "weight": "area",
                  "group_by": "group", "parent": "220000", "codes": ["220100", "220200"],
                  "parent_total": {2020: 5.0}, "start": 2010, "end": 2020}
    assert set(OPTION_KEYS) == {"level", "year", "measure", "weight", "group_by", "parent",
                                "codes", "start", "end"}
    assert all(k == v for k, v in OPTION_KEYS.items())


def test_options_not_given_are_left_out() -> None:
    opts = {"level": None, "year": None, "codes": "", "set": None}
    assert indicator_kwargs(_ind(_everything), opts) == {}
    assert indicator_kwargs(_ind(_everything), {"codes": " , "}) == {}
    assert indicator_kwargs(_ind(_everything), {}) == {}


def test_the_measure_of_a_gravity_type_indicator_is_its_mass() -> None:
    kw = indicator_kwargs(_ind(_mass_only), {"measure": "pop", "year": 2020})
    assert kw == {"mass": "pop", "year": 2020}


def test_set_items_are_parsed_by_their_defaults() -> None:
    opts = {"set": ["n=5", "alpha = 0.25", "flag=yes", "names=a,b", "anything=none",
                    "label=abc", "required=2"]}
    kw = indicator_kwargs(_ind(_everything), opts)
    assert kw == {"n": 5, "alpha": 0.25, "flag": True, "names": ["a", "b"], "anything": None,
                  "label": "abc", "required": 2}
    # a hyphen in a key is an underscore, and a value may hold "="
    assert indicator_kwargs(_ind(_everything), {"set": ["group-by=a=b"]}) == {
        "group_by": "a=b"}
    # a parameter without a default reads its value as text, a number or a list
    assert indicator_kwargs(_ind(_required), {"set": ["k=1.5"]}) == {"k": 1.5}
    assert indicator_kwargs(_ind(_required), {"set": ["k=a,b"]}) == {"k": ["a", "b"]}


def test_one_problem_is_the_error_itself() -> None:
    with pytest.raises(IndicatorOptionError) as ei:
        indicator_kwargs(_ind(_few, name="demo"), {"level": "county"})
    e = ei.value
    assert isinstance(e, ParameterError) and isinstance(e, ValueError)
    assert len(e.problems) == 1
    assert error_text(e, "en") == (
        "--level does not apply to 'demo' (it accepts: year, industries, indicators).")
    assert error_text(e, "zh") == "--level 不适用于“demo”(可用的参数:year、industries、indicators)。"


def test_every_problem_is_listed_at_once() -> None:
    # year=abc is not a problem: year's default is None, so the text is kept as text
    opts = {"weight": "pop", "codes": "a", "set": ["novalue", "region=x", "zz=1", "year=abc"]}
    with pytest.raises(IndicatorOptionError) as ei:
        indicator_kwargs(_ind(_mass_only, name="demo"), {**opts, "measure": "gdp"})
    e = ei.value
    assert len(e.problems) == 5
    accepted = "mass, year"
    assert error_text(e, "en") == (
        "5 problem(s) with the options:\n"
        f"  - --weight does not apply to 'demo' (it accepts: {accepted}).\n"
        f"  - --codes does not apply to 'demo' (it accepts: {accepted}).\n"
        "  - --set expects KEY=VALUE, got 'novalue'.\n"
        f"  - 'demo' has no parameter 'region' (it accepts: {accepted}).\n"
        f"  - 'demo' has no parameter 'zz' (it accepts: {accepted}).")
    assert error_text(e, "zh") == (
        "选项有 5 个问题:\n"
        "  - --weight 不适用于“demo”(可用的参数:mass、year)。\n"
        "  - --codes 不适用于“demo”(可用的参数:mass、year)。\n"
        "  - --set 应为 KEY=VALUE 的形式,而不是 'novalue'。\n"
        "  - “demo”没有参数 'region'(可用的参数:mass、year)。\n"
        "  - “demo”没有参数 'zz'(可用的参数:mass、year)。")


def test_an_option_error_from_plain_text_problems() -> None:
    e = IndicatorOptionError(["first", "second"])
    assert e.problems == ["first", "second"]
    assert error_text(e, "en") == "2 problem(s) with the options:\n  - first\n  - second"
    assert error_text(e, "zh") == "选项有 2 个问题:\n  - first\n  - second"
    one = IndicatorOptionError(["only"])
    assert str(one) == "only" and one.problems == ["only"]


def test_the_set_type_error_names_the_default_type() -> None:
    with pytest.raises(IndicatorOptionError) as ei:
        indicator_kwargs(_ind(_everything), {"set": ["n=2.5"]})
    assert error_text(ei.value, "en") == "--set n: cannot read '2.5' as int."
    assert error_text(ei.value, "zh") == "--set n:无法把 '2.5' 读作 int。"


def test_a_table_measure_takes_the_first_value_column_and_no_weight() -> None:
    ind = _ind(_everything, kind="measure")
    kw = indicator_kwargs(ind, {"values": ["gdp", "pop"], "year": 2020, "year_col": None},
                          data_mode=True)
    # without a year column the table's one year is not asked for
    assert kw == {"measure": "gdp", "weight": None}
    kw = indicator_kwargs(ind, {"values": ["gdp"], "weight": "pop", "measure": "x",
                                "year": 2020, "year_col": "yr", "group": "grp"},
                          data_mode=True)
    assert kw == {"measure": "x", "weight": "pop", "year": 2020, "group_by": "group"}
    kw = indicator_kwargs(ind, {"values": ["gdp"], "group": "grp", "group_by": "g2"},
                          data_mode=True)
    assert kw == {"measure": "gdp", "weight": None, "group_by": "g2"}


def test_a_table_measure_without_a_weight_parameter_gets_none() -> None:
    def no_weight(region: Any, measure: str = "gdp", group_by: str | None = None) -> None:
        """A stand-in without a weight."""

    kw = indicator_kwargs(_ind(no_weight, kind="measure"), {"values": ["v"], "group": "g"},
                          data_mode=True)
    assert kw == {"measure": "v", "group_by": "group"}
    # a group column with an indicator that cannot group is not passed on
    kw = indicator_kwargs(_ind(_few, kind="industries"), {"values": ["a", "b"], "group": "g"},
                          data_mode=True)
    assert kw == {"industries": ["a", "b"]}


def test_table_industries_and_indicators_take_every_value_column() -> None:
    kw = indicator_kwargs(_ind(_few, kind="industries"), {"values": ["a", "b"]},
                          data_mode=True)
    assert kw == {"industries": ["a", "b"]}
    kw = indicator_kwargs(_ind(_few, kind="indicators"), {"values": ["a", "b"],
                                                          "year": 2020, "year_col": "y"},
                          data_mode=True)
    assert kw == {"indicators": ["a", "b"], "year": 2020}
    # no kind: the value columns are not passed; outside the table mode neither
    assert indicator_kwargs(_ind(_few), {"values": ["a"]}, data_mode=True) == {}
    assert indicator_kwargs(_ind(_few, kind="industries"), {"values": ["a"]}) == {}


def test_the_registry_table() -> None:
    t = registry_table()
    assert list(t.columns) == ["name", "description_zh", "description_en", "csv"]
    assert list(t["name"]) == list(REGISTRY)
    rows = t.set_index("name")
    for name, ind in REGISTRY.items():
        assert rows.at[name, "description_zh"] == ind.zh
        assert rows.at[name, "description_en"] == ind.en
    # gini runs on a user's table (tests/test_indicators_cli.py), the linkage needs seats
    assert rows.at["gini", "csv"] == "yes"
    assert rows.at["linkage", "csv"] == ""
    assert set(t["csv"]) == {"yes", ""}


def _bare(region: Any) -> None:
    """A stand-in indicator without options."""


def _both(region: Any, mass: str = "sqrt_pg", measure: str = "gdp") -> None:
    """A stand-in indicator with a mass and a measure."""


def test_every_option_an_indicator_does_not_take_is_named() -> None:
    opts = {"level": "county", "year": 2020, "measure": "pop", "weight": "area",
            "group_by": "group", "parent": "220000", "codes": "a,b",
            "parent_total": {2020: 5.0}, "start": 2010, "end": 2020}
    with pytest.raises(IndicatorOptionError) as ei:
        indicator_kwargs(_ind(_bare, name="bare"), opts)
    flags = ["--level", "--year", "--measure", "--weight", "--group-by", "--parent", "--codes",
             "--parent-total", "--start", "--end"]
    assert error_text(ei.value, "en") == "10 problem(s) with the options:\n" + "\n".join(
        f"  - {f} does not apply to 'bare' (it accepts: )." for f in flags)
    assert error_text(ei.value, "zh") == "选项有 10 个问题:\n" + "\n".join(
        f"  - {f} 不适用于“bare”(可用的参数:)。" for f in flags)


def test_an_indicator_with_a_mass_and_a_measure_takes_the_measure() -> None:
    assert indicator_kwargs(_ind(_both), {"measure": "pop"}) == {"measure": "pop"}
