"""Kinds of source and the ``metroscope data sources`` listing (issue 10, item 6)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import metroscope
from metroscope.datasets import list_datasets
from metroscope.sources import KINDS, source_kind, source_table


@pytest.mark.parametrize(("source", "note", "quality", "kind"), [
    ("Lei Dong et al., China Census dataset, github.com/leiii/census (MIT)", "", "A", "census"),
    ("http://tjj.jl.gov.cn/tjsj/x.html", "[A] official statistics-bureau site; 初步核算", "A",
     "government"),
    ("http://m.ilynn.cn/document_detail/4842.html",
     "[B] verbatim repost of the provincial bulletin; 初步核算", "B", "bulletin"),
    ("https://github.com/x/atlas/raw/city_panel/panel.csv",
     "[C] research panel built from 中国城市统计年鉴 (全市口径)", "C", "yearbook"),
    ("https://github.com/x/atlas/rating.txt",
     "[C] rating-agency table compiled from city bulletins/budget reports", "C",
     "rating_agency"),
    ("https://hkcd.com/content_p/2022-10/09/content_142393.html", "[C] news", "C", "news"),
    ("https://www.wangleicn.com/p/9121.html", "[C] aggregator article quoting releases", "C",
     "aggregator"),
    ("https://www.chyxx.com/x.html", "[C] consultancy article citing bulletins/yearbook", "C",
     "aggregator"),
    ("http://fmwww.bc.edu/repec/bocode/n/nrow2.sthlp",
     "[D] example data in software documentation, no source given", "D", "unverified"),
    ("my yearbook", "user-supplied total (my yearbook); not part of the embedded data", "C",
     "user"),
    ("somewhere", "", "", "other"),
])
def test_source_kind_rules(source: str, note: str, quality: str, kind: str) -> None:
    assert source_kind(source, note, quality) == kind
    assert kind in KINDS


@pytest.mark.skipif("changchun" not in list_datasets(), reason="dataset not built")
def test_source_table_counts_every_value() -> None:
    region = metroscope.load("changchun")
    tab = source_table(region)
    st = region.stats
    assert int(tab["n_values"].sum()) == int(st["value"].notna().sum())
    assert set(tab.index) == set(st["source"].astype(str))
    # independent count for one aggregator
    url = "https://www.wangleicn.com/p/9121.html"
    assert tab.at[url, "n_values"] == int((st["source"] == url).sum()) == 15
    assert tab.at[url, "kind"] == "aggregator" and tab.at[url, "quality"] == "C"
    assert tab.iloc[0]["kind"] == "census"  # most authoritative kind first


@pytest.mark.skipif("changchun" not in list_datasets(), reason="dataset not built")
def test_cli_data_sources() -> None:
    out = subprocess.run([sys.executable, "-m", "metroscope", "data", "sources", "changchun",
                          "--format", "json"], capture_output=True, text=True, check=True)
    rows = json.loads(out.stdout)
    assert {"source", "kind", "kind_label", "quality", "n_values", "n_units", "years",
            "indicators"} <= set(rows[0])
    assert sum(r["n_values"] for r in rows) == int(
        metroscope.load("changchun").stats["value"].notna().sum())
    zh = subprocess.run([sys.executable, "-m", "metroscope", "data", "sources", "--lang", "zh",
                         "--format", "csv"], capture_output=True, text=True, check=True).stdout
    assert "聚合网站" in zh and "人口普查" in zh
