"""Radiation with co-located units merged into one place (``colocated="merge"``).

The reference is built independently, in plain pandas: the co-located rows replaced by one row
with their summed population (and trips), run with ``colocated="keep"`` (nothing to merge
there); the member flows must then be that place's flows split by population on the
destination side (``T_ab = T_a p_IJ n_b / n_J``), so summed over a place's members they give
the single place's flows, under either tie rule.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import metroscope
from metroscope.flows import core_share, locations_from_region, radiation, region_flows
from metroscope.flows._colocated import colocated_groups
from metroscope.flows._table import FlowModelError, radians
from metroscope.messages import Message

CORE_2020 = 5_019_477  # the 9 core units of 长春, 2020 census (tests/test_flows_applied.py)


def scattered(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"lon": rng.uniform(124.0, 127.0, n), "lat": rng.uniform(43.0, 45.0, n),
                         "population": rng.integers(1, 5000, n).astype(float)},
                        index=[f"u{i:03d}" for i in range(n)])


def with_places(n: int, seed: int) -> tuple[pd.DataFrame, dict[str, str]]:
    """``n`` scattered units, then units put on the points of others: three at u005 (one of
    them with no population), two at u017, one at u040; and a lattice-like exact tie (u050 at
    the same distance from u005 as u017 is not constructed: the random points rarely tie).
    Returns the table (rows shuffled, so a place's rows are not adjacent) and
    ``{unit: place}`` (the place named by its first unit in the shuffled order)."""
    loc = scattered(n, seed)
    extra = {"z1": ("u005", 800.0), "z2": ("u005", 1200.0), "z3": ("u005", 0.0),
             "z4": ("u017", 300.0), "z5": ("u017", 4000.0), "z6": ("u040", 10.0)}
    rows = pd.DataFrame({"lon": [loc.at[a, "lon"] for a, _ in extra.values()],
                         "lat": [loc.at[a, "lat"] for a, _ in extra.values()],
                         "population": [p for _, p in extra.values()]}, index=list(extra))
    loc = pd.concat([loc, rows])
    loc = loc.iloc[np.random.default_rng(seed + 1).permutation(len(loc))]
    point = {c: extra[c][0] if c in extra else c for c in loc.index}
    first: dict[str, str] = {}
    for c in loc.index:
        first.setdefault(point[c], c)
    return loc, {c: first[point[c]] for c in loc.index}


def one_per_place(loc: pd.DataFrame, place: dict[str, str]) -> pd.DataFrame:
    """The independent construction: one row per place, summed population, first point."""
    out: dict[str, list[float]] = {}
    for c in loc.index:
        p = place[c]
        if p not in out:
            out[p] = [float(loc.at[c, "lon"]), float(loc.at[c, "lat"]), 0.0]
        out[p][2] += float(loc.at[c, "population"])
    return pd.DataFrame.from_dict(out, orient="index", columns=["lon", "lat", "population"])


@pytest.mark.parametrize("tie_rule", ["inclusive", "ordered"])
@pytest.mark.parametrize("kw", [{}, {"normalisation": "none"}, {"normalisation": "finite"},
                                {"model": "extended", "alpha": 0.7}, {"k_nearest": 15}])
def test_merged_equals_one_location_per_place(tie_rule: str, kw: dict[str, Any]) -> None:
    loc, place = with_places(80, 1)
    got = radiation(loc, tie_rule=tie_rule, **kw)  # type: ignore[arg-type]
    ref = radiation(one_per_place(loc, place), tie_rule=tie_rule, colocated="keep",
                    **kw)  # type: ignore[arg-type]
    t = got.reset_index()
    t["o_place"], t["d_place"] = t["origin"].map(place), t["destination"].map(place)
    # no pair within a place; every pair between places is there (all pairs or the kept ones)
    assert not (t["o_place"] == t["d_place"]).any()
    kept = set(zip(ref.index.get_level_values(0), ref.index.get_level_values(1), strict=True))
    assert set(zip(t["o_place"], t["d_place"], strict=True)) == kept
    size = pd.Series(place).value_counts()
    assert len(t) == sum(size[o] * size[d] for o, d in kept)
    # summed over the members of a place: the single place's flows (T_i = population)
    summed = t.groupby(["o_place", "d_place"])["flow"].sum()
    r = ref["flow"]
    np.testing.assert_allclose(summed.reindex(r.index).to_numpy(), r.to_numpy(), rtol=1e-12,
                               atol=1e-9)
    # member by member: p_ab = p_IJ n_b / n_J, T_ab = T_a p_ab
    pop = loc["population"]
    n_place = pop.groupby(pd.Series(place)).sum()
    p_ref = ref["probability"].reindex(pd.MultiIndex.from_arrays([t["o_place"], t["d_place"]]))
    share = pop.reindex(t["destination"]).to_numpy() / n_place.reindex(t["d_place"]).to_numpy()
    expected = p_ref.to_numpy() * share
    np.testing.assert_allclose(t["probability"].to_numpy(), expected, rtol=1e-12, atol=0)
    np.testing.assert_allclose(t["flow"].to_numpy(),
                               pop.reindex(t["origin"]).to_numpy() * expected, rtol=1e-12,
                               atol=0)
    # rows in row order of the origin
    pos = pd.Series(np.arange(len(loc)), index=loc.index)
    assert (np.diff(pos.reindex(t["origin"]).to_numpy()) >= 0).all()


def test_totals_are_conserved() -> None:
    """Row normalisation: every unit sends exactly its T_a; the zero-population unit of a
    place receives nothing and sends nothing; no NaN anywhere."""
    loc, _ = with_places(60, 2)
    loc["outflow"] = loc["population"] * 0.4 + 7.0
    f = radiation(loc)
    assert np.isfinite(f.to_numpy()).all()
    sent = f["flow"].groupby(level="origin").sum()
    np.testing.assert_allclose(sent.reindex(loc.index).to_numpy(), loc["outflow"].to_numpy(),
                               rtol=1e-12)
    np.testing.assert_allclose(f["probability"].groupby(level="origin").sum().to_numpy(), 1.0,
                               rtol=1e-12)
    assert (f.xs("z3", level="destination")["flow"] == 0).all()
    assert f["flow"].sum() == pytest.approx(loc["outflow"].sum(), rel=1e-12)


def test_without_colocated_points_nothing_changes() -> None:
    """All points distinct: the same table, bit for bit, as ``keep``, with no note."""
    loc = scattered(200, 3)
    assert colocated_groups(radians(loc)["xyz"]) is None
    a = radiation(loc)
    b = radiation(loc, colocated="keep")
    pd.testing.assert_frame_equal(a, b)
    assert not a.attrs["metroscope"].get("notes")
    assert a.attrs["metroscope"]["parameters"]["colocated"] == "merge"


def test_groups_are_found_exactly() -> None:
    """Places by equal unit vectors, labelled in order of first appearance; a point 1e-12°
    away is another place; longitude -0.0 and 0.0 are one point, 180 and -180 are not (their
    unit vectors differ in the last bit, so the model's ranking key does not tie them)."""
    loc = pd.DataFrame({"lon": [10.0, 20.0, 10.0, 10.0 + 1e-12, 0.0, -0.0, 20.0, 180.0, -180.0],
                        "lat": [5.0, 5.0, 5.0, 5.0, 1.0, 1.0, 5.0, 2.0, 2.0],
                        "population": 1.0}, index=list("abcdefghi"))
    g = colocated_groups(radians(loc)["xyz"])
    assert g is not None
    assert g.label.tolist() == [0, 1, 0, 2, 3, 3, 1, 4, 5]
    assert g.first.tolist() == [0, 1, 3, 4, 7, 8] and g.size.tolist() == [2, 2, 1, 2, 1, 1]


def test_note_and_write_to(tmp_path: Path) -> None:
    loc, _ = with_places(60, 4)
    path = tmp_path / "f.parquet"
    f = radiation(loc, write_to=path)
    note = next(n for n in f.attrs["metroscope"]["notes"] if n.key == "flow_merged_colocated")
    assert note.params["n"] == 3 and note.params["rows"] == 9
    assert "u005 + " in str(note) or " + u005" in str(note)
    assert isinstance(note, Message) and "同一地点" in note.zh
    back = pd.read_parquet(path)
    np.testing.assert_array_equal(back["flow"].to_numpy(), f["flow"].to_numpy())
    assert back["origin"].astype(str).tolist() == f.index.get_level_values(0).tolist()
    with pytest.raises(FlowModelError):
        radiation(loc, colocated="join")  # type: ignore[arg-type]


def test_keep_counts_colocated_rows_as_ties() -> None:
    """``keep``: two rows at one point send each other m_b/(m_a+m_b) of the raw probability
    (Simini's formula with r = 0 and s = 0), which ``merge`` does not."""
    loc = pd.DataFrame({"lon": [0.0, 0.0, 1.0], "lat": [0.0, 0.0, 0.0],
                        "population": [300.0, 100.0, 50.0]}, index=["a", "b", "c"])
    kept = radiation(loc, colocated="keep", normalisation="none")
    assert kept.loc[("a", "b"), "probability"] == pytest.approx(100 / 400)
    merged = radiation(loc, normalisation="none")
    assert ("a", "b") not in merged.index
    # the place of 400 persons: p = 400*50 / (400*450); a's share of it goes to c
    assert merged.loc[("a", "c"), "probability"] == pytest.approx(50 / 450)
    assert merged.loc[("c", "a"), "probability"] == pytest.approx(50 * 400 / (50 * 450) * 0.75)


@pytest.fixture(scope="module")
def changchun() -> Any:
    return metroscope.load("changchun")


def test_changchun_core_counts_all_its_residents(changchun: Any) -> None:
    """With the zones at 朝阳's seat and merged, the core is 5,019,477 persons at radiation
    too, and its share of 公主岭's (220184) outflow rises above the value without the zones
    (26.0 %, 3,402,765 persons in the core); without merging it fell (22.4 %)."""
    with_zones = region_flows(changchun)
    codes = set(with_zones.index.get_level_values("origin"))
    loc = locations_from_region(changchun)
    assert loc.loc[loc["role"] == "core", "population"].sum() == CORE_2020
    assert {"220171", "220172", "220173", "220174"} <= codes
    keys = [n.key for n in with_zones.attrs["metroscope"]["notes"]]
    assert "flow_placed_at_anchor" in keys and "flow_merged_colocated" in keys
    without = radiation(locations_from_region(changchun, anchors=False))
    split = radiation(loc, colocated="keep")
    out = {name: core_share(f, changchun).at["220184", "outbound_to_core_share"]
           for name, f in (("with", with_zones), ("without", without), ("split", split))}
    assert round(out["without"], 3) == 0.260 and round(out["split"], 3) == 0.224
    assert out["with"] > out["without"]
    # the independent construction: the 5 units at 朝阳's point as one location
    place = {c: "220104" if c in {"220171", "220172", "220173", "220174"} else c
             for c in loc.index}
    place |= {"220871": "220802"}  # 白城's zone at 洮北区's seat, the other place of two
    one = one_per_place(loc, place)
    ref = radiation(one, colocated="keep")
    core = {"220102", "220103", "220104", "220105", "220106"}
    row = ref.xs("220184", level="origin")["flow"]
    expected = row[row.index.isin(core)].sum() / row.sum()
    assert out["with"] == pytest.approx(expected, rel=1e-12)
    for rule in ("inclusive", "ordered"):  # the tie rules agree on the merged place
        f = region_flows(changchun, tie_rule=rule)  # type: ignore[arg-type]
        assert core_share(f, changchun).at["220184", "outbound_to_core_share"] == \
            pytest.approx(expected, rel=1e-12)


def test_merge_check_costs_nothing_without_colocated_points() -> None:
    """N = 3,000 distinct points (the benchmark's input): finding that there is nothing to
    merge takes well under 1 % of the model's CPU time (one lexicographic sort of the unit
    vectors; about 1 ms against 0.6 s), and the model's table is the same as without the
    check. 2 % leaves room for a busy machine."""
    rng = np.random.default_rng(2026)
    n = 3000
    loc = pd.DataFrame({"lon": rng.uniform(120.0, 130.0, n), "lat": rng.uniform(40.0, 48.0, n),
                        "population": np.round(rng.lognormal(10.0, 1.0, n))})
    xyz = radians(loc)["xyz"]
    t0 = time.process_time()
    for _ in range(10):
        assert colocated_groups(xyz) is None
    check = (time.process_time() - t0) / 10
    t0 = time.process_time()
    kept = radiation(loc, colocated="keep")
    model = time.process_time() - t0
    assert check < 0.02 * model
    merged = radiation(loc)
    np.testing.assert_array_equal(merged["flow"].to_numpy(), kept["flow"].to_numpy())


def test_cli_radiation_counts_the_zones(tmp_path: Path) -> None:
    """``metroscope flows radiation --region changchun --core-share``: the zones are in and
    merged (公主岭 as region_flows gives it); ``--colocated keep`` splits them as before."""
    from typer.testing import CliRunner

    from metroscope.cli.flows import app

    runner = CliRunner()
    shares = {}
    for how in ("merge", "keep"):
        out = tmp_path / f"share-{how}.csv"
        res = runner.invoke(app, ["radiation", "--region", "changchun", "--core-share",
                                  "--colocated", how, "--out", str(out)])
        assert res.exit_code == 0, res.output
        err = " ".join(res.stderr.split())  # the notes are wrapped to the terminal
        merged_note = "220104 + 220171 + 220172 + 220173 + 220174" in err
        assert merged_note == (how == "merge") and "220171 → 220104" in err
        table = pd.read_csv(out, dtype={"code": str}).set_index("code")
        shares[how] = table.at["220184", "outbound_to_core_share"]
    assert round(shares["merge"], 3) == 0.306 and round(shares["keep"], 3) == 0.224
    res = runner.invoke(app, ["radiation", "--region", "changchun", "--colocated", "join"])
    assert res.exit_code != 0


def test_industry_page_and_api_count_the_zones(tmp_path: Path) -> None:
    """The dashboard's industry page and ``/api/v1/flows/radiation`` share one cached table:
    the zones in, merged with 朝阳 (公主岭's outbound core share 0.306, not 0.260 without
    the zones); ``colocated=keep`` in the API gives the split value 0.224."""
    import re

    from _web import client

    with client(tmp_path) as web:
        html = web.get("/industry?lang=en").text
        table = re.search(r'<table id="core-share-table".*?</table>', html, re.S)
        assert table is not None
        row = next(r for r in re.findall(r"<tr>(.*?)</tr>", table.group(0), re.S)
                   if "Gongzhuling" in r)
        assert "30.6%" in row and "26.0%" not in row  # a share reads as a percentage
        assert "862,313<" in row  # the outbound total, to the whole person
        for how, want in (("merge", 0.306), ("keep", 0.224)):
            rows = web.get(f"/api/v1/flows/radiation?core_share=true&colocated={how}").json()
            got = next(r for r in rows if str(r["code"]) == "220184")
            assert round(got["outbound_to_core_share"], 3) == want
        flows = web.get("/api/v1/flows/radiation?limit=5000").json()
        assert len(flows) == 65 * 64 - 22
