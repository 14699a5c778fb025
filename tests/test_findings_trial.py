"""Problems a first-time user met trying the commands, the web app and the API (each test
failed before its fix)."""

from __future__ import annotations

import subprocess
import sys


def test_closed_pipe_is_quiet_not_a_path_error() -> None:
    """`metroscope ... --format csv | head` used to print 'Error: Broken pipe. Check the
    path.' (a closed stdout is not a user error about a path)."""
    p = subprocess.Popen([sys.executable, "-m", "metroscope", "data", "list", "--format", "csv"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout is not None and p.stderr is not None
    p.stdout.close()  # the reader goes away before the first line is written
    with p.stderr:
        err = p.stderr.read().decode()
    p.wait(timeout=120)
    assert err == ""
    assert p.returncode == 141


def test_bad_since_is_a_usage_error_not_a_bug(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`monitor digest --since abc` (and alerts/items) printed 'Internal error (a bug in
    metroscope): ValueError ...' and exited 3; a huge period raised OverflowError."""
    from typer.testing import CliRunner

    from metroscope.cli import make_app

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    for argv in (["monitor", "digest", "--since", "abc"],
                 ["monitor", "digest", "--since", "999999999d"],
                 ["monitor", "alerts", "--since", "2026-13-45"],
                 ["monitor", "items", "--since", "yesterday"]):
        res = CliRunner().invoke(make_app(argv), argv)
        out = res.output + (res.stderr if res.stderr_bytes is not None else "")
        assert res.exit_code == 2, (argv, out)
        assert "Internal error" not in out
        assert "give 7d, 24h, 90m, daily, weekly or an ISO date" in out


def _table_cells(html: str, table_id: str) -> list[list[str]]:
    """The text of every body cell of the table ``table_id`` (lxml)."""
    import lxml.html

    doc = lxml.html.fromstring(html)
    return [[td.text_content().strip() for td in tr.findall("td")]
            for tr in doc.get_element_by_id(table_id).iter("tr") if tr.findall("td")]


def test_web_pages_show_notes_and_member_status_in_chinese(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The Chinese overview printed the circle's notes in English ('origin 220100 routed
    through 220104', 'line 吉珲客运专线 has no published frequency ...'), and /areas listed
    the member-list status of each area as the raw English value ('listed; the source asks
    to re-verify', 'not published in the source')."""
    from _web import client
    from metroscope.messages import render

    with client(tmp_path) as web:
        zh = web.get("/?lang=zh").text
        en = web.get("/?lang=en").text
        areas_zh = web.get("/areas?lang=zh").text
        areas_en = web.get("/areas?lang=en").text
    assert "routed through" not in zh and "has no published frequency" not in zh
    assert "routed through" in en  # the same notes, in English on the English page
    status_zh = {row[-1] for row in _table_cells(areas_zh, "areas-list")}
    assert status_zh == {render(k, "zh") for k in ("members_listed", "members_reverify",
                                                     "members_not_published")}
    status_en = {row[-1] for row in _table_cells(areas_en, "areas-list")}
    assert status_en == {render(k, "en") for k in ("members_listed", "members_reverify",
                                                     "members_not_published")}


def test_hidden_columns_note_in_the_tables_language(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """At 80 columns `metroscope screen` (Chinese by default) and `areas compare` ended their
    Chinese tables with '7 of 13 columns shown at this width; not shown: ... every column:
    --format csv ...' in English."""
    from typer.testing import CliRunner

    from metroscope.cli import make_app

    monkeypatch.setenv("COLUMNS", "80")
    for argv, lang in ((["screen", "--quiet"], "zh"), (["screen", "--quiet", "--lang", "en"],
                                                          "en"),
                       (["areas", "compare", "--quiet"], "zh")):
        res = CliRunner().invoke(make_app(argv), argv)
        assert res.exit_code == 0, res.output
        flat = "".join(res.stdout.split())
        if lang == "zh":
            assert "columnsshown" not in flat and "everycolumn" not in flat, argv
            assert "未显示:" in flat and "全部列:--formatcsv或--formatjson" in flat, argv
        else:
            assert "columnsshownatthiswidth;notshown:" in flat
            assert "未显示" not in flat


def test_accessibility_refuses_a_decay_that_is_no_decay() -> None:
    """`--decay-param nan` printed an empty potential column and `--decay-param -1` a
    potential that grows with distance, both without a word."""
    import numpy as np
    import pandas as pd
    import pytest

    from metroscope._errors import ParameterError
    from metroscope.network.accessibility import potential_accessibility

    cost = pd.DataFrame([[0.0, 10.0], [10.0, 0.0]], index=["a", "b"], columns=["a", "b"])
    mass = pd.Series({"a": 100.0, "b": 50.0})
    # an independent value: PA_a = 50 * 10^-1 = 5, PA_b = 100 * 10^-1 = 10
    assert potential_accessibility(cost, mass).tolist() == [5.0, 10.0]
    for bad in (np.nan, -1.0, np.inf):
        for decay in ("power", "exponential"):
            with pytest.raises(ParameterError, match="decay_param must be a finite number"):
                potential_accessibility(cost, mass, decay=decay, decay_param=bad)  # type: ignore[arg-type]


def test_tiny_values_print_instead_of_overflowing() -> None:
    """`access accessibility --include-self --min-minutes 1e308` ended in 'Internal error (a
    bug in metroscope): OverflowError' while rounding potentials near 1e-301 for printing."""
    import numpy as np

    from metroscope._precision import round_significant

    out = round_significant(np.array([2.372408412345e-301, 1e-310, 9.8765432109876e305, 43.1]),
                            digits=3)
    assert out.tolist() == [2.37e-301, 1e-310, 9.88e305, 43.1]


def test_accessibility_at_80_columns_keeps_the_potential(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The README's `access accessibility --include-self --min-minutes 5  # Hansen
    potential, own unit counted` printed, at 80 columns, every column but the potential."""
    from typer.testing import CliRunner

    from metroscope.cli import make_app

    monkeypatch.setenv("COLUMNS", "80")
    argv = ["access", "accessibility", "--include-self", "--min-minutes", "5"]
    res = CliRunner().invoke(make_app(argv), argv)
    assert res.exit_code == 0, res.output
    header = next(line for line in res.stdout.splitlines() if "code" in line)
    assert "potential" in header


def test_convergence_of_a_measure_per_itself_is_refused() -> None:
    """`analyze beta_convergence --level county --set measure=population` (weight defaults
    to population) answered 'All 49 units have the same level in 2010': population per
    person is 1 everywhere, a statement about the parameters, not the data."""
    import pytest

    import metroscope
    from metroscope._errors import ParameterError
    from metroscope.indicators.convergence import beta_convergence, sigma_convergence

    region = metroscope.load("changchun")
    for fn in (beta_convergence, sigma_convergence):
        with pytest.raises(ParameterError, match="weight='none'"):
            fn(region, measure="population", level="county")
    # with weight none it runs, on the population itself
    out = beta_convergence(region, measure="population", weight="none", level="county")
    assert int(out["n"].iloc[0]) >= 3


def test_beta_convergence_years_print_as_years() -> None:
    """The years of a β-convergence printed as '2,020' and '2,024' (read as counts)."""
    from typer.testing import CliRunner

    from metroscope.cli import make_app

    argv = ["analyze", "beta_convergence", "--level", "prefecture", "--measure", "population",
            "--weight", "none", "--codes", "220100,220200,220300,220400"]
    res = CliRunner().invoke(make_app(argv), argv)
    assert res.exit_code == 0, res.output
    assert "2,0" not in res.stdout
    assert any(line.split("│")[1].strip() == "start" and line.split("│")[2].strip() == "2020"
               for line in res.stdout.splitlines() if line.count("│") >= 3)


def test_source_interval_and_language_are_checked(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`monitor sources add s https://a.b/c --interval 1e12` (and `--language fr`) were
    accepted; the first successful fetch of such a source then failed computing its next
    check date (OverflowError)."""
    import pytest

    from metroscope.monitor import Monitor, open_store
    from metroscope.monitor.config import get_config
    from metroscope.monitor.sources import make_item
    from metroscope.monitor.watchlist import MAX_INTERVAL_MIN, WatchlistError, add_source

    store = open_store(f"sqlite:///{tmp_path / 'monitor.sqlite'}")
    try:
        for kwargs in ({"interval_min": 1e12}, {"interval_min": float("inf")},
                       {"language": "fr"}):
            with pytest.raises(WatchlistError):
                add_source(store, "far", "https://feeds.example/far", **kwargs)  # type: ignore[arg-type]
        # the longest accepted interval still gives a next check date after a fetch
        add_source(store, "yearly", "https://feeds.example/yearly",
                   interval_min=MAX_INTERVAL_MIN, language="zh")
        mon = Monitor(store, config=get_config(host_min_interval_s=0))
        mon.ingest("yearly", [make_item(title="条目", link="https://feeds.example/yearly/1",
                                        published="2026-03-01", text="长春")])
    finally:
        store.close()


def test_upload_with_a_broken_region_toml_names_no_server_path(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Uploading a bundle whose region.toml is not TOML answered '/srv/.../bundles/
    .upload-asg074yy/region.toml is not valid UTF-8 TOML ...': the server's folders leaked."""
    import io
    import zipfile

    import pytest

    from metroscope.web.uploads import UploadError, install_bundle

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("region.toml", "name = 'x'\ngarbage = [\n")
    data_dir = tmp_path / "served-data"
    with pytest.raises(UploadError) as err:
        install_bundle(buf.getvalue(), "broken", data_dir)
    message = str(err.value)
    assert "region.toml is not valid UTF-8 TOML" in message
    assert str(tmp_path) not in message and ".upload-" not in message


def test_screen_weights_twice_or_none_are_refused_clearly() -> None:
    """`--weights growth=1,growth=2` silently used 2; `--weights ""` said 'Every weight of
    the components ... is 0'; `--weights foo=1` said "Unknown component(s) ['foo'] or bad
    weight(s) []"."""
    import pytest

    from metroscope._errors import ParameterError
    from metroscope.screen import scoring

    with pytest.raises(ParameterError, match="given twice: \\['growth'\\]"):
        scoring.parse_weights("growth=1,growth=2")
    for empty in ("", " , "):
        with pytest.raises(ParameterError, match="No weight given"):
            scoring.parse_weights(empty)
    with pytest.raises(ParameterError) as err:
        scoring.resolve_weights(["growth"], {"foo": 1.0}, ["growth", "cog"])
    assert "Unknown component(s) ['foo']." in str(err.value)
    assert "bad weight" not in str(err.value).lower()


def test_screen_sensitivity_names_the_cells(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The sensitivity lines of the Chinese screen named cells as '220100/transport'."""
    from typer.testing import CliRunner

    from metroscope.cli import make_app

    monkeypatch.setenv("COLUMNS", "200")
    argv = ["screen", "--quiet"]
    res = CliRunner().invoke(make_app(argv), argv)
    assert res.exit_code == 0, res.output
    lines = [ln for ln in res.stdout.splitlines() if "新进" in ln]
    assert len(lines) == 16  # 8 components x ±20 %
    assert not any("220100/" in ln or "/transport" in ln for ln in lines)
    assert any("新进 长春市·" in ln for ln in lines)  # some cell enters the top 10


def test_area_list_reports_progress() -> None:
    """`metroscope areas` took about 10 s (it compares the 18 areas for their sizes) with
    no progress bar; the list now reports progress as the comparison does."""
    from metroscope.areas import list_areas

    ticks: list[tuple[int, int]] = []
    out = list_areas(progress=lambda done, total: ticks.append((done, total)))
    assert len(out) == 18
    assert ticks and ticks[-1] == (18, 18)
    assert [d for d, _ in ticks] == sorted(d for d, _ in ticks)


def test_unit_notes_of_population_and_industry_read_in_chinese() -> None:
    """The Chinese report printed 'no value in 2010' beside units of the 南京 area and
    '... — census cannot separate them' in the division-of-labour table: the notes were
    plain English strings (and pandas turned catalogue messages into plain str)."""
    import metroscope
    from metroscope.indicators.industry import division_of_labour
    from metroscope.indicators.population import population_change
    from metroscope.messages import text

    region = metroscope.load("changchun")
    ch = population_change(region)
    notes = [n for n in ch["note"] if n != ""]
    assert notes
    zh = {text(n, "zh") for n in notes}
    assert "2010年无数值" in zh  # the development zones created after 2010
    assert not any("no value" in z or "consolidated unit" in z for z in zh), zh
    assert "no value in 2010" in {text(n, "en") for n in notes}
    d = division_of_labour(region)
    clusters = [c for c in d["target_clusters"] if c != ""]
    assert clusters and all(text(c, "zh").endswith("人口普查无法区分") for c in clusters)
    assert all(text(c, "en").endswith("census cannot separate them") for c in clusters)


def test_digest_to_an_unknown_channel_does_nothing_first(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`monitor digest --send nosuch` printed (and stored, and wrote with --out) the whole
    digest before saying the channel is unknown."""
    from typer.testing import CliRunner

    from metroscope.cli.monitor import app
    from metroscope.monitor import open_store
    from metroscope.monitor.digest import digest_frame

    db = f"sqlite:///{tmp_path / 'monitor.sqlite'}"
    open_store(db).close()
    out = tmp_path / "digest.html"
    res = CliRunner().invoke(app, ["digest", "--db", db, "--send", "nosuch", "--out", str(out)])
    assert res.exit_code == 2 and "unknown channel(s) nosuch" in res.output
    assert res.stdout == ""  # no digest text
    assert not out.exists()
    store = open_store(db)
    try:
        assert digest_frame(store).empty  # none stored
    finally:
        store.close()


def test_area_dot_plot_legend_and_units() -> None:
    """In the 南京 report the dot plot's legend named only 'other areas' (the focus area has
    no 2010 population, the first row, and only row 1 carried legend entries), and the
    population rows read 12M / 35M 人 beside tables in 万人."""
    import json

    from metroscope import areas
    from metroscope.report.sections.areas import dot_plot

    table = areas.compare()
    focus = "南京都市圈"
    assert table[areas.MEASURES[0].key].isna()[focus]  # the case: no value on row 1
    fig = dot_plot(table, focus)
    for lang in ("zh", "en"):
        spec = fig.specs[lang]
        spec = json.loads(spec) if isinstance(spec, str) else spec
        legend = [tr["name"] for tr in spec["data"] if tr.get("showlegend", True)]
        assert "南京" in legend, (lang, legend)
        focus_x = [tr["x"][0] for tr in spec["data"] if tr["name"] == "南京"]
        pop = table.at[focus, "population_2020"]
        assert any(abs(x - pop / 1e4) < 1e-6 for x in focus_x)  # 万人, as the table
        titles = {v["title"]["text"] for k, v in spec["layout"].items()
                  if k.startswith("xaxis") and v.get("title")}
        assert ("万人" if lang == "zh" else "10k") in titles


def test_cog_of_a_sector_the_city_already_holds_is_zero() -> None:
    """`screen --weights cog=1` ranked 辽源 × agriculture (LQ vs nation 2.4: a sector the city
    already holds) 7th as a 'move' that opens new complexity."""
    import metroscope
    from metroscope.screen import screen

    t = screen(metroscope.load("changchun"), weights={"cog": 1.0})
    held = t["lq_nation"] >= 1
    assert held.sum() > 0 and (t.loc[held, "cog"] == 0).all()
    assert (t.loc[~held & t["lq_nation"].notna(), "cog"] != 0).all()
    assert t.at[("220400", "agriculture"), "cog"] == 0


def test_gdp_per_person_card_has_its_unit() -> None:
    """The overview card 人均地区生产总值 read '73,324.00' with no unit."""
    from metroscope.report._fmt import quantity

    assert quantity(73324.0, "yuan").get("zh") == "73,324 元"
    assert quantity(73324.0, "yuan").get("en") == "73,324 yuan"


def test_scenario_list_headers_in_the_page_language(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The Chinese /scenarios page headed its list 'name title title_zh year edits' and
    showed the English and the Chinese title side by side."""
    import lxml.html

    from _web import client

    with client(tmp_path) as web:
        zh = web.get("/scenarios?lang=zh").text
        en = web.get("/scenarios?lang=en").text
    heads_zh = [th.text_content().strip() for th in
                lxml.html.fromstring(zh).get_element_by_id("scenario-list").iter("th")]
    assert heads_zh == ["名称", "标题", "网络年份", "修改项数"]
    assert "Every HSR link at 350 km/h" not in zh and "区域内高铁全部按时速350公里运行" in zh
    heads_en = [th.text_content().strip() for th in
                lxml.html.fromstring(en).get_element_by_id("scenario-list").iter("th")]
    assert heads_en == ["Name", "Title", "Network year", "Edits"]


def test_core_share_card_cites_the_values_of_its_year() -> None:
    """The overview card 核心城市GDP占全省比重 (51.7 %, 2023) cited a Stata help file
    (nrow2.sthlp, quality D, the source of Jilin's 2022 GDP), the alphabetically first source
    of every year, and no quality letter."""
    import metroscope
    from metroscope.indicators.primacy import primacy_trend
    from metroscope.web.pages._cards import primacy_card

    region = metroscope.load("changchun")
    trend = primacy_trend(region, measure="gdp")
    card = primacy_card("zh", trend, region)
    assert card is not None and card.period == "2023"
    st = region.stats
    used = st[(st["indicator"] == "gdp") & st["code"].isin(["220000", "220100"])
              & (st["year"] == 2023)]
    assert card.source in set(used["source"]) and "nrow2" not in card.source
    assert card.quality == max(used["quality"])
