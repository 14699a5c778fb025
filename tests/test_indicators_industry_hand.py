"""Industry measures of the toy province checked cell by cell against plain Python loops over the
employment table written in this test (mutation testing, docs/testing.md).

Toy employment (2020 sample counts; manufacturing, finance, agriculture):
A 990100 (500, 300, 200), B 990200 (300, 50, 150), C 990300 (100, 50, 350),
D 990400 (100, 100, 300). The province 990000 has no employment row of its own.
"""

from __future__ import annotations

import pytest

from _indicator_fixtures import EMPLOYMENT, INDUSTRY3, toy_region
from metroscope.indicators.industry import (
    krugman_specialisation,
    location_quotients,
    revealed_comparative_advantage,
)


def _lq_by_hand(units: list[str], ref: list[str]) -> dict[tuple[str, str], float]:
    big = {k: sum(EMPLOYMENT[c][j] for c in ref) for j, k in enumerate(INDUSTRY3)}
    big_total = sum(big.values())
    out = {}
    for c in units:
        row_total = sum(EMPLOYMENT[c])
        for j, k in enumerate(INDUSTRY3):
            out[(c, k)] = (EMPLOYMENT[c][j] / row_total) / (big[k] / big_total)
    return out


def test_every_lq_cell_against_the_province_by_hand() -> None:
    lq = location_quotients(toy_region())
    units = ["990100", "990200", "990300", "990400"]
    assert sorted(lq.index) == units and sorted(lq.columns) == sorted(INDUSTRY3)
    for (c, k), v in _lq_by_hand(units, units).items():
        assert lq.at[c, k] == pytest.approx(v, rel=1e-12)


def test_krugman_every_unit_by_hand() -> None:
    k = krugman_specialisation(toy_region())
    units = list(EMPLOYMENT)
    for c in units:
        own = [v / sum(EMPLOYMENT[c]) for v in EMPLOYMENT[c]]
        rest = [sum(EMPLOYMENT[o][j] for o in units if o != c) for j in range(3)]
        rs = [v / sum(rest) for v in rest]
        assert k.at[c, "krugman_vs_rest"] == pytest.approx(
            sum(abs(a - b) for a, b in zip(own, rs, strict=True)), rel=1e-12)
    lq = _lq_by_hand(units, units)
    for c in units:
        assert k.at[c, "top_industry"] == max(INDUSTRY3, key=lambda ind, c=c: lq[(c, ind)])


@pytest.mark.parametrize("threshold", [1.0, 1.3, 0.5])
def test_rca_and_presence_every_cell_by_hand(threshold: float) -> None:
    r = revealed_comparative_advantage(toy_region(), threshold=threshold)
    units = list(EMPLOYMENT)
    hand = _lq_by_hand(units, units)
    assert len(r) == len(hand)
    for (c, k), v in hand.items():
        assert r.at[(c, k), "rca"] == pytest.approx(v, rel=1e-12)
        assert r.at[(c, k), "mcp"] == int(v >= threshold - 1e-12)
    assert r.attrs["metroscope"]["parameters"]["threshold"] == threshold
