"""Defects found by running the commands: the names and messages a user reads.

- an empty ``.geojson`` units file was called an empty CSV;
- a damaged Parquet table's message ended in ".." (pyarrow's period, then the message's);
- ``metroscope data import`` created the folders above OUT before refusing a bad input;
- ``metroscope areas compare --lang en`` printed "Rank of 长春" and the areas' Chinese short
  names.
"""

from __future__ import annotations

from pathlib import Path

import pytest


def _run(argv: list[str]) -> tuple[int, str]:
    from typer.testing import CliRunner

    from metroscope.cli import make_app

    res = CliRunner().invoke(make_app(argv), argv)
    return res.exit_code, res.output


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_empty_geojson_is_not_called_a_csv(tmp_path: Path, lang: str) -> None:
    units = tmp_path / "units.geojson"
    units.write_bytes(b"")
    code, out = _run(["data", "import", "t", str(tmp_path / "out"), "--units", str(units),
                      "--lang", lang])
    flat = " ".join(out.split())
    assert code == 1
    if lang == "en":
        assert "is empty. Expected a GeoJSON FeatureCollection." in flat
        assert "CSV" not in flat
    else:
        assert "是空文件。应为 GeoJSON 要素集合" in flat and "CSV" not in flat


def test_an_empty_csv_still_says_csv(tmp_path: Path) -> None:
    units = tmp_path / "units.csv"
    units.write_bytes(b"\n")
    code, out = _run(["data", "import", "t", str(tmp_path / "out"), "--units", str(units),
                      "--lang", "en"])
    assert code == 1 and "Expected a CSV file with a header row" in " ".join(out.split())


def test_a_damaged_parquet_table_has_one_period(tmp_path: Path) -> None:
    import metroscope

    bundle = tmp_path / "b"
    metroscope.load("changchun").write(bundle, fmt="parquet")
    (bundle / "stats.parquet").write_bytes(b"PAR1 not a parquet file")
    (bundle / "units.parquet").write_bytes(b"PAR1 not a parquet file")
    code, out = _run(["data", "validate", str(bundle), "--lang", "en"])
    flat = " ".join(out.split())
    assert code == 1
    # pyarrow: "... Either the file is corrupted or this is not a parquet file."
    assert "not a readable Parquet file" in flat and "not a readable GeoParquet file" in flat
    assert ".." not in flat
    assert flat.count("this is not a parquet file. Re-export it.") == 2


def test_a_refused_import_leaves_no_folder_behind(tmp_path: Path) -> None:
    units = tmp_path / "units.csv"
    units.write_text("code,name_zh,lon,lat\n", encoding="utf-8")  # a header, no rows
    out = tmp_path / "new" / "deeper" / "bundle"
    code, text = _run(["data", "import", "t", str(out), "--units", str(units), "--level",
                       "county", "--role", "core", "--lang", "en"])
    assert code == 1 and "has a header but no data rows" in " ".join(text.split())
    assert not (tmp_path / "new").exists()
    assert "Created the folder" not in text


def test_a_valid_import_still_creates_the_missing_folders(tmp_path: Path) -> None:
    units = tmp_path / "units.csv"
    units.write_text("code,name_zh,name_en,lon,lat\n220101,甲,A,125.3,43.8\n"
                     "220102,乙,B,125.5,43.9\n", encoding="utf-8")
    out = tmp_path / "new" / "deeper" / "bundle"
    code, text = _run(["data", "import", "t", str(out), "--units", str(units), "--level",
                       "county", "--role", "core", "--lang", "en"])
    assert code == 0, text
    assert (out / "region.toml").is_file() and "Created the folder" in text


def test_areas_compare_names_the_areas_in_the_output_language(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, en = _run(["areas", "compare", "--quiet", "--lang", "en"])
    assert code == 0, en
    # the English names of the data (area_list's name_en less "Metropolitan Area")
    assert "Rank of Changchun" in en and "Rank of 长春" not in en
    assert "Changsha–Zhuzhou–Xiangtan" in en and "长株潭" not in en
    assert "Bases (2020): population, change, core share, aged 65+, urbanisation" in " ".join(
        en.split())
    code, zh = _run(["areas", "compare", "--quiet", "--lang", "zh"])
    assert code == 0, zh
    assert "长春的位次" in zh and "Changchun" not in zh
    assert "口径(2020年)" in zh
