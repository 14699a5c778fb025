"""A network year that leaves out operating links opened after it says so in the notes.

Expected values come from the published opening dates (scout_curated/ne_expressways_facts.csv:
G1221 大蒲柴河—烟筒山 2023 = 桦甸 220282 → 磐石 220284; 烟筒山—双阳西 2024-09-30 = 磐石 220284 →
双阳 220112) and from the scenario file's own opening year (长四辽通 links open in 2030).
"""

from __future__ import annotations

import pytest

import metroscope
from metroscope.network import TravelOptions
from metroscope.network.tables import travel_time_table
from metroscope.scenario import apply

G1221_2023 = "expressway:G1221:220282-220284 (2023)"
G1221_2024 = "expressway:G1221:220284-220112 (2024)"


@pytest.fixture(scope="module")
def region() -> metroscope.Region:
    return metroscope.load("changchun")


def _later(region: metroscope.Region, year: int | None, mode: str = "fastest") -> list[str]:
    t = travel_time_table(region, origins=["220102"], destinations=["220112"],
                          options=TravelOptions(mode=mode, network_year=year))
    return [n for n in t.attrs["metroscope"]["notes"] or [] if "leaves out" in n]


def test_a_year_before_an_opening_names_the_links_it_leaves_out(region: metroscope.Region
                                                                  ) -> None:
    (n2020,) = _later(region, 2020)
    assert n2020.startswith("network year 2020 leaves out ")
    assert G1221_2023 in n2020 and G1221_2024 in n2020
    assert n2020.get("zh").startswith("网络年份2020不含")
    (n2023,) = _later(region, 2023)
    assert G1221_2024 in n2023 and G1221_2023 not in n2023
    # from 2025 on (and without a year) every operating link is in: no note
    assert _later(region, 2025) == [] and _later(region, None) == []
    # rail routing reaches stations by road, so it names them too
    (rail,) = _later(region, 2020, mode="rail")
    assert G1221_2024 in rail


def test_a_scenario_under_an_earlier_network_year_is_not_silent(region: metroscope.Region
                                                                 ) -> None:
    s = apply("network-2030", region)
    (note,) = _later(s, 2020)
    assert "changsiliaotong:01 (2030)" in note
    # road routing does not use the new railway: its opening is not the road network's concern
    (road,) = _later(s, 2020, mode="road")
    assert "changsiliaotong" not in road and G1221_2024 in road
    assert _later(s, 2030) == []


def test_isochrones_and_circles_name_what_the_year_leaves_out(region: metroscope.Region
                                                             ) -> None:
    """Found in a trial: the note reached travel-time tables only; an isochrone or a circle
    under ``network_year=2020`` (the scenario's example of the changelog) dropped the 2030
    links without a word, because they route through ``travel_times_from``."""
    from metroscope.network import commuting_circle, isochrone

    s = apply("network-2030", region)
    opts = TravelOptions(mode="fastest", network_year=2020)
    for result in (isochrone(s, origin="220102", minutes=60, options=opts),
                   commuting_circle(s, options=opts)):
        notes = [n for n in result.attrs["metroscope"]["notes"] or [] if "leaves out" in n]
        assert len(notes) == 1, result.attrs["metroscope"]["notes"]
        assert "changsiliaotong:01 (2030)" in notes[0] and G1221_2024 in notes[0]
        assert notes[0].get("zh").startswith("网络年份2020不含")
    later = TravelOptions(mode="fastest", network_year=2030)
    assert not [n for n in commuting_circle(s, options=later).attrs["metroscope"]["notes"]
                or [] if "leaves out" in n]
