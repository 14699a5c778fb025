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
