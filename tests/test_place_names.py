"""English names of the china dataset: polyphonic characters read as in place names."""

from __future__ import annotations

import pytest

import metroscope


@pytest.fixture(scope="module")
def units():  # type: ignore[no-untyped-def]
    return metroscope.load("china").units


@pytest.mark.parametrize(("zh", "en"), [
    ("成都市", "Chengdu City"), ("厦门市", "Xiamen City"), ("都江堰市", "Dujiangyan City"),
    ("番禺区", "Panyu District"), ("乐清市", "Yueqing City"), ("单县", "Shan County"),
    ("六合区", "Luhe District"), ("重庆市", "Chongqing City"),
])
def test_well_known_names(units, zh: str, en: str) -> None:  # type: ignore[no-untyped-def]
    assert set(units.loc[units["name_zh"] == zh, "name_en"]) == {en}


def test_du_in_place_names_is_never_dou(units) -> None:  # type: ignore[no-untyped-def]
    du = units[units["name_zh"].str.contains("都")]
    assert len(du) > 20
    assert not du["name_en"].str.lower().str.contains("dou").any(), du[["name_zh", "name_en"]]
