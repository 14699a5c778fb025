"""The report without a browser: structure, both languages, offline references, missing data
shown as missing, the summary numbers against the indicator functions (golden file), the CLI."""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from metroscope.report import build_report, render_html, write_html
from metroscope.report._i18n import STRINGS
from metroscope.report._inputs import ReportInputs
from metroscope.report.context import Headlines, ReportContext, Section
from metroscope.report.sections import SECTIONS, build_sections
from test_report_region import make_region

GOLDEN = Path(__file__).parent / "data" / "report" / "summary_changchun.json"


# ---------------------------------------------------------------------------- helpers
class _Collect(HTMLParser):
    """Collects script/link/style references and the text of section headings by language."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []
        self.headings: dict[str, dict[str, str]] = {}
        self._in_h2: str | None = None
        self._lang: str | None = None
        self._section: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "script" and a.get("src"):
            self.refs.append(("script", "src", a["src"]))
        if tag == "link" and a.get("href"):
            self.refs.append(("link", "href", a["href"]))
        if tag in ("img", "iframe", "source", "video", "audio") and a.get("src"):
            self.refs.append((tag, "src", a["src"]))
        if tag == "section" and "data-section" in a:
            self._section = a["data-section"]
        if tag == "h2" and "section-title" in a.get("class", ""):
            self._in_h2 = self._section
        if self._in_h2 and tag == "span" and a.get("class") in ("zh", "en"):
            self._lang = a["class"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self._in_h2 = None
        if tag == "span":
            self._lang = None

    def handle_data(self, data: str) -> None:
        if self._in_h2 and self._lang:
            d = self.headings.setdefault(self._in_h2, {})
            d[self._lang] = d.get(self._lang, "") + data


def parse(html: str) -> _Collect:
    p = _Collect()
    p.feed(html)
    return p


def headline(ctx: ReportContext, key: str) -> Any:
    summary = next(s for s in ctx.sections if s.key == "summary")
    for block in summary.blocks:
        if isinstance(block, Headlines):
            for h in block.items:
                if h.key == key:
                    return h
    msg = f"no headline {key}"
    raise KeyError(msg)


@pytest.fixture(scope="module")
def synthetic_ctx() -> ReportContext:
    return build_report(make_region(), lang="en", strict=True, generated="2025-01-01")


@pytest.fixture(scope="module")
def synthetic_html(synthetic_ctx: ReportContext) -> str:
    return render_html(synthetic_ctx)


# ---------------------------------------------------------------------------- strings
def test_every_string_has_both_languages() -> None:
    for key, (zh, en) in STRINGS.items():
        assert zh.strip() and en.strip(), key
        assert zh != en, key


def test_sections_are_registered_in_order_with_titles() -> None:
    assert [s.number for s in SECTIONS] == list(range(1, 13))
    for s in SECTIONS:
        assert f"sec_{s.key}" in STRINGS and f"lead_{s.key}" in STRINGS


# ---------------------------------------------------------------------------- page
def test_every_section_heading_in_both_languages(synthetic_html: str) -> None:
    found = parse(synthetic_html).headings
    assert list(found) == [s.key for s in SECTIONS]
    for s in SECTIONS:
        zh, en = STRINGS[f"sec_{s.key}"]
        assert found[s.key]["zh"].strip() == zh
        assert found[s.key]["en"].strip() == en


def test_no_remote_script_stylesheet_or_font(synthetic_html: str) -> None:
    refs = parse(synthetic_html).refs
    assert not [r for r in refs if re.match(r"(?i)\s*(https?:)?//", r[2])], refs
    assert not [r for r in refs if r[0] in ("script", "link")], "everything must be inlined"
    styles = re.findall(r"<style[^>]*>(.*?)</style>", synthetic_html, flags=re.S)
    for css in styles:
        assert not re.search(r"(?i)@import|url\(\s*['\"]?(https?:)?//", css)
        assert "@font-face" not in css
    # plotly.js is inlined, and the geo stub is set before it
    assert synthetic_html.index("window.PlotlyGeoAssets") < synthetic_html.index("plotly.js v")


def test_default_language_is_set(synthetic_ctx: ReportContext) -> None:
    html_zh = render_html(build_report(make_region(), lang="zh", strict=True))
    assert 'data-lang="zh"' in html_zh[:2000]
    assert 'data-lang="en"' in render_html(synthetic_ctx)[:2000]
    with pytest.raises(ValueError, match="zh"):
        build_report(make_region(), lang="fr")


def test_figures_have_both_languages(synthetic_ctx: ReportContext) -> None:
    figs = [b for s in synthetic_ctx.sections for b in s.blocks if b.kind == "figure"]
    assert any(f.is_map for f in figs)
    for f in figs:
        assert set(f.specs) == {"zh", "en"}
        json.loads(f.specs["zh"].replace("<\\/", "</"))


def test_maps_use_the_regions_polygons(synthetic_ctx: ReportContext) -> None:
    gj = json.loads(synthetic_ctx.geojson.replace("<\\/", "</"))
    ids = {f["id"] for f in gj["features"]}
    assert {"990100", "990200", "990300"} <= ids
    overview = next(b for s in synthetic_ctx.sections for b in s.blocks
                    if b.kind == "figure" and b.fig_id == "fig-overview-map")
    spec = json.loads(overview.specs["en"])
    assert any(t.get("geojson") == "@geo:units" for t in spec["data"])
    assert spec["layout"]["geo"]["visible"] is False


# ---------------------------------------------------------------------------- missing data
def test_missing_gdp_year_is_reported_not_failed() -> None:
    # the synthetic member city has no GDP for 2021
    ctx = build_report(make_region(), lang="en", strict=True)
    html = render_html(ctx)
    primacy = next(s for s in ctx.sections if s.key == "primacy")
    table = next(b for b in primacy.blocks if b.kind == "table" and b.table_id ==
                 "tab-primacy-trend")
    row = next(r for r in table.rows if r[0].text.en == "2021")
    two_city = row[2]
    assert two_city.missing and two_city.text.en == "—"
    assert two_city.title is not None and "990200" in two_city.title.en
    assert 'class="num missing' in html


def test_region_without_gdp_says_so() -> None:
    ctx = build_report(make_region(gdp=False), lang="en", strict=True)
    h = headline(ctx, "core_gdp")
    assert h.value is None and h.missing is not None
    h = headline(ctx, "core_gdp_share")
    assert h.value is None and "gdp" in h.missing.en.lower()
    html = render_html(ctx)
    assert "is-missing" in html
    notes = next(s for s in ctx.sections if s.key == "notes")
    assert any(b.kind == "table" and b.table_id == "tab-missing" for b in notes.blocks)


def test_region_without_population_or_network_builds() -> None:
    ctx = build_report(make_region(population=False, network=False), lang="zh", strict=True)
    assert len(ctx.sections) == 12
    assert render_html(ctx)


def test_sections_call_the_analyses_themselves(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sections pass the analysis function (no lookup by name that would turn a renamed
    function into "not yet available"): replacing it is seen, and its metroscope error
    becomes the section's missing-data note."""
    import metroscope.network as network
    from metroscope import MissingDataError

    calls = []

    def no_network(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs.get("mode"))
        msg = "no rail network in these data"
        raise MissingDataError(msg)

    monkeypatch.setattr(network, "commuting_circle", no_network)
    ctx = build_report(make_region(), lang="en", strict=True)
    assert calls  # the section called the function it was given
    commuting = next(s for s in ctx.sections if s.key == "commuting")
    texts = [n.text.en for n in commuting.missing()]
    assert texts and not any("Not yet available" in t for t in texts)
    assert headline(ctx, "circle_share_baseline").value is None


def test_unexpected_errors_are_raised_when_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    import metroscope.network as network

    def broken(*args: Any, **kwargs: Any) -> Any:
        msg = "boom"
        raise ZeroDivisionError(msg)

    monkeypatch.setattr(network, "commuting_circle", broken)
    with pytest.raises(ZeroDivisionError):
        build_report(make_region(), strict=True)
    ctx = build_report(make_region(), strict=False)
    html = render_html(ctx)
    assert "ZeroDivisionError: boom" in html


def test_scenarios_are_loaded_by_the_scenario_functions_themselves() -> None:
    """``load_scenarios`` calls ``metroscope.scenario.load_scenario`` directly (no lookup by
    name): a spec that does not exist is a note naming it, the others still run."""
    from metroscope.report._inputs import load_scenarios

    runs, notes = load_scenarios(make_region(), ["hsr-350", "no-such-scenario"], strict=True)
    assert [r.name for r in runs] == ["hsr-350"]
    assert len(notes) == 1
    assert notes[0].style == "missing"
    # the spec's own problem, not a reason guessed from words in it ("network-2030")
    assert notes[0].text.en.startswith("Scenario no-such-scenario cannot be used: "
                                       "'no-such-scenario' is neither a shipped scenario")
    assert "network for it" not in notes[0].text.en
    assert notes[0].text.zh.startswith("情景 no-such-scenario 无法使用:")


def test_demo_lists_the_shipped_scenarios() -> None:
    from metroscope.cli.demo import shipped_scenarios
    from metroscope.scenario import list_scenarios

    assert shipped_scenarios() == (list_scenarios(), None)


# ---------------------------------------------------------------------------- golden summary
SCENARIOS = ("chang-si-liao-tong", "hsr-350", "network-2030")


def _summary_values(region: Any) -> dict[str, float | None]:
    from metroscope.report._inputs import load_scenarios

    runs, notes = load_scenarios(region, SCENARIOS, strict=True)
    assert notes == []
    inp = ReportInputs(region=region, scenarios=runs, strict=True)
    sections = build_sections(inp, only={"summary"})
    values: dict[str, float | None] = {}
    for b in sections[0].blocks:
        if isinstance(b, Headlines):
            values.update({h.key: h.value for h in b.items})
    return values


@pytest.fixture(scope="module")
def changchun() -> Any:
    import metroscope

    return metroscope.load("changchun")


def test_summary_numbers_equal_the_indicator_functions(changchun: Any) -> None:
    from metroscope import overview
    from metroscope.indicators.primacy import primacy_table
    from metroscope.network import commuting_circle

    got = _summary_values(changchun)
    gdp = primacy_table(changchun, measure="gdp")
    pop = primacy_table(changchun, measure="population")
    # the share: the latest year with the province's own total (2023), as on the dashboard
    gdp23 = primacy_table(changchun, measure="gdp", year=2023)
    assert got["core_gdp_share"] == gdp23.loc["share_of_parent_pct", "value"]
    assert got["two_city_gdp"] == gdp.loc["two_city_index", "value"]
    assert got["core_population_share"] == pop.loc["share_of_parent_pct", "value"]
    assert got["two_city_population"] == pop.loc["two_city_index", "value"]
    pref = overview.prefecture_population_change(changchun)
    for code in changchun.codes(roles=["core", "member"], level="prefecture"):
        assert got[f"population_change_pct_{code}"] == pref.loc[code, "change_pct"]
    change = overview.population_change_by_role(changchun)
    assert got["population_change_pct_partial"] == change.loc["partial", "change_pct"]
    latest = overview.latest_gdp(changchun)
    assert got["core_gdp"] == latest.loc[changchun.core_code(), "gdp_cny_100m"]
    from metroscope.scenario import load_scenario

    regions = {"baseline": changchun}
    regions |= {name: load_scenario(name).apply(changchun) for name in SCENARIOS}
    base = commuting_circle(changchun)  # the headline is the fastest door-to-door circle
    share = base.attrs["metroscope"]["summary"]["share_plan_population_inside"]
    assert got["circle_share_baseline"] == pytest.approx(100 * share, rel=1e-12)
    for key, region in regions.items():
        if key == "baseline":
            continue
        after = commuting_circle(region)["travel_time_min"].reindex(base.index)
        gaining = base["travel_time_min"] - after > 15
        expect = float(base.loc[gaining.to_numpy(), "population"].sum())
        assert got[f"gain_15_{key}"] == pytest.approx(expect, rel=1e-12), key


def test_summary_numbers_match_the_golden_file(changchun: Any) -> None:
    """Regression pins (written by the code once, edited by hand since): each entry names its
    source and the test that recounts it independently (tests/test_report_summary_by_hand.py)."""
    got = _summary_values(changchun)
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))["headlines"]
    assert set(got) == set(golden)
    by_hand = (Path(__file__).parent / "test_report_summary_by_hand.py").read_text("utf-8")
    for key, pin in golden.items():
        assert pin["kind"] == "regression pin" and pin["source"], key
        path, test = pin["check"].split("::")
        assert path == "tests/test_report_summary_by_hand.py" and f"def {test}(" in by_hand, key
        if pin["value"] is None:
            assert got[key] is None, key
        else:
            v = got[key]
            assert v is not None and math.isfinite(v), key
            assert v == pytest.approx(pin["value"], rel=1e-9), key


def test_changchun_report_is_under_8_mb(changchun: Any, tmp_path: Path) -> None:
    ctx = build_report(changchun, lang="zh", strict=True)
    path = write_html(ctx, tmp_path / "changchun.html")
    assert path.stat().st_size < 8_000_000
    sections = {s.key: s for s in ctx.sections}
    # the analyses that exist are wired: these sections show figures, not "not available"
    for key in ("summary", "primacy", "population", "commuting", "projects"):
        assert any(b.kind == "figure" for b in sections[key].blocks), key
    # the rail row of the circle totals says that its units are the core's own districts,
    # reached by the intra-city leg: the 9 units inside are the 9 core units
    from metroscope.network import commuting_circle

    rail = commuting_circle(changchun, mode="rail")
    inside = rail[rail["inside"].astype(bool)]
    assert len(inside) == 9 and set(inside["role"]) == {"core"}
    caveats = [b.text.en for b in sections["commuting"].blocks if b.kind == "note"]
    assert ("9 of the 9 units inside the rail circle are reached without a train "
            "(intra-city leg only)") in caveats


# ---------------------------------------------------------------------------- CLI
def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / "metroscope"
    return subprocess.run([str(exe), *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300, check=False)


@pytest.mark.slow
def test_report_command_writes_html(tmp_path: Path) -> None:
    bundle = make_region().write(tmp_path / "bundle")
    out = tmp_path / "r.html"
    proc = _cli("report", str(bundle), "--lang", "en", "--out", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert out.exists() and str(out) in proc.stdout
    assert 'data-lang="en"' in out.read_text(encoding="utf-8")[:2000]


def test_report_command_rejects_bad_language(tmp_path: Path) -> None:
    proc = _cli("report", "changchun", "--lang", "fr", cwd=tmp_path)
    assert proc.returncode != 0
    assert "zh or en" in proc.stderr + proc.stdout


@pytest.mark.slow
def test_demo_builds_the_changchun_report(tmp_path: Path) -> None:
    proc = _cli("demo", "--out", str(tmp_path / "out"), "--lang", "en", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    path = tmp_path / "out" / "changchun-report.html"
    assert path.exists()
    assert str(path.resolve()) in proc.stdout.replace("\n", "")
    assert "headline numbers" in proc.stdout
    assert "Core's share of" in proc.stdout.replace("\n", " ")


def test_sections_can_be_built_alone() -> None:
    inp = ReportInputs(region=make_region(), strict=True)
    out = build_sections(inp, only={"projects"})
    assert [s.key for s in out] == ["projects"]
    assert isinstance(out[0], Section)
