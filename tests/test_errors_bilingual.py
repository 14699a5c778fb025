"""The library's errors in the user's language: an error raised with a catalogue message
reads in Chinese under ``--lang zh`` (the command line) and on a Chinese page, and stays the
same English sentence for ``str(exc)``, the API and ``--lang en``.

Found in a trial of the command line: ``metroscope analyze lq --year 1800 --lang zh`` printed
``错误:No unit has complete employment by industry in 1800.``, a Chinese label over an
English sentence. The expected texts below are written out by hand from the catalogue's
templates, not read back from it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from metroscope._errors import MissingDataError, ParameterError, error_text
from metroscope.cli import EXIT_USAGE, EXIT_USER, make_app
from metroscope.messages import Message

runner = CliRunner()


def run(*args: str) -> Any:
    argv = list(args)
    return runner.invoke(make_app(argv), argv, env={"COLUMNS": "80"})


@pytest.mark.parametrize(("args", "code", "zh", "en"), [
    (("analyze", "lq", "--level", "county", "--year", "1800"), EXIT_USER,
     "错误:1800 年没有任何单元具有完整的分行业就业数据。",
     "Error: No unit has complete employment by industry in 1800."),
    (("access", "circle", "--mode", "car"), EXIT_USAGE,
     "错误:未知的出行方式 'car':可用 rail、road、fastest。修正:可取值见该命令的 --help。",
     "Error: Unknown mode 'car': use one of rail, road, fastest. Fix: see the command's --help "
     "for the allowed values."),
    (("access", "circle", "--network-year", "3000"), EXIT_USAGE,
     "错误:路网年份 3000 超出 1949–2100 的范围。",
     "Error: Network year 3000 is outside 1949-2100."),
    (("analyze", "lq", "--codes", "999999"), EXIT_USER,
     "错误:编码不在区域“changchun”中:['999999']。单元编码见 region.units.index。",
     "Error: Codes not in region 'changchun': ['999999']. See region.units.index for the "
     "codes."),
])
def test_cli_errors_read_in_the_chosen_language(args: tuple[str, ...], code: int, zh: str,
                                                en: str) -> None:
    r_zh, r_en = run(*args, "--lang", "zh"), run(*args, "--lang", "en")
    assert (r_zh.exit_code, r_en.exit_code) == (code, code), r_zh.output
    # the terminal may wrap the paragraph: compare without line breaks
    assert zh in r_zh.output.replace("\n", ""), r_zh.output
    assert en in r_en.output.replace("\n", " ").replace("  ", " "), r_en.output
    assert "Traceback" not in r_zh.output + r_en.output


def test_a_missing_locations_file_is_named_in_chinese(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.csv"
    r = run("flows", "radiation", "--locations", str(missing), "--out",
            str(tmp_path / "f.parquet"), "--lang", "zh")
    assert r.exit_code == EXIT_USER, r.output
    text = r.output.replace("\n", "")
    assert text.startswith(f"错误:无法读取位置文件 {missing}:"), r.output
    assert text.rstrip().endswith("应为带表头行的 CSV。"), r.output


def test_error_text_renders_a_catalogue_message_and_keeps_plain_text() -> None:
    exc = MissingDataError(Message("err_no_complete_employment", year=2020))
    assert str(exc) == "No unit has complete employment by industry in 2020."
    assert error_text(exc, "zh") == "2020 年没有任何单元具有完整的分行业就业数据。"
    assert error_text(exc, "en") == str(exc)
    # a list parameter is joined per language
    many = ParameterError(Message("err_unknown_mode", got="'x'", allowed=["rail", "road"]))
    assert error_text(many, "zh") == "未知的出行方式 'x':可用 rail、road。"
    assert str(many) == "Unknown mode 'x': use one of rail, road."
    plain = ParameterError("as written")
    assert error_text(plain, "zh") == "as written"


def test_a_chinese_page_shows_a_library_error_in_chinese(tmp_path: Path) -> None:
    """The travel fragment with a network year before any railway: the library refuses it;
    the Chinese page's hint is the Chinese sentence (the English one stays as the original,
    for a technician), the English page shows the English sentence only."""
    from _web import client

    url = "/fragments/travel?lang={}&year=1920"
    with client(tmp_path) as c:
        zh = c.get(url.format("zh"), headers={"Accept": "text/html"})
        en = c.get(url.format("en"), headers={"Accept": "text/html"})
    assert zh.status_code == en.status_code == 422, zh.text[:300]
    assert "路网年份 1920 超出 1949–2100 的范围。" in zh.text
    assert "路网年份" not in en.text
    assert "Network year 1920 is outside 1949-2100." in en.text


def test_the_indicator_api_takes_repeated_codes_and_refuses_other_repeats(tmp_path: Path
                                                                          ) -> None:
    """Found in a trial: ``/api/v1/indicators/lq?codes=220100&codes=220200`` kept only the
    last value (one row), silently. Repeated codes now add up, as comma-separated ones do;
    a single-valued option given twice with different values is refused."""
    from _web import client

    with client(tmp_path) as c:
        rep = c.get("/api/v1/indicators/lq?codes=220100&codes=220200")
        comma = c.get("/api/v1/indicators/lq?codes=220100,220200")
        twice = c.get("/api/v1/indicators/lq?year=2020&year=2010")
    assert rep.status_code == comma.status_code == 200, rep.text[:300]
    assert rep.json() == comma.json()
    assert {r["code"] for r in rep.json()} == {"220100", "220200"}
    assert twice.status_code == 422, twice.text[:300]
    assert [d["name"] for d in twice.json()["error"]["details"]] == ["year"]


@pytest.mark.parametrize("name", ["ageing", "urbanisation", "population_change"])
def test_a_reversed_period_is_refused_by_every_change_indicator(name: str) -> None:
    """Found in a trial: ``analyze ageing --start 2020 --end 2010`` printed a change for a
    unit whose series breaks in that decade, with no break note, because the break check
    reads the years in (start, end]; ``population_change`` already refused it."""
    from metroscope import indicators
    from metroscope.datasets import load

    fn = indicators.get(name).function
    with pytest.raises(ParameterError, match=r"^end \(2010\) must be after start \(2020\)\.$"):
        fn(load("changchun"), start=2020, end=2010)
    r = run("analyze", name, "--start", "2020", "--end", "2010", "--lang", "zh")
    assert r.exit_code == EXIT_USAGE, r.output
    assert "结束年份(2010)必须晚于起始年份(2020)。" in r.output.replace("\n", "")


def test_a_named_code_of_another_level_is_refused_not_dropped() -> None:
    """Found in a trial: ``analyze lq --codes 220100,220102`` printed 220100 only: 220102 (a
    district, level county) fell to the default level=prefecture without a word."""
    from metroscope.datasets import load
    from metroscope.indicators.industry import location_quotients

    region = load("changchun")
    assert region.units.at["220102", "level"] == "county"
    with pytest.raises(ParameterError, match=r"^1 code\(s\) are not units at level prefecture: "
                                             r"220102 \(county\)\."):
        location_quotients(region, level="prefecture", codes=["220100", "220102"])
    r = run("analyze", "lq", "--codes", "220100,220102", "--lang", "zh")
    assert r.exit_code == EXIT_USAGE, r.output
    assert "1 个编码不是 prefecture 级单元:220102 (county)。" in r.output.replace("\n", "")
    # codes of the level asked for are taken as before
    both = location_quotients(region, level="prefecture", codes=["220100", "220200"])
    assert set(both.index.get_level_values(0)) == {"220100", "220200"}


# --- the flow models, the analyses, the importers: one real error of each module -------------
# Each case calls the public function with a bad input and compares both languages with the
# sentence written out here (not read back from the catalogue); the English one is the text
# the error had before it went through the catalogue.

def _loc() -> Any:
    import pandas as pd

    return pd.DataFrame({"lon": [0.0, 1.0, 3.0], "lat": [0.0, 0.0, 0.0],
                         "population": [100.0, 50.0, 200.0]}, index=["a", "b", "c"])


def _observed(flow: float) -> Any:
    import pandas as pd

    return pd.DataFrame({"origin": ["a", "a", "b", "c"], "destination": ["b", "c", "c", "a"],
                         "flow": [flow] * 4, "cost": [1.0, 3.0, 2.0, 3.0]})


def _flows_table() -> None:
    from metroscope.flows.gravity import gravity

    gravity(_loc(), deterrence="linear")  # type: ignore[arg-type]


def _flows_balancing() -> None:
    import numpy as np

    from metroscope.flows.balancing import furness

    furness(np.ones((2, 2)), np.array([1.0, 2.0]), np.array([2.0, 2.0]))


def _flows_observed() -> None:
    from metroscope.flows.fit import fit_gravity

    fit_gravity(_observed(0.0))


def _flows_fit() -> None:
    from metroscope.flows.fit import fit_gravity

    fit_gravity(_observed(1.0).drop(columns="flow"))


def _flows_applied() -> None:
    from metroscope.datasets import load
    from metroscope.flows.applied import region_flows

    region_flows(load("changchun"), model="logit")  # type: ignore[arg-type]


def _flows_gravity() -> None:
    import pandas as pd

    from metroscope.flows.gravity import gravity

    loc = _loc()
    gravity(loc, cost=pd.DataFrame(1.0, index=loc.index, columns=loc.index), k_nearest=1)


def _flows_radiation() -> None:
    from metroscope.flows.radiation import radiation

    radiation(_loc().assign(population=0.0))


def _flows_pairs() -> None:
    from metroscope.flows.radiation import radiation

    radiation(_loc(), k_nearest=0)


def _flows_gof() -> None:
    from metroscope.flows.gof import goodness_of_fit

    goodness_of_fit([1.0, 2.0], [1.0])


def _flows_output() -> None:
    import pandas as pd

    from metroscope.flows.output import flow_batches

    list(flow_batches(pd.DataFrame(), rows=0))


def _flows_glm() -> None:
    import pandas as pd

    from metroscope.flows.fit import fit_gravity

    obs = pd.DataFrame({"origin": list("aabbcc"), "destination": list("bcacab"),
                        "flow": [10.0, 3.0, 8.0, 5.0, 2.0, 7.0],
                        "cost": [1.0, 3.0, 1.0, 2.0, 3.0, 2.0],
                        "origin_mass": [1.0, 1.0, 2.0, 2.0, 3.0, 3.0],
                        "destination_mass": [2.0, 3.0, 1.0, 3.0, 1.0, 2.0]})
    fit_gravity(obs, constraint="none", max_iter=1)


FLOW_CASES = [
    (_flows_glm, "牛顿迭代在 1 步内未收敛;请检查数据。",
     "Newton iterations did not converge in 1 steps; check the data."),
    (_flows_table, "未知的 deterrence 取值 'linear';可选 power、exp。",
     "Unknown deterrence 'linear'; expected one of power, exp."),
    (_flows_balancing, "行总量之和为 3,列总量之和却为 4;双约束模型要求二者相等(请按比例调整其中之一)。",
     "Row totals sum to 3 but column totals to 4; a doubly-constrained model needs equal totals "
     "(rescale one of them)."),
    (_flows_observed, "所有观测流量都是 0:没有出行,无法拟合重力模型。请检查流量列(是否选错了列,或流量在另一个文件中?)。",
     "Every observed flow is 0: a gravity model cannot be fitted to no trips. Check the flow "
     "column (wrong column, or flows in another file?)."),
    (_flows_fit, "观测流量缺少列 ['flow'];应有 origin、destination、flow。",
     "observed flows lack column(s) ['flow']; expected origin, destination, flow."),
    (_flows_applied, "未知的模型 'logit';应为 radiation 或 gravity。",
     "Unknown model 'logit'; expected radiation or gravity."),
    (_flows_gravity, "k_nearest/cutoff_km 基于大圆距离;请去掉 cost= 或去掉它们。",
     "k_nearest/cutoff_km work on great-circle distance; drop cost= or them."),
    (_flows_radiation, "总人口为零:辐射模型需要为正的质量。",
     "The total population is zero: the radiation model needs positive masses."),
    (_flows_pairs, "k_nearest(每个起点的目的地个数,--k-nearest)须为不小于 1 的整数;传入的是 0。",
     "k_nearest (destinations per origin, --k-nearest) must be a whole number of 1 or more; "
     "got 0."),
    (_flows_gof, "observed 与 predicted 的长度不同:(2,) 对 (1,)。",
     "observed and predicted differ in length: (2,) vs (1,)."),
    (_flows_output, "rows 须为每批的正行数,而不是 0。",
     "rows must be a positive number of rows per batch, got 0."),
]


def _reads_in_both_languages(call: Any, zh: str, en: str) -> None:
    """``call()`` raises a metroscope error whose text is ``en`` (str) and ``zh`` (rendered),
    and whose message still reads in both languages after a JSON round trip (the web API,
    caches)."""
    from metroscope._errors import MetroscopeError

    with pytest.raises(MetroscopeError) as e:
        call()
    assert str(e.value) == en
    assert error_text(e.value, "zh") == zh
    assert error_text(e.value, "en") == en
    again = Message.from_json(e.value.args[0].to_json())
    assert isinstance(again, Message) and again.get("zh") == zh and again == en


@pytest.mark.parametrize(("call", "zh", "en"), FLOW_CASES,
                         ids=[c[0].__name__ for c in FLOW_CASES])
def test_flow_model_errors_read_in_both_languages(call: Any, zh: str, en: str) -> None:
    _reads_in_both_languages(call, zh, en)


def test_flow_dataset_errors_read_in_both_languages(tmp_path: Path) -> None:
    """``read_kept_share`` on a folder that is no flow dataset, and a duplicate location in
    ``gravity_to_parquet`` (zero distance under power deterrence, found block by block)."""
    import pandas as pd

    from metroscope._errors import OutputError
    from metroscope.flows._table import FlowModelError
    from metroscope.flows.dataset import gravity_to_parquet, read_kept_share

    with pytest.raises(OutputError) as e:
        read_kept_share(tmp_path)
    assert str(e.value) == (f"{tmp_path} is not a flow dataset (no _kept_share.parquet); write "
                            "one with radiation_to_parquet.")
    assert error_text(e.value, "zh") == (f"{tmp_path} 不是流量数据集(没有 _kept_share.parquet);"
                                         "请用 radiation_to_parquet 生成。")
    loc = _loc()
    twin = pd.concat([loc, loc.iloc[[0]].rename(index={"a": "d"})])
    with pytest.raises(FlowModelError) as e2:
        gravity_to_parquet(twin, tmp_path / "g", k_nearest=2)
    assert str(e2.value) == ("Pair (a, d) has zero distance, where power deterrence is infinite; "
                             "use deterrence='exp' or drop duplicate locations.")
    assert error_text(e2.value, "zh") == ("位置对 (a, d) 的距离为零,幂函数阻抗在此处为无穷大;"
                                          "请使用 deterrence='exp',或删去重复的位置。")


def test_a_refused_flow_dataset_folder_reads_in_both_languages(tmp_path: Path) -> None:
    """``check_dataset_dir`` (every ``*_to_parquet`` and ``flows radiation --dataset``): a file
    in the place of the folder, and a folder holding other files, in Chinese too; the CLI
    says it under ``--lang zh``."""
    from metroscope._errors import OutputError
    from metroscope.flows._dataset_io import check_dataset_dir

    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError) as e:
        check_dataset_dir(tmp_path / "file")
    assert str(e.value) == (f"Cannot write the flow dataset to {tmp_path / 'file'}: a file of "
                            "that name exists. The dataset is a folder of Parquet parts; give "
                            "a new folder name.")
    assert error_text(e.value, "zh") == (f"无法把流量数据集写到 {tmp_path / 'file'}:已有同名文件。"
                                         "数据集是由 Parquet 分块文件组成的文件夹;请给出新的文件夹名。")
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputError) as e2:
        check_dataset_dir(other)
    assert error_text(e2.value, "zh") == (f"无法把流量数据集写到 {other}:该文件夹中有其他文件"
                                          "(notes.txt),其中的文件都不会被替换。请给出新的或空的文件夹。")
    assert str(e2.value) == (f"Cannot write the flow dataset to {other}: the folder holds other "
                             "files (notes.txt), so nothing in it is replaced. Give a new or "
                             "empty folder.")
    r = run("flows", "radiation", "--region", "changchun", "--k-nearest", "2", "--colocated",
            "keep", "--dataset", str(other), "--lang", "zh")
    assert r.exit_code == EXIT_USER, r.output
    assert "无法把流量数据集写到" in r.output.replace("\n", ""), r.output
    assert "Cannot write" not in r.output and "Traceback" not in r.output
    assert (other / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_a_bad_balancing_input_lists_each_problem_in_chinese() -> None:
    """The problems inside one message are themselves in the message's language."""
    import numpy as np

    from metroscope.flows._table import FlowModelError
    from metroscope.flows.balancing import furness

    with pytest.raises(FlowModelError) as e:
        furness(np.ones((2, 2)), np.array([1.0, -1.0]), np.array([0.0, 0.0]))
    assert str(e.value) == ("Cannot balance: row totals at positions [1] are negative or not "
                            "finite ([-1.0]). Totals and weights must be finite and non-negative.")
    assert error_text(e.value, "zh") == ("无法平衡:位置 [1] 上的行总量为负数或非有限值([-1.0])。"
                                         "总量和权重都必须是有限的非负数。")


def _region() -> Any:
    from metroscope.datasets import load

    return load("changchun")


def _ind_registry() -> None:
    from metroscope import indicators

    indicators.get("nope")


def _ind_geometry() -> None:
    import pandas as pd

    from metroscope.indicators import hinterland

    region = _region()
    codes = list(region.units.index)
    hinterland.field_strength(region, travel_time_min=pd.DataFrame(-1.0, index=codes,
                                                                    columns=codes))


def _ind_inequality_inputs() -> None:
    from metroscope.indicators import inequality

    inequality.gini(_region(), measure="gdp", weight="population", year=1900)


def _ind_gini_value() -> None:
    import numpy as np

    from metroscope.indicators.inequality import gini_value

    gini_value(np.array([1.0, 2.0]), np.array([1.0, -1.0]))


def _ind_panel() -> None:
    from metroscope.indicators._integration_panel import integration_panel

    integration_panel(_region(), indicators=["krugman_with_core"], years=[1900])


def _ind_parent_total() -> None:
    from metroscope.indicators.primacy import with_parent_total

    with_parent_total(_region(), 2020, -5.0)


def _ind_convergence() -> None:
    from metroscope.indicators.convergence import sigma_convergence

    sigma_convergence(_region(), measure="gdp", weight="gdp")


def _ind_coupling() -> None:
    from metroscope.indicators.coupling import coupling_coordination

    coupling_coordination(_region(), normalise="zscore")  # type: ignore[arg-type]


def _ind_entropy() -> None:
    import numpy as np
    import pandas as pd

    from metroscope.indicators.entropy import entropy_weights

    entropy_weights(pd.DataFrame({"a": [1.0, np.nan, 3.0], "b": [1.0, 2.0, 3.0]}))


def _ind_flow() -> None:
    from metroscope.indicators.flow import urban_flow_intensity

    urban_flow_intensity(_region(), sectors=["nosuch"])


def _ind_industry() -> None:
    from metroscope.indicators.industry import division_of_labour

    division_of_labour(_region(), members=["999999"])


def _ind_linkage() -> None:
    from metroscope.indicators.linkage import linkage_intensity

    linkage_intensity(_region(), scope="everywhere")  # type: ignore[arg-type]


def _ind_lq_evidence() -> None:
    from metroscope.indicators.lq_evidence import lq_evidence

    lq_evidence(_region(), base="world")  # type: ignore[arg-type]


def _ind_spillover() -> None:
    from metroscope.indicators.spillover import spillover_table

    spillover_table(_region(), core="999999")


def _ind_primacy() -> None:
    from metroscope.indicators.primacy import primacy_trend

    primacy_trend(_region(), measure="nosuch")


def _ind_population() -> None:
    from metroscope.indicators.population import population_change

    population_change(_region(), start=1900, end=1950)


def _ind_table() -> None:
    import pandas as pd

    from metroscope.indicators._table import values_region

    values_region(pd.DataFrame({"id": ["a"]}), id_col="id", value_cols=["v"])


def _region_level() -> None:
    _region().codes(level="township")


def _ind_core_periphery() -> None:
    """No county-level core unit and no GDP: neither comparison can be formed."""
    from metroscope.indicators.core_periphery import core_periphery

    region = _region()
    units = region.units.copy()
    units.loc[(units["level"] == "county") & (units["role"] == "core"), "role"] = "member"
    core_periphery(region.with_tables(units=units,
                                      stats=region.stats[region.stats["indicator"] != "gdp"]))


ANALYSIS_CASES = [
    (_ind_core_periphery,
     "区域“changchun”无法进行核心与外围的比较:这需要核心单元下属、角色为 'core' 的县级单元及其普查人口。",
     "No core-versus-periphery comparison for region 'changchun': it needs county-level units "
     "with role 'core' under the core and their census population."),
    (_ind_geometry, "travel_time_min 含有负的分钟数;出行时间必须 >= 0(inf 表示不可达)。",
     "travel_time_min has negative minutes; travel times must be >= 0 (inf = unreachable)."),
    (_ind_inequality_inputs,
     "1900 年没有任何单元同时具有可用的 'gdp' 和 'population'(没有 gdp:210100、210200、220100、"
     "220200、220300、220400、220500、220600、220700、220800)。",
     "No unit has a usable 'gdp' and 'population' in 1900 (no gdp: 210100, 210200, 220100, "
     "220200, 220300, 220400, 220500, 220600, 220700, 220800)."),
    (_ind_gini_value, "gini_value:权重必须非负。", "gini_value: weights must be non-negative."),
    (_ind_panel, "单元 ['220200', '220300', '220400'] 没有任何年份同时具有全部指标(krugman_with_core)。"
     "所选年份1900未计入:并非每个指标在这些年份都有数据",
     "No year in which every indicator (krugman_with_core) exists for the units "
     "['220200', '220300', '220400']. years asked for 1900 left out: not every indicator has "
     "data in them"),
    (_ind_parent_total, "上级单元总量必须是正数;传入的是 -5.0。",
     "The parent total must be a positive number; got -5.0."),
    (_ind_convergence,
     "指标 'gdp' 除以 'gdp' 在每个单元都等于 1;若要考察 'gdp' 本身,请设 weight='none'(--weight none,"
     "或 --set weight=none)。",
     "measure 'gdp' per 'gdp' is 1 in every unit; to follow 'gdp' itself give weight='none' "
     "(--weight none, or --set weight=none)."),
    (_ind_coupling, "未知的 normalise='zscore';可选 benchmark、minmax。",
     "Unknown normalise='zscore'; choose one of benchmark, minmax."),
    (_ind_entropy, "指标 ['a'] 有缺失值:请补全,或删去这些观测。",
     "Missing values in indicator(s) ['a']: fill them or drop those observations."),
    (_ind_industry, "'prefecture' 级成员单元缺少完整的就业数据:['999999']。",
     "Members without complete employment data at level 'prefecture': ['999999']."),
    (_ind_linkage, "未知的范围 'everywhere';可选 all、members。",
     "Unknown scope 'everywhere'; choose one of all, members."),
    (_ind_lq_evidence, "未知的比较基准 'world';可选 auto、province、nation、units。",
     "Unknown comparison base 'world'; choose one of auto, province, nation, units."),
    (_ind_spillover,
     "核心单元 '999999' 不在 'prefecture' 层级具有质量和驻地的 4 个单元之中;请传入 core=...,或选择它所在的层级。",
     "The core '999999' is not among the 4 units at level 'prefecture' with masses and seats; "
     "pass core=... or choose its level."),
    (_ind_primacy, "区域“changchun”的单元没有 'nosuch' 的数值。",
     "No values of 'nosuch' for the units of region 'changchun'."),
    (_ind_population, "区域“changchun”在 'county' 层级没有 1900 年或 1950 年的人口数据。",
     "No population for 1900 or 1950 at level 'county' in region 'changchun'."),
    (_ind_table, "表中没有列 ['v'];表的列为 id。", "Column(s) ['v'] not in the table; its columns are id."),
    (_region_level, "未知的层级 'township';可用的层级为 province、prefecture、county。",
     "Unknown level 'township'; levels are province, prefecture, county."),
]


@pytest.mark.parametrize(("call", "zh", "en"), ANALYSIS_CASES,
                         ids=[c[0].__name__ for c in ANALYSIS_CASES])
def test_analysis_errors_read_in_both_languages(call: Any, zh: str, en: str) -> None:
    _reads_in_both_languages(call, zh, en)


@pytest.mark.parametrize(("call", "zh_start", "en_start"), [
    (_ind_registry, "未知的指标 'nope'。已有的指标:primacy、primacy_trend、",
     "Unknown indicator 'nope'. Known: primacy, primacy_trend, "),
    (_ind_flow, "未知或为空的行业 ['nosuch'];可用的行业:agriculture、mining、",
     "Unknown or empty sector(s) ['nosuch']; available: agriculture, mining, "),
])
def test_long_listings_are_joined_in_the_language(call: Any, zh_start: str,
                                                  en_start: str) -> None:
    from metroscope._errors import MetroscopeError

    with pytest.raises(MetroscopeError) as e:
        call()
    assert error_text(e.value, "zh").startswith(zh_start)
    assert error_text(e.value, "zh").endswith("。") and ", " not in error_text(e.value, "zh")
    assert str(e.value).startswith(en_start)


def test_a_user_table_lists_its_problems_in_chinese() -> None:
    import pandas as pd

    from metroscope.indicators._table import values_region

    with pytest.raises(MissingDataError) as e:
        values_region(pd.DataFrame({"id": ["a", "a"], "v": ["1", "x"]}), id_col="id",
                      value_cols=["v"])
    assert str(e.value) == (
        "Problems in the table:\n"
        "  - duplicate id in data row(s) [1, 2]; a table without a year column is one "
        "cross-section: one row per id (or pass --year-col)\n"
        "  - column 'v': non-numeric value(s) in data row(s) [2]")
    assert error_text(e.value, "zh") == (
        "表中有以下问题:\n"
        "  - 数据行 [1, 2] 的 id 重复;没有年份列的表是一个截面:每个 id 只能有一行(或传入 --year-col)\n"
        "  - 列 'v':数据行 [2] 含有非数字值")


def test_unreadable_units_and_bundles_are_named_in_chinese(tmp_path: Path) -> None:
    from metroscope._errors import FileFormatError
    from metroscope.bundle import read_bundle
    from metroscope.importers import read_units

    with pytest.raises(FileFormatError) as e:
        read_units(tmp_path)
    assert str(e.value) == (f"{tmp_path} is a folder, not a units file. Give the path of the "
                            "file (.csv, .geojson or .gpkg).")
    assert error_text(e.value, "zh") == (f"{tmp_path} 是文件夹,不是单元文件。请给出文件的路径"
                                         "(.csv、.geojson 或 .gpkg)。")
    with pytest.raises(FileFormatError) as e2:
        read_bundle(tmp_path)
    assert str(e2.value) == (f"No region.toml in {tmp_path}. A bundle is a folder with "
                             "region.toml and one file per table; create one with "
                             "Region.write(path) or `metroscope data export`.")
    assert error_text(e2.value, "zh") == (f"{tmp_path} 中没有 region.toml。数据包是一个文件夹,"
                                          "内含 region.toml 和每张表各一个文件;请用 "
                                          "Region.write(path) 或 `metroscope data export` 生成。")


@pytest.mark.parametrize(("args", "zh", "en"), [
    (("analyze", "primacy", "--set", "nosuch=1", "--set", "oops"),
     "错误:选项有 2 个问题:  - “primacy”没有参数 'nosuch'(可用的参数:measure、year、level、parent、"
     "parent_total)。  - --set 应为 KEY=VALUE 的形式,而不是 'oops'。",
     "Error: 2 problem(s) with the options:  - 'primacy' has no parameter 'nosuch' (it accepts: "
     "measure, year, level, parent, parent_total).  - --set expects KEY=VALUE, got 'oops'."),
])
def test_option_problems_read_in_the_chosen_language(args: tuple[str, ...], zh: str,
                                                     en: str) -> None:
    r_zh, r_en = run(*args, "--lang", "zh"), run(*args, "--lang", "en")
    assert r_zh.exit_code == r_en.exit_code == EXIT_USAGE, r_zh.output
    # problem lines are wrapped at the terminal's width with a 4-space hanging indent
    assert zh in r_zh.output.replace("\n    ", "").replace("\n", ""), r_zh.output
    assert en in r_en.output.replace("\n    ", " ").replace("\n", ""), r_en.output


def test_an_unreadable_table_for_analyze_is_named_in_chinese(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\xff\xfe\x00a,b\n\x00\x01")
    args = ("analyze", "gini", "--data", str(bad), "--id", "a", "--value", "b")
    r_zh, r_en = run(*args, "--lang", "zh"), run(*args, "--lang", "en")
    assert r_zh.exit_code == r_en.exit_code == EXIT_USER, r_zh.output
    zh, en = r_zh.output.replace("\n", ""), r_en.output.replace("\n", " ")
    assert zh.startswith(f"错误:无法把 {bad} 读作 UTF-8 CSV:"), r_zh.output
    assert zh.rstrip().endswith("。修正:请另存为带表头行、逗号分隔的 UTF-8 文件。"), r_zh.output
    assert en.startswith(f"Error: Cannot read {bad} as a UTF-8 CSV: "), r_en.output
    assert en.rstrip().endswith(". Fix: save it as a comma-separated UTF-8 file with a header "
                                "row."), r_en.output


@pytest.mark.parametrize("args", [
    ("access", "accessibility", "--supply", "{f}"),
    ("analyze", "gini", "--data", "{f}", "--id", "code", "--value", "capacity"),
])
def test_an_unclosed_quote_in_a_table_the_cli_reads_is_placed(tmp_path: Path,
                                                               args: tuple[str, ...]) -> None:
    """``access accessibility --supply`` stopped with exit 3 ("a bug": pandas' ParserError
    "EOF inside string"); ``analyze --data`` printed pandas' sentence. Both name the file,
    the line where the quote opened, the column and the value, in the chosen language."""
    f = tmp_path / "points.csv"
    f.write_text('code,capacity\n220102,10\n220103,"5\n', encoding="utf-8")
    argv = [a.replace("{f}", str(f)) for a in args]
    r_zh, r_en = run(*argv, "--lang", "zh"), run(*argv, "--lang", "en")
    assert r_zh.exit_code == r_en.exit_code == EXIT_USER, r_en.output
    en = " ".join(r_en.output.split())
    want_en = (f"{f}, line 3 (data row 2), column 'capacity': got '\"5'; expected a quote "
               "closed within its field (this one opens on line 3")
    assert "".join(want_en.split()) in "".join(en.split()), en  # folded at the terminal width
    want = "第 3 行(数据第 2 行),列“capacity”:值为 '\"5';应为引号在同一字段内闭合"
    assert "".join(want.split()) in "".join(r_zh.output.split()), r_zh.output  # wrapped
    assert "EOF inside string" not in en + r_zh.output and "Traceback" not in en
