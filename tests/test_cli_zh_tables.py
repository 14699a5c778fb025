"""Every table command in Chinese on the embedded default region (``--lang zh``): the headers
(and the rows named by a field, such as primacy's metrics) come from the message catalogue, no
English word is left outside an allow-list of codes, units and the data's proper names, and the
machine-readable outputs keep their English field names."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import metroscope
from metroscope.cli import make_app

#: a run of ASCII letters (a word), not part of a URL, a path, an option or an identifier
WORD = re.compile(r"(?<![\w.:/@=\\-])[A-Za-z][A-Za-z']*(?![\w.:/@=\\-])")

#: what may stay in Latin letters in a Chinese table: codes, units, symbols, acronyms, names of
#: methods and references, option names and the values of code columns (roles, modes, kinds,
#: statuses, which the csv/json outputs share)
_ALLOWED_WORDS = """
    km min h CNY GDP LQ ECI PCI RCA CV OLS HSR SE se R ln M M1 M2 M3 M4 r q a k n A B C D
    zeta Zipf Jefferson Gabaix Ibragimov JBES Geographical Review Converse Krugman Theil
    T L P G OD TAZ CPI NDRC RSSHub RSS URL JSON CSV HTML PDF YAML TOML GB UTC ID
    metroscope changchun china csv json table lang format zh en help gdp population
    core member partial context county prefecture province
    rail road fastest hsr intercity expressway urban all
    operating planned under_construction approved completed proposed tendering opened
    suspended cancelled station hub junction seat plan target
    feed rsshub page releases new ok failing paused pending sent dead
    keyword tags indicator project_status source_health digest
    webhook apprise
    """
ALLOWED = frozenset(_ALLOWED_WORDS.split())


def run(*args: str, columns: int = 250) -> Any:
    argv = [*args, "--lang", "zh"]
    return CliRunner().invoke(make_app(argv), argv, env={"COLUMNS": str(columns)})


@pytest.fixture(scope="module")
def names() -> set[str]:
    """Every word of the data's English proper names (units, nodes, lines, projects)."""
    region = metroscope.load("changchun")
    texts: list[str] = []
    for table, col in ((region.units, "name_en"), (region.nodes, "name_en"),
                       (region.links, "line_en"), (region.projects, "name_en")):
        if col in table.columns:
            texts += [str(x) for x in table[col].dropna()]
    return {w for t in texts for w in re.findall(r"[A-Za-z][A-Za-z']*", t)}


def english(text: str, names: set[str]) -> list[str]:
    """The English words of ``text`` outside the allow-list: URLs, paths and command lines
    are left out first."""
    # the parameters as the function takes them, references and sources: names as written
    text = "\n".join(ln for ln in text.splitlines()
                     if not ln.startswith(("参数:", "文献:", "来源:")))
    text = re.sub(r"https?://\S+|sqlite:///\S+|\S+\.(?:csv|yaml|toml|html|json|xml)\b", " ",
                  text)
    text = re.sub(r"metroscope(?: [a-z][a-z-]*)+", " ", text)
    text = re.sub(r'"\w+":', " ", text)  # the keys of a JSON cell (a scenario's edit fields)
    return sorted({w for w in WORD.findall(text)
                   if w not in ALLOWED and w not in names and w.lower() not in ALLOWED})


COMMANDS = [
    "analyze primacy --measure gdp --year 2023 --level prefecture",
    "analyze primacy-trend --measure gdp",
    "analyze spillover",
    "analyze population_change",
    "analyze lq",
    "analyze theil --level prefecture --measure gdp",
    "access traveltime --mode rail --from 220102 --long",
    "access isochrone",
    "access circle",
    "access circle --mode fastest",
    "access accessibility",
    "scenario list",
    "scenario show chang-si-liao-tong",
    "scenario run chang-si-liao-tong",
    "scenario compare chang-si-liao-tong",
    "flows radiation --region changchun",
    "flows gravity",
    "areas",
    "data show",
]
# not scanned: the cells of `data list` (the datasets' bilingual descriptions), `data show
# --table units|projects` and `data sources` are the data's own text (notes, citations)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_chinese_table_has_no_english_word_left(command: str, names: set[str]) -> None:
    res = run(*command.split())
    assert res.exit_code == 0, res.output
    assert english(res.output, names) == [], res.output


@pytest.fixture(scope="module")
def monitor_db() -> Any:
    with tempfile.TemporaryDirectory() as wd:
        res = run("monitor", "demo", "--workdir", wd, "--quiet")
        assert res.exit_code == 0, res.output
        yield f"sqlite:///{Path(wd) / 'monitor.sqlite'}"


@pytest.mark.parametrize("command", ["sources list", "alerts", "rules list", "projects list",
                                     "channels list"])
def test_a_chinese_monitor_table_has_no_english_header(command: str, monitor_db: str,
                                                       names: set[str]) -> None:
    res = run("monitor", *command.split(), "--db", monitor_db)
    assert res.exit_code == 0, res.output
    header = "\n".join(ln for ln in res.output.splitlines()[:8] if ln.startswith("┃"))
    assert english(header, names) == [], res.output


def test_headers_are_the_catalogue_labels_and_machine_outputs_keep_field_names() -> None:
    table = run("access", "circle", "--mode", "fastest").output
    for label in ("出行时间", "(分钟)", "圈内", "常住人口", "角色"):  # a header may fold
        assert label in table, table
    for field in ("travel_time_min", "inside", "population", "role"):
        assert field not in table.split("\n\n")[0], table
    csv = run("access", "circle", "--mode", "fastest", "--format", "csv").output
    assert csv.splitlines()[0].split(",")[:4] == ["code", "name_zh", "name_en", "role"]
    assert "travel_time_min" in csv.splitlines()[0]
    rows = json.loads(run("access", "circle", "--mode", "fastest", "--format", "json").output)
    assert "travel_time_min" in rows[0] and "出行时间(分钟)" not in rows[0]
    # primacy's rows are named by their metric: the metric's label in Chinese
    primacy = run("analyze", "primacy", "--measure", "gdp", "--year", "2023", "--level",
                  "prefecture").output
    assert "占上级比重(%)" in primacy and "share_of_parent_pct" not in primacy


def test_the_hidden_columns_are_named_by_their_labels() -> None:
    out = run("access", "circle", "--mode", "fastest", columns=80).output
    note = " ".join(out.split())
    assert "未显示:面积、地区生产总值。" in note, out
    assert "area" not in note and "gdp" not in note.replace("--format", "")
