"""The comparison base and the evidence of location quotients (issue 10, item 2).

Independent figures: LQs of 长春 against 吉林省 computed by hand from the census rows of
``region.stats`` (employed_sample_<industry>, 2020), e.g. manufacturing
(40188 / e_长春) / (82993 / E_吉林), where e and E are the sums over the 20 industries.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import metroscope
from metroscope.datasets import list_datasets
from metroscope.indicators.industry import division_of_labour, location_quotients
from metroscope.indicators.lq_evidence import (
    MIN_SAMPLE_PERSONS,
    lq_confidence,
    lq_evidence,
)

pytestmark = pytest.mark.skipif("changchun" not in list_datasets(),
                                reason="embedded changchun dataset not built")


@pytest.fixture(scope="module")
def region() -> metroscope.Region:
    return metroscope.load("changchun")


def _emp(region: metroscope.Region, code: str) -> dict[str, float]:
    s = region.stats
    rows = s[(s["code"] == code) & (s["year"] == 2020)
             & s["indicator"].str.startswith("employed_sample_")
             & (s["indicator"] != "employed_sample_total")]
    return {str(i)[len("employed_sample_"):]: float(v)
            for i, v in zip(rows["indicator"], rows["value"], strict=True)}


def _hand_lq(region: metroscope.Region, code: str, industry: str) -> float:
    e, big = _emp(region, code), _emp(region, "220000")
    return (e.get(industry, 0.0) / sum(e.values())) / (big[industry] / sum(big.values()))


def test_default_base_is_the_province_and_matches_hand_computation(
        region: metroscope.Region) -> None:
    lq = location_quotients(region)
    assert lq.attrs["metroscope"]["parameters"]["reference"].startswith("province: 吉林省 220000")
    for ind, expected in (("manufacturing", 1.28), ("agriculture", 0.84), ("research", 1.64)):
        hand = _hand_lq(region, "220100", ind)
        assert lq.at["220100", ind] == pytest.approx(hand, rel=1e-9)
        assert hand == pytest.approx(expected, abs=0.005)
    # units outside Jilin are not compared against Jilin
    assert not {"210100", "210200", "230100"} & set(lq.index)


def test_other_bases_are_options(region: metroscope.Region) -> None:
    units = location_quotients(region, base="units")
    assert units.at["220100", "manufacturing"] == pytest.approx(0.98, abs=0.005)  # the old
    assert units.at["220100", "agriculture"] == pytest.approx(1.10, abs=0.005)   # 12-city base
    nation = location_quotients(region, base="nation")
    assert nation.attrs["metroscope"]["parameters"]["reference"].startswith("nation")
    assert nation.at["220100", "research"] > 1.0  # research holds up against the nation too
    assert nation.at["220100", "manufacturing"] < 1.0  # manufacturing does not


def test_every_lq_carries_its_sample_and_flag(region: metroscope.Region) -> None:
    ev = lq_evidence(region)
    cell = ev.loc[("220300", "international")]  # 四平, international organisations
    assert cell["sample_persons"] == 2.0 == _emp(region, "220300")["international"]
    assert cell["flag"] == "small_sample" and not bool(cell["reliable"])
    r = ev.loc[("220100", "research")]
    assert r["sample_persons"] == 6813.0 and r["flag"] == "ok"
    assert r["ci_low"] < r["lq"] < r["ci_high"] and r["ci_low"] > 1
    # every unreliable cell is below the minimum sample or straddles 1
    bad = ev[~ev["reliable"] & ev["lq"].notna()]
    assert ((bad["sample_persons"] < MIN_SAMPLE_PERSONS)
            | ((bad["ci_low"] <= 1) & (bad["ci_high"] >= 1))).all()


def test_ci_formula_independently() -> None:
    # var(ln LQ) = 1/e_ij - 1/e_i + 1/E_j - 1/E (Moineddin et al. 2003)
    lq, lo, hi = lq_confidence(np.array([50.0]), np.array([1000.0]), np.array([2000.0]),
                               100000.0)
    se = math.sqrt(1 / 50 - 1 / 1000 + 1 / 2000 - 1 / 100000)
    assert lq[0] == pytest.approx(2.5)
    assert lo[0] == pytest.approx(2.5 * math.exp(-1.959964 * se), rel=1e-6)
    assert hi[0] == pytest.approx(2.5 * math.exp(1.959964 * se), rel=1e-6)


def test_division_of_labour_suppresses_the_two_person_cell(region: metroscope.Region) -> None:
    d = division_of_labour(region)
    row = d.loc[("220300", "international")]
    assert row["sample_persons"] == 2.0
    assert str(row["evidence"]).startswith("insufficient evidence")
    assert not bool(row["recommended"])
    # agriculture is no longer recommended for 长春 (LQ 0.84 against Jilin)
    assert ("220100", "agriculture") not in d.index
    assert bool(d.loc[("220100", "research"), "recommended"])
    # ranked by evidence: within each unit, sufficient rows first, by the interval's lower bound
    for _code, g in d.groupby(level="code", sort=False):
        ok = (g["evidence"] == "sufficient").to_numpy()
        assert list(ok) == sorted(ok, reverse=True)
        lows = g.loc[g["evidence"] == "sufficient", "ci_low"].to_numpy()
        assert (np.diff(lows) <= 0).all()
    assert not d["recommended"].all()  # not every row says "yes"


def test_seed_example_what_the_data_support(region: metroscope.Region) -> None:
    ev = lq_evidence(region)
    # 长春 R&D (科学研究和技术服务业): specialised against Jilin, with a tight interval
    assert ev.loc[("220100", "research"), "ci_low"] > 1.5
    # 四平 "components": the census has manufacturing only, and 四平 is *under*-represented
    sp = ev.loc[("220300", "manufacturing")]
    assert sp["reliable"] and sp["ci_high"] < 1.0
    d = division_of_labour(region)
    assert ("220300", "manufacturing") not in d.index
    assert "census cannot separate them" in d.loc[("220100", "manufacturing"), "target_clusters"]
