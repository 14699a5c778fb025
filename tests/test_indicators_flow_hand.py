"""Urban flow intensity (indicators/flow.py) against location quotients, outward employment and
flow intensities computed by hand from the employment written in the tests."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from _indicator_fixtures import employment_region, rich_employment_region
from metroscope import MissingDataError
from metroscope.indicators.flow import OUTWARD_SECTORS, urban_flow_intensity
from metroscope.region import Region

# sample counts (mining, finance, research); totals 240 / 100 / 60 of E = 400, so the regional
# shares E_j/E are .6 / .25 / .15
EMP = {"U2": (60.0, 10.0, 30.0), "U1": (20.0, 60.0, 20.0), "U3": (160.0, 30.0, 10.0)}
KEYS = ("mining", "finance", "research")
# LQ = (e_ij/e_i)/(E_j/E), by hand:
#   U1 (e = 100): mining .2/.6 = 1/3, finance .6/.25 = 2.4, research .2/.15 = 4/3
#   U2 (e = 100): mining .6/.6 = 1 (not > 1), finance .1/.25 = .4, research .3/.15 = 2
#   U3 (e = 200): mining .8/.6 = 4/3, finance .15/.25 = .6, research .05/.15 = 1/3
LQ = {"U1": (1 / 3, 2.4, 4 / 3), "U2": (1.0, 0.4, 2.0), "U3": (4 / 3, 0.6, 1 / 3)}
# outward employment E_ij = e_ij - e_i E_j/E where LQ > 1:
#   U1 finance 60 - 25 = 35, research 20 - 15 = 5; U2 research 30 - 15 = 15;
#   U3 mining 160 - 120 = 40


def _region(gdp: dict[str, float], *, other_year_gdp: float = 99.0) -> Region:
    r = employment_region(EMP, KEYS)
    rows = [{"code": c, "year": 2020, "indicator": "gdp", "value": v, "unit": "cny_100m",
             "source": "yearbook", "quality": "A"} for c, v in gdp.items()]
    rows += [{"code": c, "year": 2010, "indicator": "gdp", "value": other_year_gdp,
              "unit": "cny_100m", "source": "old yearbook", "quality": "A"} for c in gdp]
    return r.with_tables(stats=pd.concat([r.stats, pd.DataFrame(rows)], ignore_index=True))


def test_flow_intensity_by_hand_sorted_with_missing_gdp_last() -> None:
    f = urban_flow_intensity(_region({"U1": 1000.0, "U2": 200.0}),
                             sectors=("finance", "research"))
    # K = (35 + 5)/100, 15/100, 0/200; F = GDP K = 400, 30, NaN (U3 has no GDP)
    assert list(f.index) == ["U1", "U2", "U3"]
    assert f["tendency"].tolist() == pytest.approx([0.4, 0.15, 0.0], rel=1e-12)
    assert f["outward_employment_share"].tolist() == pytest.approx([0.4, 0.15, 0.0], rel=1e-12)
    assert f["flow_intensity"].iloc[:2].tolist() == pytest.approx([400.0, 30.0], rel=1e-12)
    assert math.isnan(f.at["U3", "flow_intensity"]) and math.isnan(f.at["U3", "gdp"])
    assert f["gdp"].iloc[:2].tolist() == [1000.0, 200.0]
    assert f["outward_sectors"].tolist() == ["finance, research", "research", ""]
    assert list(f.columns) == ["name_zh", "name_en", "role", "outward_sectors",
                               "outward_employment_share", "gdp", "flow_intensity",
                               "tendency", "lq_finance", "lq_research"]
    for c in ("U1", "U2", "U3"):
        assert f.at[c, "lq_finance"] == pytest.approx(LQ[c][1], rel=1e-12)
        assert f.at[c, "lq_research"] == pytest.approx(LQ[c][2], rel=1e-12)
    meta = f.attrs["metroscope"]
    assert meta["indicator"] == "urban_flow_intensity" and meta["year"] == 2020
    assert meta["level"] == "prefecture"
    assert meta["parameters"]["sectors"] == ["finance", "research"]
    assert meta["parameters"]["reference"] == "the units analysed"
    assert meta["sources"] == ["hand-built test data", "yearbook"]
    notes = meta["notes"]
    assert notes == ["no GDP in 2020 for 1 unit(s) (counties have no GDP in the official "
                     "statistics): flow_intensity NaN there, tendency still given"]
    assert notes[0].zh == ("2020年有 1 个单元没有GDP(官方统计中县级没有GDP):这些单元的城市流强度为空,"
                           "倾向度照常给出")


def test_a_location_quotient_of_exactly_one_is_not_outward() -> None:
    f = urban_flow_intensity(_region({"U1": 1000.0, "U2": 200.0, "U3": 50.0}),
                             sectors=KEYS)
    # K = .4, .15, 40/200 = .2; F = 400, 30, 10; U2's mining (LQ 1) is not outward
    assert list(f.index) == ["U1", "U2", "U3"]
    assert f["tendency"].tolist() == pytest.approx([0.4, 0.15, 0.2], rel=1e-12)
    assert f["flow_intensity"].tolist() == pytest.approx([400.0, 30.0, 10.0], rel=1e-12)
    assert f["outward_sectors"].tolist() == ["finance, research", "research", "mining"]
    assert f.at["U2", "lq_mining"] == 1.0
    assert f.attrs["metroscope"]["notes"] == []


def test_ties_keep_the_unit_order_and_no_gdp_at_all_gives_nan() -> None:
    f = urban_flow_intensity(_region({}), sectors=("finance",))
    # no GDP rows: every F is NaN, the units keep their order (U2, U1, U3)
    assert list(f.index) == ["U2", "U1", "U3"]
    assert f["tendency"].tolist() == pytest.approx([0.0, 0.35, 0.0], rel=1e-12)
    assert f["flow_intensity"].isna().all()
    assert f["gdp"].dtype == "float64" and f["flow_intensity"].dtype == "float64"
    f = urban_flow_intensity(_region({"U1": 0.0, "U2": 0.0, "U3": 0.0}), sectors=("finance",))
    assert list(f.index) == ["U2", "U1", "U3"] and f["flow_intensity"].tolist() == [0.0] * 3
    assert f.attrs["metroscope"]["notes"] == []


def test_default_sectors_keep_those_with_employment_and_note_the_others() -> None:
    f = urban_flow_intensity(_region({"U1": 1000.0, "U2": 200.0, "U3": 50.0}))
    assert f.attrs["metroscope"]["parameters"]["sectors"] == ["finance", "research"]
    assert f["tendency"].tolist() == pytest.approx([0.4, 0.15, 0.0], rel=1e-12)
    absent = [s for s in OUTWARD_SECTORS if s not in ("finance", "research")]
    note = f.attrs["metroscope"]["notes"][0]
    assert note == "default sectors without employment data here: " + ", ".join(absent)
    assert note.zh == "默认的外向型部门中以下部门在此没有就业数据:" + "、".join(absent)


def test_refusals_in_full() -> None:
    r = _region({"U1": 1.0})
    with pytest.raises(MissingDataError) as info:
        urban_flow_intensity(r, sectors=("finance", "shipping", "mining2"))
    assert str(info.value) == ("Unknown or empty sector(s) ['shipping', 'mining2']; available: "
                               "mining, finance, research.")
    only = employment_region({"U1": (5.0, 1.0), "U2": (1.0, 5.0)}, ("mining", "agriculture"))
    with pytest.raises(MissingDataError) as info:
        urban_flow_intensity(only)
    assert str(info.value) == ("None of the outward sectors has employment data; available: "
                               "['agriculture', 'mining'].")


def test_year_level_and_codes_are_passed_on() -> None:
    r = rich_employment_region()  # (manufacturing, finance, agriculture) sample counts
    # 2010 prefectures (400,100,500), (200,200,100), (50,50,400), (100,150,250): finance share
    # 500/2500 = .2; B: 200 - 500 * .2 = 100, K = .2, F = 1000 (GDP 2010) * .2 = 200;
    # D: 150 - 100 = 50, K = .1, F = 250 * .1 = 25; A and C: LQ .5, K = 0, F = 0
    f = urban_flow_intensity(r, year=2010, sectors=("finance",))
    assert list(f.index) == ["990200", "990400", "990100", "990300"]
    assert f["tendency"].tolist() == pytest.approx([0.2, 0.1, 0.0, 0.0], rel=1e-12)
    assert f["flow_intensity"].tolist() == pytest.approx([200.0, 25.0, 0.0, 0.0], rel=1e-12)
    assert f.attrs["metroscope"]["year"] == 2010
    # 2020 counties (share 500/2500 = .2): 990101 200 - 600 * .2 = 80, K = 80/600;
    # 990102 100 - 80 = 20, K = 20/400; 990401 LQ exactly 1; the others below 1; no GDP
    f = urban_flow_intensity(r, level="county", sectors=("finance",))
    assert list(f.index) == ["990101", "990102", "990201", "990301", "990302", "990401"]
    assert f["tendency"].tolist() == pytest.approx([80 / 600, 0.05, 0, 0, 0, 0], rel=1e-12)
    assert f["flow_intensity"].isna().all()
    assert f.attrs["metroscope"]["level"] == "county"
    assert f.attrs["metroscope"]["notes"][-1].params == {"year": 2020, "n": 6}
    # 2020, A and C only: the reference is these two, finance share 350/1500 = 7/30;
    # A: 300 - 1000 * 7/30 = 200/3, K = 1/15, F = 6000/15 = 400; C: LQ below 1
    f = urban_flow_intensity(r, codes=["990300", "990100"], sectors=("finance",))
    assert list(f.index) == ["990100", "990300"]
    assert f["tendency"].tolist() == pytest.approx([1 / 15, 0.0], rel=1e-12)
    assert f["flow_intensity"].tolist() == pytest.approx([400.0, 0.0], rel=1e-12)


def test_ties_keep_the_code_order() -> None:
    """Nine units in three groups of equal flow intensity: the groups in decreasing order and,
    inside each, the units in code order (an unstable sort mixes them up from about ten rows)."""
    profiles = {"P1": (10.0, 80.0, 10.0), "P2": (80.0, 10.0, 10.0), "P3": (34.0, 33.0, 33.0)}
    cycle = ("P3", "P1", "P2")
    emp = {f"U{i}": profiles[cycle[(i - 1) % 3]] for i in range(1, 10)}
    r = employment_region(emp, KEYS)
    rows = [{"code": c, "year": 2020, "indicator": "gdp", "value": 100.0, "unit": "cny_100m",
             "source": "yearbook", "quality": "A"} for c in emp]
    r = r.with_tables(stats=pd.concat([r.stats, pd.DataFrame(rows)], ignore_index=True))
    f = urban_flow_intensity(r, sectors=KEYS)
    # E = 900, E_j = 372 / 369 / 159; outward (e = 100 each): P1 finance 80 - 36900/900 = 39,
    # P2 mining 80 - 37200/900 = 38.67, P3 research 33 - 15900/900 = 15.33; F = 100 K
    assert list(f.index) == ["U2", "U5", "U8", "U3", "U6", "U9", "U1", "U4", "U7"]
    want = [39.0] * 3 + [80 - 372 / 9] * 3 + [33 - 159 / 9] * 3
    assert f["flow_intensity"].tolist() == pytest.approx(want, rel=1e-12)
