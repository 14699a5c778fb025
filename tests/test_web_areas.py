"""The national metropolitan areas in the web app: the API answers what the CLI answers, the
ranks agree with an independent count, the page shows this area's value and rank in both
languages and the 18 areas, and a region that is not a national area says so."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from markupsafe import escape

from _web import cli_json, client, same_as_cli


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with client(tmp_path_factory.mktemp("web-areas")) as c:
        yield c


def test_areas_api_equals_cli(web: Any) -> None:
    listed = web.get("/api/v1/areas")
    assert listed.status_code == 200
    same_as_cli(listed.json(), cli_json("areas"))
    assert len(listed.json()) == 18
    compared = web.get("/api/v1/areas/compare")
    same_as_cli(compared.json(), cli_json("areas", "compare", "--quiet"))
    assert compared.headers["etag"]


def test_ranks_agree_with_an_independent_count(web: Any) -> None:
    from metroscope.areas import MEASURES

    rows = web.get("/api/v1/areas/compare?ranks=true").json()
    for m in MEASURES:
        values = [r[m.key] for r in rows if isinstance(r[m.key], float | int)]
        for r in rows:
            v = r[m.key]
            if not isinstance(v, float | int):
                assert r[f"rank_{m.key}"] is None
                continue
            better = sum(1 for x in values if (x > v if m.higher_first else x < v))
            # the answer is rounded to the column's precision, the ranks are not: areas
            # that print alike may rank either way among themselves
            tied = sum(1 for x in values if x == v)
            assert better + 1 <= r[f"rank_{m.key}"] <= better + tied, (m.key, r["metro_area"])
            assert r[f"n_{m.key}"] == len(values)
    cc = next(r for r in rows if r["metro_area"] == "长春都市圈")
    assert cc["rank_core_population_2020"] == 14 and cc["n_core_population_2020"] == 18


def test_the_page_shows_this_area_among_the_18(web: Any) -> None:
    from metroscope.report._i18n import STRINGS

    en = web.get("/areas?lang=en")
    assert en.status_code == 200
    assert str(escape(STRINGS["sec_areas"][1])) in en.text and 'data-focus="长春都市圈"' in en.text
    assert en.text.count("<tr data-area=") == 18
    assert '<tr data-area="长春都市圈" class="focus">' in en.text
    assert "<td>Core pop. 2020</td><td class=\"num\">5.02 million</td><td>14 of 18</td>" \
        in en.text
    zh = web.get("/areas?lang=zh").text
    assert STRINGS["sec_areas"][0] in zh and "14 / 18" in zh
    assert 'id="fig-areas-dots"' in zh
    other = web.get("/areas?lang=en&region=china").text
    assert 'id="areas-not-national"' in other and "<tr data-area=" in other


def test_the_areas_are_measured_once_per_server(tmp_path_factory: pytest.TempPathFactory,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # the list's sizes come from the comparison the page and /compare use: one measurement
    from metroscope import areas

    calls: list[int] = []
    real = areas.compare

    def counted(*a: Any, **k: Any) -> Any:
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(areas, "compare", counted)
    with client(tmp_path_factory.mktemp("web-areas-once")) as c:
        assert c.get("/areas").status_code == 200
        listed = c.get("/api/v1/areas").json()
        compared = c.get("/api/v1/areas/compare").json()
    assert len(calls) == 1
    by_area = {r["metro_area"]: r for r in compared}
    for r in listed:  # the list's sizes are the comparison's
        assert r["population_2020"] == by_area[r["metro_area"]]["population_2020"]


def test_the_page_labels_the_period_of_the_60_minute_shares(web: Any) -> None:
    """/areas (the report's section-10 table): the 60-minute shares are the 2020 census
    population on today's network, not a 2010→2020 change, and the column says "Period"."""
    import re

    for lang, period, head in (("en", "2020 population, today&#39;s network", "Period"),
                               ("zh", "2020年人口,现状网络", "时期")):
        text = web.get(f"/areas?lang={lang}").text
        assert f"<th>{head}</th>" in text or f">{head}<" in text, lang
        rows = re.findall(r"<tr>(.*?)</tr>", text, flags=re.S)
        within = [r for r in rows if "60" in r and ("min" in r or "分钟" in r)]
        assert len(within) == 2, lang
        for r in within:
            assert period in r and "2010→2020" not in r, (lang, r)
