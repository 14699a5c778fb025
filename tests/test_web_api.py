"""The JSON API: the same records as the CLI's --format json for the same call, one error
envelope (never a traceback), formats, pagination, ETag/304, body caps."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from _web import cli_json, client, same_as_cli


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with client(tmp_path_factory.mktemp("web")) as c:
        yield c


SAME_AS_CLI = [
    (("data", "list"), "/api/v1/regions"),
    (("data", "show", "changchun"), "/api/v1/regions/changchun"),
    (("data", "show", "changchun", "--table", "indicators"),
     "/api/v1/regions/changchun/indicators"),
    (("data", "show", "changchun", "--table", "projects"), "/api/v1/regions/changchun/projects"),
    (("data", "show", "changchun", "--table", "links"), "/api/v1/regions/changchun/links"),
    (("analyze", "--list"), "/api/v1/indicators"),
    (("analyze", "primacy", "--measure", "gdp", "--year", "2023"),
     "/api/v1/indicators/primacy?measure=gdp&year=2023"),
    (("analyze", "population_change", "--level", "county", "--set", "shrink_threshold_pct=-5"),
     "/api/v1/indicators/population_change?level=county&set=shrink_threshold_pct%3D-5"),
    (("analyze", "lq"), "/api/v1/indicators/lq"),
    (("access", "circle"), "/api/v1/circle"),
    (("access", "circle", "--mode", "rail", "--scenario", "chang-si-liao-tong"),
     "/api/v1/circle?mode=rail&scenario=chang-si-liao-tong"),
    (("access", "traveltime", "--mode", "fastest", "--from", "220102", "--from", "220382",
      "--long"),
     "/api/v1/traveltime?mode=fastest&from=220102&from=220382&long=true"),
    (("access", "traveltime", "--mode", "rail", "--to", "220102"),
     "/api/v1/traveltime?mode=rail&to=220102"),
    (("access", "isochrone", "--minutes", "90", "--inside"),
     "/api/v1/isochrone?minutes=90&inside=true"),
    (("access", "accessibility", "--mode", "road", "--decay", "exponential", "--decay-param",
      "0.05"),
     "/api/v1/accessibility?mode=road&decay=exponential&decay_param=0.05"),
    # the network year (year) and the year of the weights (stats_year) apart
    (("access", "accessibility", "--mode", "rail", "--year", "2030", "--stats-year", "2010"),
     "/api/v1/accessibility?mode=rail&year=2030&stats_year=2010"),
    (("access", "circle", "--year", "2030", "--stats-year", "2010"),
     "/api/v1/circle?year=2030&stats_year=2010"),
    # network_year / --network-year: the unambiguous names of the same option
    (("access", "circle", "--network-year", "2030", "--stats-year", "2010"),
     "/api/v1/circle?network_year=2030&stats_year=2010"),
    (("access", "isochrone", "--network-year", "2030", "--mode", "rail"),
     "/api/v1/isochrone?network_year=2030&mode=rail"),
    (("scenario", "list"), "/api/v1/scenarios"),
    (("scenario", "show", "network-2030"), "/api/v1/scenarios/network-2030"),
    (("scenario", "run", "hsr-350"), "/api/v1/scenarios/hsr-350/run"),
    (("scenario", "compare", "chang-si-liao-tong", "hsr-350"),
     "/api/v1/scenarios/compare?spec=chang-si-liao-tong&spec=hsr-350"),
    (("flows", "radiation", "--core-share"), "/api/v1/flows/radiation?core_share=true"),
    (("flows", "gravity", "--mode", "rail"), "/api/v1/flows/gravity?mode=rail"),
    # every further route docs/api.md gives a CLI twin for (the monitor's need a database:
    # tests/test_web_monitor*.py)
    (("data", "show", "changchun", "--table", "units"), "/api/v1/regions/changchun/units"),
    (("data", "show", "changchun", "--table", "stats"), "/api/v1/regions/changchun/stats"),
    (("data", "show", "changchun", "--table", "nodes"), "/api/v1/regions/changchun/nodes"),
    (("analyze", "primacy-trend", "--measure", "gdp"),
     "/api/v1/indicators/primacy_trend?measure=gdp"),
    (("analyze", "primacy", "--measure", "population", "--level", "county"),
     "/api/v1/indicators/primacy?measure=population&level=county"),
    (("access", "circle", "--mode", "all"), "/api/v1/circle?mode=all"),
    (("access", "circle", "--mode", "rail"), "/api/v1/circle?mode=rail"),
    (("access", "traveltime", "--mode", "road", "--from", "220102"),
     "/api/v1/traveltime?mode=road&from=220102"),
    (("access", "isochrone"), "/api/v1/isochrone"),
    (("access", "accessibility"), "/api/v1/accessibility"),
    (("scenario", "run", "chang-si-liao-tong", "--mode", "rail"),
     "/api/v1/scenarios/chang-si-liao-tong/run?mode=rail"),
]


@pytest.mark.parametrize(("cli", "url"), SAME_AS_CLI, ids=[u for _, u in SAME_AS_CLI])
def test_api_json_equals_cli_json(api: Any, cli: tuple[str, ...], url: str) -> None:
    """Exactly equal, numbers included: the API rounds with the CLI's function (it answered
    share_plan_population_inside 0.4049904377604019 where the CLI printed 0.405)."""
    r = api.get(url)
    assert r.status_code == 200, r.text
    expected = cli_json(*cli)
    same_as_cli(r.json(), expected)
    assert len(expected) > 0
    assert r.headers["x-total-count"] == str(len(expected))


def test_api_numbers_equal_the_library(api: Any) -> None:
    """A contract with the library itself (not via the CLI): the circle's population."""
    import metroscope
    from metroscope.network import commuting_circle

    lib = commuting_circle(metroscope.load("changchun"), mode="rail")
    rows = {r["code"]: r for r in api.get("/api/v1/circle?mode=rail").json()}
    assert set(rows) == set(lib.index)
    for code, row in lib.iterrows():
        assert rows[code]["inside"] == bool(row["inside"])
        t = row["travel_time_min"]
        # minutes as the CLI writes them: to 0.1 (docs/api.md: the same JSON as the CLI's)
        assert rows[code]["travel_time_min"] == (round(float(t), 1) if t != float("inf")
                                                 else "inf")


def test_openapi_is_served_and_lists_every_resource(api: Any) -> None:
    spec = api.get("/api/v1/openapi.json").json()
    paths = set(spec["paths"])
    for p in ("/api/v1/regions", "/api/v1/indicators/{name}", "/api/v1/traveltime",
              "/api/v1/circle", "/api/v1/isochrone", "/api/v1/accessibility",
              "/api/v1/scenarios", "/api/v1/scenarios/compare", "/api/v1/flows/radiation"):
        assert p in paths, p


def _error(r: Any, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert "Traceback" not in r.text
    return dict(body["error"])


def test_bad_parameters_are_listed_all_at_once(api: Any) -> None:
    err = _error(api.get("/api/v1/traveltime?mode=plane&year=1200&limit=0"), 422,
                 "invalid_parameters")
    names = sorted(d["name"] for d in err["details"])
    assert names == ["limit", "mode", "year"]
    assert all(d["location"] == "query" for d in err["details"])


def test_unknown_things_are_404_with_the_known_ones_named(api: Any) -> None:
    err = _error(api.get("/api/v1/indicators/nope"), 404, "not_found")
    assert "primacy" in err["message"]
    err = _error(api.get("/api/v1/regions/atlantis"), 404, "not_found")
    assert "changchun" in err["message"]
    err = _error(api.get("/api/v1/scenarios/nope"), 404, "not_found")
    assert "hsr-350" in err["message"]
    _error(api.get("/api/v1/nothing-here"), 404, "not_found")


def test_indicator_options_that_do_not_apply_are_reported(api: Any) -> None:
    err = _error(api.get("/api/v1/indicators/lq?measure=gdp&set=nonsense=1&set=novalue"), 422,
                 "invalid_parameters")
    assert len(err["details"]) == 3
    messages = [d["message"] for d in err["details"]]
    assert any("--measure does not apply" in m for m in messages)
    assert any("'nonsense'" in m for m in messages)
    assert {d["location"] for d in err["details"]} == {"query"}


def test_status_values_are_checked(api: Any) -> None:
    err = _error(api.get("/api/v1/circle?status=operating&status=dreaming&status=x"), 422,
                 "invalid_parameters")
    assert len(err["details"]) == 2


def test_invalid_scenario_body_lists_every_problem(api: Any) -> None:
    body = {"name": "bad one", "edits": [{"op": "set_speed", "mode": "hsr", "speed_kph": -5},
                                         {"op": "teleport"}]}
    err = _error(api.post("/api/v1/scenarios/evaluate", json=body), 422, "invalid_parameters")
    assert len(err["details"]) >= 3
    names = {d["name"] for d in err["details"]}
    assert {"name", "edits.0.speed_kph", "edits.1"} <= names
    assert {d["location"] for d in err["details"]} == {"body"}
    speed = next(d for d in err["details"] if d["name"] == "edits.0.speed_kph")
    assert (speed["value"], speed["expected"]) == ("-5", "greater than 0")


def test_evaluate_an_edited_scenario_against_the_base(api: Any) -> None:
    body = {"name": "faster", "edits": [{"op": "set_speed", "mode": "hsr", "speed_kph": 350}]}
    r = api.post("/api/v1/scenarios/evaluate?mode=rail", json=body)
    assert r.status_code == 200, r.text
    out = r.json()
    expected = cli_json("scenario", "compare", "hsr-350", "--mode", "rail")
    got = out["data"]
    # same edits as the shipped hsr-350: the same deltas (the CLI adds the scenario column)
    same_as_cli(got, [{k: v for k, v in e.items() if k != "scenario"} for e in expected])
    assert out["summary"]["base"]["units_inside"] <= out["summary"]["scenario"]["units_inside"]


def test_an_unexpected_error_is_a_500_envelope_without_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient

    from metroscope.web import WebConfig, create_app
    from metroscope.web.api import travel

    def boom(*a: Any, **k: Any) -> Any:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(travel, "circle_table", boom)
    with TestClient(create_app(WebConfig(data_dir=tmp_path)),
                    raise_server_exceptions=False) as c:
        r = c.get("/api/v1/circle")
    _error(r, 500, "internal_error")
    assert "secret" not in r.text


def test_csv_and_parquet_downloads(api: Any) -> None:
    import pandas as pd

    j = api.get("/api/v1/regions/changchun/stats?indicator=gdp&level=prefecture").json()
    r = api.get("/api/v1/regions/changchun/stats?indicator=gdp&level=prefecture&format=csv")
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    csv = pd.read_csv(io.StringIO(r.text), dtype={"code": str})
    assert len(csv) == len(j) > 0
    assert set(csv["indicator"]) == {"gdp"}
    r = api.get("/api/v1/regions/changchun/stats?indicator=gdp&level=prefecture"
                "&format=parquet")
    pq = pd.read_parquet(io.BytesIO(r.content))
    assert len(pq) == len(j)
    assert pq["value"].sum() == pytest.approx(sum(x["value"] for x in j))


def test_pagination_with_total_and_next_link(api: Any) -> None:
    full = api.get("/api/v1/regions/changchun/units").json()
    r = api.get("/api/v1/regions/changchun/units?limit=10&offset=5")
    assert r.json() == full[5:15]
    assert r.headers["x-total-count"] == str(len(full))
    assert "offset=15" in r.headers["link"] and 'rel="next"' in r.headers["link"]
    last = api.get(f"/api/v1/regions/changchun/units?limit=10&offset={len(full) - 3}")
    assert len(last.json()) == 3 and "link" not in last.headers


def test_etag_and_cache_control_on_analysis_results(api: Any) -> None:
    r = api.get("/api/v1/indicators/primacy?measure=population")
    tag = r.headers["etag"]
    assert "max-age" in r.headers["cache-control"]
    again = api.get("/api/v1/indicators/primacy?measure=population",
                    headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    # weak comparison (RFC 9110): a proxy that compresses marks the tag weak, W/"..."
    weak = api.get("/api/v1/indicators/primacy?measure=population",
                   headers={"If-None-Match": f'"other", W/{tag}'})
    assert weak.status_code == 304
    other = api.get("/api/v1/indicators/primacy?measure=gdp")
    assert other.headers["etag"] != tag


def test_encoded_pages_of_cached_results_are_reused_and_right() -> None:
    """table_response keeps the encoded page with a cached result: a repeat answers the same
    bytes and ETag without encoding again, other pages and formats are encoded apart, and the
    kept bodies go when the result does."""
    import gc
    import hashlib
    import json

    import pandas as pd
    from starlette.requests import Request

    from metroscope.web import respond

    def request() -> Request:
        return Request({"type": "http", "method": "GET", "path": "/t", "query_string": b"",
                        "headers": [], "server": ("127.0.0.1", 80), "scheme": "http"})

    df = pd.DataFrame({"code": ["a", "b", "c", "d", "e"], "v": [1.5, 2.0, None, 4.0, 5.0]})
    first = respond.table_response(request(), df, limit=2, offset=1)
    assert json.loads(first.body) == [{"code": "b", "v": 2.0}, {"code": "c", "v": None}]
    assert first.headers["etag"] == '"' + hashlib.sha256(first.body).hexdigest() + '"'
    calls = []
    real = respond._body

    def counting(*a: Any) -> bytes:
        calls.append(1)
        return real(*a)

    respond._body = counting  # type: ignore[assignment]
    try:
        again = respond.table_response(request(), df, limit=2, offset=1)
        assert again.body == first.body and again.headers["etag"] == first.headers["etag"]
        assert calls == []
        csv = respond.table_response(request(), df, respond.TableFormat.csv)
        assert csv.body.decode().splitlines()[0] == "code,v" and calls == [1]
        fresh = respond.table_response(request(), df, cache=respond.NO_STORE)
        assert len(json.loads(fresh.body)) == 5 and calls == [1, 1]
        respond.table_response(request(), df, cache=respond.NO_STORE)
        assert calls == [1, 1, 1]  # no-store answers are never kept
    finally:
        respond._body = real  # type: ignore[assignment]
    ident = id(df)
    assert ident in respond._BODIES
    del df
    gc.collect()
    assert ident not in respond._BODIES


def test_security_headers_on_every_answer(api: Any) -> None:
    for url in ("/api/v1/regions", "/api/v1/nothing"):
        h = api.get(url).headers
        csp = h["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-eval" not in csp
        assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        assert h["x-content-type-options"] == "nosniff"
        assert h["x-frame-options"] == "DENY"


def test_request_bodies_are_capped(tmp_path: Path) -> None:
    with client(tmp_path, max_body_bytes=1000) as c:
        big = {"name": "x", "edits": [], "description": "y" * 5000}
        _error(c.post("/api/v1/scenarios/evaluate", json=big), 413, "payload_too_large")

        def chunks() -> Iterator[bytes]:  # streamed, no Content-Length
            yield b'{"name": "x", "description": "'
            for _ in range(10):
                yield b"z" * 500
            yield b'"}'

        r = c.post("/api/v1/scenarios/evaluate", content=chunks(),
                   headers={"content-type": "application/json"})
        # a streamed body past the cap is the same 413 as an announced one (was a 400
        # "There was an error parsing the body" with no problem)
        err = _error(r, 413, "payload_too_large")
        assert err["details"][0]["location"] == "body"


def test_metroscope_serve_starts_on_127_0_0_1(tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "metroscope", "serve", "--port", str(port),
                             "--data-dir", str(tmp_path)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/v1/regions", timeout=5)
                break
            except httpx.HTTPError:
                assert proc.poll() is None, f"serve exited with {proc.returncode}"
                assert time.monotonic() < deadline, "serve did not answer within 120 s"
                time.sleep(0.3)
        assert r.status_code == 200
        assert r.json()[0]["name"] == "changchun"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _strict_json(text: str) -> Any:
    import json

    def refuse(constant: str) -> Any:
        raise AssertionError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_json_documents_carry_no_bare_nan(api: Any) -> None:
    # the evaluate summary (GDP inside the circle) and primacy's provenance (official_total)
    # held NaN, written as a bare NaN that JSON.parse refuses
    body = {"name": "a", "edits": []}
    r = api.post("/api/v1/scenarios/evaluate", json=body)
    assert r.status_code == 200, r.text
    summary = _strict_json(r.text)["summary"]["base"]
    assert "gdp_cny_100m_inside" in summary and summary["gdp_cny_100m_inside"] is None
    r = api.get("/api/v1/indicators/primacy?meta=true")
    assert r.status_code == 200, r.text
    assert _strict_json(r.text)["meta"]["parameters"]["official_total"] is None


def test_network_year_and_its_earlier_name_agree_or_are_refused_together(api: Any) -> None:
    """``year=`` (the network year, not the statistics year) has the unambiguous name
    ``network_year=``; both give the same table, and two different values are refused."""
    for path in ("/api/v1/circle?mode=rail", "/api/v1/accessibility?mode=rail",
                 "/api/v1/traveltime?mode=rail&to=220102", "/api/v1/isochrone?mode=rail"):
        old = api.get(path + "&year=2030")
        new = api.get(path + "&network_year=2030")
        both = api.get(path + "&year=2030&network_year=2030")
        assert old.status_code == new.status_code == both.status_code == 200, path
        assert old.json() == new.json() == both.json(), path
        # the 2030 network differs from today's somewhere (else the option would be untested)
        assert api.get(path).json() != new.json(), path
        err = _error(api.get(path + "&year=2020&network_year=2030"), 422, "invalid_parameters")
        (prob,) = err["details"]
        assert prob["name"] == "year" and "network_year" in prob["fix"]
    spec = api.get("/api/v1/openapi.json").json()
    params = {p["name"]: p for p in spec["paths"]["/api/v1/circle"]["get"]["parameters"]}
    assert params["year"].get("deprecated") is True
    assert not params["network_year"].get("deprecated")


@pytest.mark.parametrize("route", ["traveltime", "isochrone?origin=220102", "circle",
                                   "accessibility"])
@pytest.mark.parametrize("query", ["network_year=2030&network_year=2020",
                                   "year=2030&year=2020", "stats_year=2010&stats_year=2020"])
def test_a_year_given_twice_with_different_values_is_a_422(api: Any, route: str,
                                                           query: str) -> None:
    """``network_year=2030&network_year=2020`` answered the 2020 network (the last value)
    while ``network_year=2030&year=2020`` is a 422: two values of one year are as ambiguous
    as the two names. The same value twice stays accepted."""
    sep = "&" if "?" in route else "?"
    if query.startswith("stats_year") and route.startswith(("traveltime", "isochrone")):
        return  # no statistics year there (an unknown parameter is ignored)
    r = api.get(f"/api/v1/{route}{sep}{query}")
    assert r.status_code == 422, r.text[:300]
    (d,) = r.json()["error"]["details"]
    name, first = query.split("&", 1)[0].split("=")
    assert (d["location"], d["name"], d["value"]) == ("query", name, "2030, 2020"
                                                      if name != "stats_year" else "2010, 2020")
    assert d["expected"] and d["fix"] and d["message"]
    same = f"{name}={first}&{name}={first}"
    assert api.get(f"/api/v1/{route}{sep}{same}").status_code == 200


def test_the_openapi_network_year_range_is_the_one_the_network_accepts(api: Any) -> None:
    """The OpenAPI document gave network_year (and year) the range 1900-2100 while the network
    refuses years before 1949 (a 422 without ``expected``): a client following the document
    was refused. Its range is now the network's, and the refusal names it."""
    from metroscope import _schema as S

    spec = api.get("/api/v1/openapi.json").json()
    for route in ("traveltime", "isochrone", "circle", "accessibility"):
        params = {q["name"]: q["schema"]["anyOf"][0] for q in
                  spec["paths"][f"/api/v1/{route}"]["get"]["parameters"]
                  if q["name"] in ("network_year", "year")}
        for name in ("network_year", "year"):
            assert (params[name]["minimum"], params[name]["maximum"]) == (S.YEAR_MIN,
                                                                         S.YEAR_MAX), route
    ok = api.get(f"/api/v1/traveltime?from=220102&to=220183&network_year={S.YEAR_MIN}")
    assert ok.status_code == 200, ok.text[:300]
    r = api.get(f"/api/v1/traveltime?network_year={S.YEAR_MIN - 1}")
    assert r.status_code == 422
    (d,) = r.json()["error"]["details"]
    assert d["name"] == "network_year" and str(S.YEAR_MIN) in d["expected"], d


@pytest.mark.parametrize(("url", "where", "name"), [
    ("/api/v1/scenarios/compare?spec=nope&spec=hsr-350", "query", "spec"),
    ("/api/v1/scenarios/nope", "path", "name"),
    ("/api/v1/isochrone?origin=220102&scenario=nope", "query", "scenario"),
])
def test_an_unknown_scenario_problem_names_the_parameter_it_came_from(api: Any, url: str,
                                                                      where: str,
                                                                      name: str) -> None:
    """An unknown scenario's problem object said ``name: "scenario"`` whatever the parameter
    was (``spec=`` of compare, the path's ``name``, a page's ``a=``/``b=``), so a client could
    not put the message by the field that holds the bad value."""
    r = api.get(url)
    assert r.status_code == 404, r.text[:300]
    (d,) = r.json()["error"]["details"]
    assert (d["location"], d["name"], d["value"]) == (where, name, "nope"), d
    page = api.get("/fragments/compare?lang=en&a=hsr-350&b=nope", headers={"HX-Request": "true"})
    (d,) = page.json()["error"]["details"]
    assert (d["location"], d["name"], d["value"]) == ("query", "b", "nope"), d


@pytest.mark.parametrize("route", ["traveltime?from=220102&to=220112", "isochrone?origin=220102",
                                   "circle?mode=fastest", "accessibility?mode=fastest"])
def test_travel_endpoints_take_meta_as_the_indicators_do(api: Any, route: str) -> None:
    """Found in a trial: ``meta=true`` wrapped an indicator as ``{data, meta, total}`` but the
    travel-time endpoints ignored it and answered the bare records, so their notes (e.g. what
    a network year leaves out) could not be read over the API. Under network_year=2020 the
    notes name the Yanji–Changchun Expressway, whose sections opened in 2023 and 2024
    (published opening dates, see tests/test_network_year_note.py)."""
    url = f"/api/v1/{route}&network_year=2020"
    plain = api.get(url)
    r = api.get(url + "&meta=true")
    assert plain.status_code == r.status_code == 200, r.text[:300]
    body = _strict_json(r.text)
    assert set(body) == {"data", "meta", "total"}
    assert body["data"] == plain.json() and body["total"] == int(plain.headers["X-Total-Count"])
    assert body["meta"]["indicator"] and body["meta"]["parameters"]
    assert any("Yanji–Changchun Expressway (2023–2024)" in n for n in body["meta"]["notes"])
    paged = api.get(url + "&meta=true&limit=1&offset=0").json()
    assert paged["data"] == plain.json()[:1] and paged["total"] == body["total"]
    # CSV stays a table; without meta the answer is the records as before
    assert api.get(url + "&meta=true&format=csv").text == api.get(url + "&format=csv").text
    assert isinstance(plain.json(), list)
