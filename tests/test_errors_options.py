"""Invalid options raise the project's own errors (issue 16 item 4): each call site below once
raised a bare ``ValueError``; it now raises a ``MetroscopeError`` that is still a ``ValueError``
(so callers that caught ``ValueError`` keep working)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from pydantic import BaseModel, ValidationError

from _indicator_fixtures import toy_region
from _monitor_fixtures import sqlite_store  # noqa: F401
from metroscope._errors import MetroscopeError, ParameterError, ScenarioError
from metroscope.flows.output import flow_batches
from metroscope.indicators._masses import masses
from metroscope.indicators.linkage import linkage_intensity
from metroscope.indicators.population import population_change
from metroscope.monitor.store import Store
from metroscope.scenario.spec import AddLink, ScenarioSpecError, SetStat, UpdateLinks, parse_edits


def _is_own(exc: BaseException, cls: type[MetroscopeError]) -> None:
    assert type(exc) is cls, type(exc)
    assert isinstance(exc, ValueError) and isinstance(exc, MetroscopeError)


def test_population_change_end_before_start() -> None:
    with pytest.raises(ParameterError, match=r"end \(2010\) must be after start \(2020\)") as ei:
        population_change(toy_region(), start=2020, end=2010)
    _is_own(ei.value, ParameterError)
    with pytest.raises(ParameterError, match="must be after"):  # equal years: no change to form
        population_change(toy_region(), start=2020, end=2020)


def test_unknown_mass() -> None:
    with pytest.raises(ParameterError, match="Unknown mass 'area'; choose one of sqrt_pg") as ei:
        masses(toy_region(), mass="area", year=2020, codes=["990101"], strict=True)
    _is_own(ei.value, ParameterError)
    with pytest.raises(ParameterError, match="Unknown mass 'area'"):  # through a public analysis
        linkage_intensity(toy_region(), year=2020, mass="area")


@pytest.mark.parametrize("rows", [0, -1])
def test_flow_batches_rows_not_positive(rows: int) -> None:
    idx = pd.MultiIndex.from_product([["a", "b"]] * 2, names=["origin", "destination"])
    flows = pd.DataFrame({"trips": [1.0, 2.0, 3.0, 4.0]}, index=idx)
    with pytest.raises(ParameterError, match=f"got {rows}") as ei:
        next(flow_batches(flows, rows=rows))
    _is_own(ei.value, ParameterError)


_CASES: list[tuple[type[BaseModel], dict[str, Any], str]] = [
    (UpdateLinks, {"op": "update_links", "speed_kph": 80.0}, "select links with link_ids"),
    (AddLink, {"op": "add_link", "link_id": "x", "from_node": "a", "to_node": "b",
               "mode": "rail", "length_km": 10.0}, "give speed_kph"),
    (SetStat, {"op": "set_stat", "code": "220102", "indicator": "population", "year": 2020},
     "give exactly one of value or factor"),
    (SetStat, {"op": "set_stat", "code": "220102", "indicator": "population", "year": 2020,
               "value": 1.0, "factor": 2.0}, "give exactly one of value or factor"),
]


@pytest.mark.parametrize(("model", "data", "text"), _CASES)
def test_scenario_edit_validators(model: type[BaseModel], data: dict[str, Any],
                                  text: str) -> None:
    with pytest.raises(ValidationError) as ei:
        model.model_validate(data)
    (err,) = ei.value.errors()
    _is_own(err["ctx"]["error"], ScenarioError)
    assert text in str(err["ctx"]["error"])
    # the public path lists it among the spec's problems
    with pytest.raises(ScenarioSpecError, match=text):
        parse_edits([data], context="test")


# ------------------------------------------------------------------ the monitor (item 4)
def test_monitor_bad_arguments_raise_parameter_error(sqlite_store: Store) -> None:  # noqa: F811
    import datetime as dt

    from sqlalchemy.dialects import sqlite

    from metroscope.monitor import Monitor, set_status
    from metroscope.monitor.config import get_config
    from metroscope.monitor.digest import period_bounds
    from metroscope.monitor.store import UTCDateTime

    with pytest.raises(ParameterError, match="daily or weekly") as ei:
        period_bounds("monthly")
    _is_own(ei.value, ParameterError)
    with sqlite_store.session() as s, s.begin():
        with pytest.raises(ParameterError, match="unknown status 'finished'") as ei:
            set_status(s, "changsiliaotong_hsr", "finished")
        _is_own(ei.value, ParameterError)
        with pytest.raises(ParameterError, match="unknown project 'nope'") as ei:
            set_status(s, "nope", "planned")
        _is_own(ei.value, ParameterError)
    with pytest.raises(ParameterError, match="attach a timezone") as ei:
        UTCDateTime().process_bind_param(dt.datetime(2025, 6, 2, 8), sqlite.dialect())
    _is_own(ei.value, ParameterError)
    now = dt.datetime(2025, 6, 2, 12, tzinfo=dt.UTC)
    with pytest.raises(ParameterError, match="unknown source 'nope'") as ei:
        Monitor(sqlite_store, config=get_config()).ingest("nope", [], now=now)
    _is_own(ei.value, ParameterError)


@pytest.mark.parametrize(("name", "item"), [
    ("primacy", "year=nan"),                       # was an internal error (exit 3)
    ("rank_size", "top=inf"),                      # was an internal error (exit 3)
    ("population_change", "shrink_threshold_pct=nan"),   # flagged no unit, exit 0
    ("population_change", "shrink_threshold_pct=-inf"),
])
def test_a_set_value_that_is_not_a_finite_number_is_a_usage_error(name: str, item: str) -> None:
    """`analyze primacy --set year=nan` ended in "Internal error ... cannot convert float NaN
    to integer" (exit 3); `--set shrink_threshold_pct=nan` printed "0 of the 49 units ... are
    shrinking (change < nan %)" with exit 0. NaN and inf are refused while the options are
    read, in the reader's language; the CLI and the API share this reader."""
    from metroscope.indicators import REGISTRY
    from metroscope.indicators._options import IndicatorOptionError, indicator_kwargs

    with pytest.raises(IndicatorOptionError) as ei:
        indicator_kwargs(REGISTRY[name], {"set": [item]})
    key, _, value = item.partition("=")
    assert f"--set {key}: '{value}' is not a finite number" in str(ei.value)
    from metroscope._errors import error_text

    assert "不是有限的数" in error_text(ei.value, "zh")
    ok = indicator_kwargs(REGISTRY[name], {"set": [f"{key}=3"]})
    assert ok[key] == 3


@pytest.mark.parametrize("top", [-3, 0, 2.5, float("nan"), True])
def test_rank_size_top_must_be_a_whole_number_of_one_or_more(top: Any) -> None:
    """`--set top=-3` fitted the units without the three smallest (x[:-3]) and printed q with
    exit 0; `top=2.5` was cut to 2 silently."""
    from metroscope.indicators.rank_size import rank_size

    with pytest.raises(ParameterError, match=r"top .* must be a whole number of 1 or more"):
        rank_size(toy_region(), year=2020, top=top)
