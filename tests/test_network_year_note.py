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

# G1221 is 延长高速公路 (Yanji–Changchun Expressway): its 2023 and 2024 sections
G1221_2023_2024 = "Yanji–Changchun Expressway (2023–2024)"
G1221_2024 = "Yanji–Changchun Expressway (2024)"


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
    assert G1221_2023_2024 in n2020
    assert n2020.get("zh").startswith("网络年份2020不含")
    assert "延长高速公路(2023–2024)" in n2020.get("zh")
    (n2023,) = _later(region, 2023)
    assert G1221_2024 in n2023 and G1221_2023_2024 not in n2023
    # from 2025 on (and without a year) every operating link is in: no note
    assert _later(region, 2025) == [] and _later(region, None) == []
    # rail routing reaches stations by road, so it names them too
    (rail,) = _later(region, 2020, mode="rail")
    assert G1221_2023_2024 in rail


def test_a_scenario_under_an_earlier_network_year_is_not_silent(region: metroscope.Region
                                                                 ) -> None:
    s = apply("network-2030", region)
    (note,) = _later(s, 2020)
    assert "Changchun–Siping–Liaoyuan–Tonghua high-speed railway (planned) (2030)" in note
    assert "长四辽通高铁(2030)" in note.get("zh")
    # road routing does not use the new railway: its opening is not the road network's concern
    (road,) = _later(s, 2020, mode="road")
    assert "Siping" not in road and G1221_2023_2024 in road
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
        assert "长四辽通高铁(2030)" in notes[0].get("zh") and G1221_2023_2024 in notes[0]
        assert notes[0].get("zh").startswith("网络年份2020不含")
    later = TravelOptions(mode="fastest", network_year=2030)
    assert not [n for n in commuting_circle(s, options=later).attrs["metroscope"]["notes"]
                or [] if "leaves out" in n]


def test_the_note_names_lines_not_link_ids(region: metroscope.Region) -> None:
    """Found in a trial: the note listed link ids ("expressway:G9902:220112-220323 (2024)"),
    which a planner cannot read. Under 2023 the road network leaves out the four 2024
    sections of three expressways (published opening dates, see the module doc): 延长
    烟筒山—双阳西 (磐石–双阳), 长太 (one section: 长春(绿园区)–长岭; 宽城区 is a district of the
    same city, reached by the intra-city leg, not a section of its own) and the two 2024
    sections of the metropolitan ring (农安–九台, 双阳–伊通). Each line once, in Chinese on the
    Chinese note and in English on the English one, with the count of links; a link without a
    line keeps its id."""
    from metroscope.network.selection import selection
    from metroscope.network.traveltime import later_links_note

    (note,) = later_links_note(region, selection("road", ["operating"], 2023))
    assert "4 operating link(s)" in note and "expressway:" not in note
    for en in ("Yanji–Changchun Expressway (2024)", "Changchun–Taipingchuan Expressway (2024)",
               "Changchun Metropolitan Area Ring Expressway (2024)"):
        assert note.count(en) == 1, note
    zh = note.get("zh")
    assert "4个" in zh and "expressway" not in zh and "Expressway" not in zh
    assert zh.count("长太高速公路(2024)") == 1 and "长春都市圈环线高速公路(2024)" in zh
    # a link without a line (nor an English name) is named by its id
    links = region.links.copy()
    ring = "expressway:G9902:220112-220323"
    links.loc[links["link_id"] == ring, ["line", "line_en"]] = None
    bare = region.with_tables(links=links)
    (note,) = later_links_note(bare, selection("road", ["operating"], 2023))
    assert f"{ring} (2024)" in note
    assert "Changchun Metropolitan Area Ring Expressway (2024)" in note  # its other section
