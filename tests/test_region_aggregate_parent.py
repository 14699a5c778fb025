"""``Region.aggregate`` says where a parent's own figure differs from its children's sum (the
README's "counties summed to prefectures" gave 吉林市 3,368,410 without a word, 255,303 below
the census's 3,623,713: three development zones have no county row). Expected figures: the
census prefecture and county rows written out here."""

from __future__ import annotations

import metroscope


def test_population_2020_names_the_parents_that_differ() -> None:
    region = metroscope.load("changchun")
    agg = region.aggregate("population", year=2020)
    assert agg.at["220200", "population"] == 3_368_410  # the children's sum, as before
    notes = agg.attrs["metroscope"]["notes"]
    assert len(notes) == 1
    text = str(notes[0])
    assert text.startswith("population 2020: the parent's own figure differs")
    # 吉林 3,623,713 vs 3,368,410; 白山 951,866 vs 968,373; 松原 2,252,994 vs 2,158,928;
    # 延边 1,941,700 vs 1,986,339 (census city file vs the sum of the county file's rows)
    for item in ("220200 3,623,713 (3,368,410, +255,303, +7.6 %)",
                 "220600 951,866 (968,373, -16,507, -1.7 %)",
                 "220700 2,252,994 (2,158,928, +94,066, +4.4 %)",
                 "222400 1,941,700 (1,986,339, -44,639, -2.2 %)"):
        assert item in text, item
    assert "220100" not in text  # 长春's 15 county rows add up to its 9,066,906
    assert notes[0].zh.startswith("population 2020:上级单元自身的数值与其下级单元之和不同")


def test_2010_only_yanbian_differs() -> None:
    """2010: the county rows (re-coded to today's units, 公主岭 under 长春) add up to the
    boundary-adjusted prefecture figures except in 延边 (2,223,263 against 2,270,816)."""
    region = metroscope.load("changchun")
    notes = region.aggregate("population", year=2010).attrs["metroscope"]["notes"]
    assert [str(n).split(": ", 2)[2].split(" (in brackets")[0] for n in notes] == [
        "222400 2,223,263 (2,270,816, -47,553, -2.1 %)"]
