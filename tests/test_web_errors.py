# ruff: noqa: F811  (the fixtures seeded and site come from _web_monitor)
"""One error envelope: every item of ``error.details`` is a problem object with the same keys
(location, name, value, expected, fix, message) whatever failed (a query or path parameter, a
body field, a body that is not JSON, an unknown rule, a route that does not exist, a missing
token, a rate limit); a user's value is never repeated longer than 100 characters; only the
project's own errors are 4xx (a plain ValueError or KeyError is a bug: 500, logged, no
traceback); the alert detail says whether the alert was acknowledged."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from _web_monitor import Site, seeded, site  # noqa: F401 (the fixtures)
from metroscope.web.problems import KEYS, VALUE_LIMIT

NOT_JSON = "this is not json " * 40


def errors_of(site: Site) -> dict[str, Any]:
    """One answer per kind of error, keyed by kind."""
    c = site.client
    return {
        "query parameter": c.get("/api/v1/traveltime?mode=plane&year=1200"),
        "path parameter": c.get("/api/v1/alerts/0"),
        "JSON body field": c.post("/api/v1/scenarios/evaluate", json={"edits": "x"}),
        "scenario edit": c.post("/api/v1/scenarios/evaluate", json={
            "name": "a", "edits": [{"op": "set_speed", "mode": "hsr", "speed_kph": -5}]}),
        "non-JSON body": c.post("/api/v1/scenarios/evaluate", content=NOT_JSON,
                                headers={"Content-Type": "application/json"}),
        "rule body": c.post("/api/v1/rules/test", json={"name": "t", "kind": "keyword"}),
        "unknown rule": c.get("/api/v1/rules/nosuch/test"),
        "unknown alert": c.get("/api/v1/alerts/999"),
        "unknown source": c.post("/api/v1/sources/nosuch/check", headers=site.write),
        "unknown unit": c.get("/api/v1/isochrone?origin=999999"),
        "unknown region": c.get("/api/v1/regions/atlantis"),
        "indicator options": c.get("/api/v1/indicators/lq?measure=gdp&set=novalue"),
        "link status": c.get("/api/v1/circle?status=dreaming"),
        "unknown tag": c.get("/api/v1/items?tag=nosuchtag"),
        "too long": c.get("/api/v1/isochrone?origin=" + "x" * 5000),
        "body too large": c.post("/api/v1/scenarios/evaluate",
                                 content=b"x" * (site.app.state.config.max_body_bytes + 1),
                                 headers={"Content-Type": "application/json"}),
        "no route": c.get("/api/v1/no-such-route"),
        "no token": c.post("/api/v1/alerts/1/ack"),
        "read token": c.post("/api/v1/alerts/1/ack", headers=site.read),
    }


def check_envelope(kind: str, r: Any) -> list[dict[str, Any]]:
    assert 400 <= r.status_code < 500, (kind, r.status_code, r.text)
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}, kind
    details = body["error"]["details"]
    assert isinstance(details, list), kind
    for d in details:
        assert isinstance(d, dict) and tuple(d) == KEYS, (kind, d)
        assert isinstance(d["message"], str) and d["message"], (kind, d)
        assert d["value"] is None or len(d["value"]) <= VALUE_LIMIT, (kind, d)
    return list(details)


def test_every_error_detail_is_a_problem_object_with_the_same_keys(site: Site) -> None:
    answers = errors_of(site)
    with_details = set()
    for kind, r in answers.items():
        if check_envelope(kind, r):
            with_details.add(kind)
    assert with_details == set(answers)  # every kind says what was wrong, not only that
    where = {k: {d["location"] for d in r.json()["error"]["details"]} for k, r in answers.items()}
    assert where["query parameter"] == where["indicator options"] == {"query"}
    assert where["path parameter"] == where["unknown rule"] == {"path"}
    (source,) = answers["unknown source"].json()["error"]["details"]
    assert (source["location"], source["name"], source["value"]) == ("path", "name", "nosuch")
    assert "feed-a" in source["expected"]
    assert where["JSON body field"] == where["non-JSON body"] == where["rule body"] == {"body"}
    assert where["no token"] == {"header"}
    assert answers["body too large"].status_code == 413
    (edit,) = answers["scenario edit"].json()["error"]["details"]
    assert (edit["name"], edit["value"], edit["expected"]) == (
        "edits.0.speed_kph", "-5", "greater than 0")
    (rule,) = answers["unknown rule"].json()["error"]["details"]
    assert rule["value"] == "nosuch" and "hsr-news" in rule["expected"]
    assert answers["no token"].json()["error"]["details"][0]["name"] == "Authorization"


def test_the_rate_limit_answers_the_same_envelope(seeded: Path, tmp_path: Path) -> None:
    s = Site(seeded, tmp_path, write_rate_per_min=1)
    with s.client as c:
        assert c.post("/api/v1/alerts/1/ack", headers=s.write).status_code == 200
        r = c.post("/api/v1/alerts/1/ack", headers=s.write)
        assert r.status_code == 429 and r.headers["retry-after"] == "60"
        (d,) = check_envelope("rate limit", r)
        assert d["name"] == "Retry-After"


def test_a_body_that_is_not_json_is_named_with_its_start(site: Site) -> None:
    for headers in ({"Content-Type": "application/json"}, {"Content-Type": "text/plain"}):
        r = site.client.post("/api/v1/scenarios/evaluate", content=NOT_JSON, headers=headers)
        (d,) = check_envelope("non-JSON body", r)
        assert d["value"] != "{}" and d["value"].startswith("this is not json")
        assert d["value"].endswith("…") and len(d["value"]) == VALUE_LIMIT
        assert "JSON" in d["message"] and d["expected"] == "a JSON object"


@pytest.mark.parametrize("url", [
    "/api/v1/isochrone?origin={v}",
    "/api/v1/traveltime?from={v}",
    "/api/v1/regions/changchun/stats?code={v}",
    "/api/v1/items?q={v}",
    "/api/v1/scenarios/{v}",
    "/api/v1/rules/{v}/test",
    "/travel?origin={v}&lang=zh",
])
def test_long_values_are_refused_and_never_echoed_in_full(site: Site, url: str) -> None:
    value = "长" * 5000
    r = site.client.get(url.format(v=value))
    assert 400 <= r.status_code < 500, r.text
    longest = max((len(m) for m in re.findall("长+", r.text)), default=0)
    assert longest <= VALUE_LIMIT
    assert quote("长" * (VALUE_LIMIT + 1)) not in r.text  # nor URL-encoded in a link
    if url.startswith("/api/"):
        check_envelope(url, r)


def test_a_year_without_data_is_a_user_error_not_a_bug(site: Site) -> None:
    # the library raised numpy's "argmax of an empty sequence" (a plain ValueError, now a 500)
    r = site.client.get("/api/v1/indicators/field_strength?year=1990")
    (d,) = check_envelope("year without data", r)
    assert r.status_code == 422 and "1990" in d["message"] and "2020" in d["message"]


def test_a_short_unknown_code_is_named_in_the_message(site: Site) -> None:
    r = site.client.get("/api/v1/isochrone?origin=999999")
    err = r.json()["error"]
    assert r.status_code == 404 and "999999" in err["message"]


def test_alert_detail_says_whether_it_was_acknowledged(site: Site) -> None:
    c = site.client
    listed = {a["alert_id"]: a["acknowledged"] for a in c.get("/api/v1/alerts").json()}
    assert listed[1] is False
    assert c.get("/api/v1/alerts/1").json()["acknowledged"] is False
    assert c.post("/api/v1/alerts/1/ack", headers=site.write).status_code == 200
    detail = c.get("/api/v1/alerts/1").json()
    listed = {a["alert_id"]: a["acknowledged"] for a in c.get("/api/v1/alerts").json()}
    assert detail["acknowledged"] is True is listed[1]


@pytest.mark.parametrize("error", [ValueError("bug detail"), KeyError("bug detail")])
def test_a_plain_value_or_key_error_is_a_500_not_a_user_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        error: Exception) -> None:
    from fastapi.testclient import TestClient

    import metroscope.network
    from metroscope.web import WebConfig, create_app

    def bug(*_a: Any, **_k: Any) -> Any:
        raise error

    monkeypatch.setattr(metroscope.network, "isochrone", bug)
    with TestClient(create_app(WebConfig(data_dir=tmp_path)),
                    raise_server_exceptions=False) as c:
        r = c.get("/api/v1/isochrone?origin=220100")
    assert r.status_code == 500
    err = r.json()["error"]
    assert err["code"] == "internal_error" and err["details"] == []
    assert "bug detail" not in r.text and "Traceback" not in r.text
    assert any("Unhandled error" in rec.message for rec in caplog.records)


def test_a_parameter_error_of_the_library_stays_a_422(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient

    import metroscope.network
    from metroscope._errors import ParameterError
    from metroscope.web import WebConfig, create_app

    def refuse(*_a: Any, **_k: Any) -> Any:
        raise ParameterError("minutes must be positive, got -1")

    monkeypatch.setattr(metroscope.network, "isochrone", refuse)
    with TestClient(create_app(WebConfig(data_dir=tmp_path))) as c:
        r = c.get("/api/v1/isochrone?origin=220100")
    (d,) = check_envelope("parameter error", r)
    assert r.status_code == 422 and d["message"] == "minutes must be positive, got -1"


def test_the_overview_does_not_hide_a_bug_in_the_primacy_trend(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient

    import metroscope.indicators.primacy
    from metroscope._errors import MissingDataError
    from metroscope.web import WebConfig, create_app

    def missing(*_a: Any, **_k: Any) -> Any:
        raise MissingDataError("no gdp series")

    def bug(*_a: Any, **_k: Any) -> Any:
        raise ValueError("bug detail")

    for fn, status in ((missing, 200), (bug, 500)):
        monkeypatch.setattr(metroscope.indicators.primacy, "primacy_trend", fn)
        with TestClient(create_app(WebConfig(data_dir=tmp_path / fn.__name__)),
                        raise_server_exceptions=False) as c:
            r = c.get("/?lang=en", headers={"Accept": "text/html"})
        assert r.status_code == status, fn.__name__
        assert "bug detail" not in r.text


def test_a_page_lists_the_problems_as_sentences(site: Site) -> None:
    r = site.client.get("/fragments/analysis?name=lq&measure=gdp&lang=en")
    assert "does not apply" in r.text
    assert "&#39;location&#39;" not in r.text and "'location'" not in r.text


def test_a_page_refuses_a_long_value_in_its_language(site: Site) -> None:
    r = site.client.get("/travel?lang=zh&origin=" + "x" * 300, headers={"Accept": "text/html"})
    assert r.status_code == 422 and "最多40个字符" in r.text
    assert "x" * (VALUE_LIMIT + 1) not in r.text


@pytest.mark.parametrize("url", [
    "/api/v1/indicators/primacy?set={v}",
    "/api/v1/screen?area={v}",
    "/api/v1/screen?weights={v}",
    "/api/v1/screen?weights=a%3D1,{v}",
])
def test_a_library_message_never_repeats_a_value_under_its_cap_in_full(
        site: Site, url: str) -> None:
    # 450 characters pass the 500-character cap; the library's message named them in full
    value = "y" * 450
    r = site.client.get(url.format(v=value))
    assert 400 <= r.status_code < 500, r.text
    longest = max((len(m) for m in re.findall("y+", r.text)), default=0)
    assert longest <= VALUE_LIMIT, (url, longest)
    if url.startswith("/api/"):
        check_envelope(url, r)


@pytest.mark.parametrize("body", [b"[1, 2]", b""])
def test_a_wrong_body_as_a_whole_is_not_called_field_none(site: Site, body: bytes) -> None:
    r = site.client.post("/api/v1/scenarios/evaluate", content=body,
                         headers={"Content-Type": "application/json"})
    (d,) = check_envelope("whole body", r)
    assert d["location"] == "body" and d["name"] is None
    assert "None" not in d["message"] and d["message"].startswith("The request body"), d


@pytest.mark.parametrize(("url", "where"), [
    ("/api/v1/alerts/999", ("path", "alert_id", "999")),
    ("/api/v1/regions/atlantis", ("path", "name", "atlantis")),
    ("/api/v1/projects/nosuch/history", ("path", "project_id", "nosuch")),
    ("/api/v1/scenarios/nosuch", ("path", "name", "nosuch")),
    ("/api/v1/isochrone?origin=999999", ("query", "origin", "999999")),
    ("/api/v1/circle?region=atlantis", ("query", "region", "atlantis")),
])
def test_an_unknown_name_says_which_parameter_it_came_from(
        site: Site, url: str, where: tuple[str, str, str]) -> None:
    r = site.client.get(url)
    assert r.status_code == 404, r.text
    (d,) = check_envelope(url, r)
    assert (d["location"], d["name"], d["value"]) == where, d


def test_an_analysis_provenance_line_shows_no_nan(site: Site) -> None:
    # primacy's official_total is NaN when the parent's total is not reported: it showed
    # "official_total=nan" under the formula
    r = site.client.get("/fragments/analysis?name=primacy&lang=en")
    assert r.status_code == 200 and "units_sum=" in r.text
    assert "=nan" not in r.text
