"""One malformed input per validation case; each message names the row and the fix."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from metroscope import DataValidationError, FileFormatError
from metroscope.importers import read_csv, read_network, read_stats, read_units
from metroscope.region import Region

UNITS_CSV = """code,name_zh,name_en,level,parent,role,lon,lat
220100,长春市,Changchun,prefecture,,core,125.32,43.82
220102,南关区,Nanguan,county,220100,core,125.35,43.86
220122,农安县,Nong'an,county,220100,member,125.18,44.43
"""


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def problems_of(exc: pytest.ExceptionInfo[DataValidationError]) -> list[str]:
    return [str(p) for p in exc.value.problems]


def test_valid_units_csv_reads(tmp_path: Path) -> None:
    units = read_units(write(tmp_path, "u.csv", UNITS_CSV))
    assert list(units.index) == ["220100", "220102", "220122"]
    assert units.loc["220122", "seat_lat"] == pytest.approx(44.43)


def test_missing_columns(tmp_path: Path) -> None:
    text = "code,name_zh,lon,lat\n220100,长春市,125.3,43.8\n"
    with pytest.raises(DataValidationError) as exc:
        read_units(write(tmp_path, "u.csv", text))
    msgs = problems_of(exc)
    assert any("column 'level'" in m and "add a 'level' column" in m for m in msgs)
    assert any("column 'role'" in m for m in msgs)


def test_duplicate_codes(tmp_path: Path) -> None:
    text = UNITS_CSV + "220102,南关区,Nanguan,county,220100,core,125.35,43.86\n"
    with pytest.raises(DataValidationError) as exc:
        read_units(write(tmp_path, "u.csv", text))
    (msg,) = problems_of(exc)
    assert "row 4" in msg and "'220102'" in msg and "remove or merge the duplicate" in msg


def test_stats_reference_unknown_codes(tmp_path: Path) -> None:
    text = ("code,year,indicator,value,unit,source,quality\n"
            "220100,2020,population,9066906,persons,census,A\n"
            "999999,2020,population,5,persons,census,A\n")
    with pytest.raises(DataValidationError) as exc:
        read_stats(write(tmp_path, "s.csv", text), codes=["220100"])
    (msg,) = problems_of(exc)
    assert "row 2" in msg and "'999999'" in msg and "exists in units" in msg


@pytest.mark.parametrize(("value", "expected"), [
    ("abc", "a number"), ("", "a value"), ("-5", "a value >= 0"),
])
def test_bad_population_values(tmp_path: Path, value: str, expected: str) -> None:
    text = ("code,year,indicator,value,unit,source,quality\n"
            "220100,2020,population,9066906,persons,census,A\n"
            f"220102,2020,population,{value},persons,census,A\n")
    with pytest.raises(DataValidationError) as exc:
        read_stats(write(tmp_path, "s.csv", text))
    msgs = problems_of(exc)
    assert any("row 2" in m and expected in m for m in msgs), msgs


def test_nan_population_in_region() -> None:
    units = pd.DataFrame({"code": ["1"], "name_zh": ["a"], "name_en": ["a"], "level": ["county"],
                          "role": ["core"]})
    stats = pd.DataFrame({"code": ["1"], "year": [2020], "indicator": ["population"],
                          "value": [float("nan")], "unit": ["persons"], "source": ["s"],
                          "quality": ["A"]})
    with pytest.raises(DataValidationError, match=r"stats, row 1, column 'value'.*expected a value"):
        Region("t", units=units, stats=stats)


def test_swapped_coordinates(tmp_path: Path) -> None:
    text = UNITS_CSV.replace("125.18,44.43", "44.43,125.18")
    with pytest.raises(DataValidationError) as exc:
        read_units(write(tmp_path, "u.csv", text))
    (msg,) = problems_of(exc)
    assert "row 3" in msg and "look swapped" in msg


def test_coordinates_out_of_range(tmp_path: Path) -> None:
    text = UNITS_CSV.replace("125.18,44.43", "225.18,44.43")
    with pytest.raises(DataValidationError) as exc:
        read_units(write(tmp_path, "u.csv", text))
    (msg,) = problems_of(exc)
    assert "row 3" in msg and "-180..180" in msg


NODES = "node_id,lon,lat,kind,code\nA,125.3,43.8,station,220100\nB,126.5,43.8,station,\n"


@pytest.mark.parametrize(("column", "value", "expected"), [
    ("length_km", "-3", "a number > 0"),
    ("length_km", "0", "a number > 0"),
    ("speed_kph", "0", "a number > 0"),
    ("minutes", "-1", "a number > 0"),
    ("mode", "maglev", "one of hsr, intercity"),
    ("status", "dreamt", "one of operating"),
    ("open_year", "20120", "a year between 1000 and 2999"),
    ("to_node", "Z", "exists in nodes.node_id"),
    # 1e9 km/h and 100 km in 0.001 min (6,000,000 km/h) were accepted: trips became instant
    ("speed_kph", "1e9", "a speed of at most 1,000 km/h"),
    ("minutes", "0.001", "length_km / minutes × 60 at most 1,000 km/h"),
    ("minutes", "5.9", "length_km / minutes × 60 at most 1,000 km/h"),  # 1,017 km/h
])
def test_bad_links(tmp_path: Path, column: str, value: str, expected: str) -> None:
    row = {"link_id": "l1", "from_node": "A", "to_node": "B", "mode": "hsr", "line": "x",
           "length_km": "100", "speed_kph": "250", "minutes": "", "status": "operating",
           "open_year": "2012"}
    row[column] = value
    links = ",".join(row) + "\n" + ",".join(row.values()) + "\n"
    with pytest.raises(DataValidationError) as exc:
        read_network(write(tmp_path, "n.csv", NODES), write(tmp_path, "l.csv", links))
    msgs = problems_of(exc)
    assert any("l.csv, line 2 (data row 1)" in m and f"column '{column}'" in m and expected in m
               for m in msgs), msgs


@pytest.mark.parametrize(("speed", "minutes"), [("1000", ""), ("431", ""), ("", "6"),
                                                ("250", "24")])
def test_links_at_or_below_the_speed_bound_read(tmp_path: Path, speed: str,
                                                minutes: str) -> None:
    """The bound is 1,000 km/h itself: 100 km in 6 minutes is exactly 1,000 km/h and reads, as
    Shanghai's maglev (431 km/h) and an ordinary 250 km/h line of 100 km in 24 minutes do."""
    links = ("link_id,from_node,to_node,mode,length_km,speed_kph,minutes,status\n"
             f"l1,A,B,hsr,100,{speed},{minutes},operating\n")
    net = read_network(write(tmp_path, "n.csv", NODES), write(tmp_path, "l.csv", links))
    assert len(net["links"]) == 1


def test_access_unknown_node_and_negative_minutes(tmp_path: Path) -> None:
    links = ("link_id,from_node,to_node,mode,length_km,speed_kph,status\n"
             "l1,A,B,hsr,100,250,operating\n")
    access = "code,node_id,minutes\n220100,A,-2\n220100,Q,10\n"
    with pytest.raises(DataValidationError) as exc:
        read_network(write(tmp_path, "n.csv", NODES), write(tmp_path, "l.csv", links),
                     write(tmp_path, "a.csv", access), codes=["220100"])
    msgs = problems_of(exc)
    assert any("a.csv, line 2" in m and "minutes" in m and "negative" in m for m in msgs)
    assert any("a.csv, line 3" in m and "'Q'" in m and "nodes.node_id" in m for m in msgs)


def test_year_out_of_range(tmp_path: Path) -> None:
    text = ("code,year,indicator,value,unit,source,quality\n"
            "220100,20200,population,1,persons,census,A\n")
    with pytest.raises(DataValidationError, match=r"line 2 \(data row 1\), column 'year'.*1000 and 2999"):
        read_stats(write(tmp_path, "s.csv", text))


def test_several_problems_reported_together(tmp_path: Path) -> None:
    text = ("code,name_zh,name_en,level,parent,role,lon,lat\n"
            "220100,长春市,Changchun,city,,core,125.32,43.82\n"
            "220100,长春市,Changchun,prefecture,,boss,43.82,125.32\n")
    with pytest.raises(DataValidationError) as exc:
        read_units(write(tmp_path, "u.csv", text))
    msgs = problems_of(exc)
    assert len(msgs) == 4
    assert str(exc.value).startswith("4 problem(s)")
    joined = "\n".join(msgs)
    for needle in ("level", "duplicate", "role", "swapped"):
        assert needle in joined


def test_gbk_csv_is_detected(tmp_path: Path) -> None:
    units = read_units(write(tmp_path, "u.csv", UNITS_CSV, encoding="gbk"))
    assert units.loc["220122", "name_zh"] == "农安县"


def test_gb18030_csv_is_detected(tmp_path: Path) -> None:
    df = read_csv(write(tmp_path, "u.csv", UNITS_CSV, encoding="gb18030"))
    assert df["name_zh"].tolist() == ["长春市", "南关区", "农安县"]


def test_file_in_no_supported_encoding(tmp_path: Path) -> None:
    p = tmp_path / "bad.csv"
    p.write_bytes(b"code,name\n1,\xff\xff\xff\n")  # 0xFF starts no UTF-8 or GB18030 sequence
    with pytest.raises(FileFormatError, match=r"not valid text.*CSV UTF-8.*iconv"):
        read_csv(p)


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match="is empty"):
        read_csv(write(tmp_path, "e.csv", ""))
    with pytest.raises(FileFormatError, match="no data rows"):
        read_csv(write(tmp_path, "h.csv", "code,name\n"))


def test_wide_stats(tmp_path: Path) -> None:
    text = "code,2010,2020\n220100,8767375,9066906\n220102,,657682\n"
    df = read_stats(write(tmp_path, "w.csv", text), indicator="population", unit="persons",
                    source="census", quality="A")
    assert len(df) == 3
    got = df.set_index(["code", "year"])["value"]
    assert got[("220100", 2010)] == 8767375
    assert got[("220102", 2020)] == 657682


def test_wide_stats_without_indicator(tmp_path: Path) -> None:
    with pytest.raises(DataValidationError, match="indicator"):
        read_stats(write(tmp_path, "w.csv", "code,2010\n1,2\n"), unit="x", source="s",
                   quality="A")


def test_missing_codes_stay_missing() -> None:
    from metroscope._validate import normalise_code

    assert normalise_code(pd.NA) is pd.NA
    assert normalise_code(220100.0) == "220100"
    assert normalise_code(" 022100 ") == "022100"


def test_an_unclosed_quote_is_listed_with_every_other_problem_of_the_units_file(
        tmp_path: Path) -> None:
    """A quote opened and never closed made pandas swallow the rest of the file: the user saw
    only "not a well-formed CSV" and found the bad level and role after fixing the quote. Now
    the quote is one problem among the others, at the line where it opened."""
    text = ("code,name_zh,name_en,level,parent,role,lon,lat\n"
            "220100,长春市,Changchun,city,,core,125.32,43.82\n"  # line 2: level 'city'
            '220102,"南关区,Nanguan,county,220100,core,125.35,43.86\n'  # line 3: the quote
            "220122,农安县,Nong'an,county,220100,boss,125.18,44.43\n")  # line 4: role 'boss'
    with pytest.raises(DataValidationError) as exc:
        read_units(write(tmp_path, "u.csv", text))
    found = {(p.line, p.column): p for p in exc.value.problems}
    assert set(found) == {(2, "level"), (3, "name_zh"), (4, "role")}, problems_of(exc)
    quote = found[(3, "name_zh")]
    assert quote.file == str(tmp_path / "u.csv") and quote.row == 2
    assert quote.value == '"南关区'
    assert str(quote) == (
        f"{tmp_path / 'u.csv'}, line 3 (data row 2), column 'name_zh': got '\"南关区'; expected "
        "a quote closed within its field (this one opens on line 3 and is never closed, which "
        "would run the rest of the file into this one value; it was read as an ordinary "
        "character so that the other lines could be checked). Fix: add the closing quote at "
        "the end of the value, or delete this quote; a quote inside a value is written twice "
        '("")')
    assert "第 3 行打开" in quote.text("zh") and "补上闭合引号" in quote.text("zh")


def test_rows_after_an_unclosed_quote_keep_their_lines(tmp_path: Path) -> None:
    """The stats reader locates the problems of the rows below the quote on their own lines
    (the record count of the file reads the quote as read_csv does); a GBK file too."""
    text = ("code,year,indicator,value,unit,source,quality\n"
            '220100,2020,population,9066906,persons,"census,A\n'  # line 2: the quote
            "220102,2020,population,abc,persons,census,A\n"  # line 3: not a number
            "\n"
            "220122,20200,population,1,persons,census,A\n")  # line 5 (after a blank line)
    for enc in ("utf-8", "gbk"):
        with pytest.raises(DataValidationError) as exc:
            read_stats(write(tmp_path, f"s-{enc}.csv", text, encoding=enc))
        got = sorted((p.line, p.column) for p in exc.value.problems)
        assert got == [(2, "source"), (3, "value"), (5, "year")], problems_of(exc)


def test_a_later_unclosed_quote_is_found_once_the_first_is_read(tmp_path: Path) -> None:
    """Three stray quotes: the first two pair up (their lines run together into one record of
    too few fields), the third runs to the end of the file; both are listed."""
    text = ("code,name,x\n"
            '1,"a,1\n'
            '2,b,"2\n'
            "3,c,z\n"
            '4,"d,w\n'
            "5,e,v\n")
    with pytest.raises(DataValidationError) as exc:
        read_csv(write(tmp_path, "q.csv", text))
    got = [(p.line, p.column, p.value) for p in exc.value.problems]
    assert (5, "name", '"d') in got, problems_of(exc)
    assert any(line == 2 and "fields like the header" in str(p)
               for p, (line, _, _) in zip(exc.value.problems, got, strict=True)), got


def test_a_bundle_with_an_unclosed_quote_lists_every_table_problem(tmp_path: Path) -> None:
    """``data validate``/``read_bundle``: the stats file's unclosed quote and its bad year are
    listed together (and the table is still checked against the units)."""
    import csv
    import io

    from metroscope import load
    from metroscope.bundle import read_bundle

    toml = load("changchun").select(codes=["220100", "220102"]).write(tmp_path / "b")
    stats = toml.parent / "stats.csv"
    rows = list(csv.reader(io.StringIO(stats.read_text(encoding="utf-8"))))
    header = rows[0]
    rows[2][header.index("year")] = "twenty"  # line 3: not a year

    def line(row: list[str]) -> str:
        out = io.StringIO()
        csv.writer(out, lineterminator="").writerow(row)
        return out.getvalue()

    lines = [line(r) for r in rows]
    lines[-1] = line(rows[-1][:-1]) + ',"' + rows[-1][-1]  # the last cell: a stray quote
    stats.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as exc:
        read_bundle(toml.parent)
    got = {(p.line, p.column) for p in exc.value.problems if p.file == str(stats)}
    assert got == {(3, "year"), (len(rows), header[-1])}, problems_of(exc)


@pytest.mark.parametrize("code", ["２２０１００", "220100\u200b", "\ufeff220100", "2201\u300000"])
def test_a_code_that_only_looks_like_another_is_refused(tmp_path: Path, code: str) -> None:
    """A units file with the code ２２０１００ (full-width digits, as a Chinese input method
    types them) imported with exit 0; its stats rows written 220100 were then refused as
    "expected a value that exists in units" beside a code that looks the same. Full-width
    forms and invisible characters in a code are reported at their line."""
    text = UNITS_CSV.replace("220100,长春市", f"{code},长春市").replace(",220100,", f",{code},")
    with pytest.raises(DataValidationError) as exc:
        read_units(write(tmp_path, "u.csv", text))
    msgs = problems_of(exc)
    assert any("u.csv, line 2 (data row 1)" in m and "column 'code'" in m
               and "half-width (ASCII)" in m for m in msgs), msgs
    assert not any("line 3" in m and "column 'code'" in m for m in msgs), msgs


def test_a_name_of_invisible_characters_is_blank(tmp_path: Path) -> None:
    """A name_zh of one zero-width space imported as a name no one can see; it is blank now
    (the usual "expected a value"), while a name with one at its end keeps its text."""
    text = UNITS_CSV.replace("长春市", "\u200b").replace("南关区", "南关区\u200b")
    with pytest.raises(DataValidationError) as exc:
        read_units(write(tmp_path, "u.csv", text))
    msgs = problems_of(exc)
    assert any("line 2" in m and "column 'name_zh'" in m and "expected a value" in m
               for m in msgs), msgs
    assert not any("line 3" in m for m in msgs), msgs
    ok = read_units(write(tmp_path, "v.csv", UNITS_CSV.replace("南关区", "南关区\u200b")))
    assert ok.loc["220102", "name_zh"] == "南关区"
