"""σ- and β-convergence checked cell by cell against formulas written here in plain Python
(population sd, Williamson's CV, the double-sum Gini, Theil T, OLS by its normal equations),
with every note, refusal and provenance field matched in full."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from metroscope import InsufficientDataError, MissingDataError, ParameterError
from metroscope._errors import error_text
from metroscope.indicators.convergence import REFERENCE, beta_convergence, sigma_convergence
from metroscope.region import Region

Table = dict[int, dict[str, float]]


def panel(y: Table, p: Table | None = None, *, measure: str = "gdp",
          breaks: dict[tuple[str, int, str], str] | None = None,
          parents: dict[str, str] | None = None, extra_units: tuple[str, ...] = (),
          levels: dict[str, str] | None = None, by_code: bool = False) -> Region:
    """Prefectures with ``measure`` (``y``: year -> code -> value) and ``population`` (``p``).

    ``breaks`` flags (code, year, indicator) rows as series breaks with a note. Every row's
    source names its indicator and year, so the sources of a result show which rows it read.
    ``parents`` puts units under provinces (code -> province code), ``levels`` gives units
    another level than prefecture, and ``by_code`` names the code in each source too.
    """
    codes: list[str] = []
    for table in (y, p or {}):
        for vals in table.values():
            codes += [c for c in vals if c not in codes]
    codes += [c for c in extra_units if c not in codes]
    parents, levels = parents or {}, levels or {}
    units = [{"code": c, "name_zh": c + "市", "name_en": c.upper(),
              "level": levels.get(c, "prefecture"), "parent": parents.get(c, pd.NA),
              "role": "member"} for c in codes]
    units += [{"code": k, "name_zh": k + "省", "name_en": k, "level": "province",
               "parent": pd.NA, "role": "context"}
              for k in sorted(set(parents.values()) - set(codes))]
    breaks = breaks or {}
    rows = []
    for ind, table in ((measure, y), ("population", p or {})):
        for year, vals in table.items():
            for c, v in vals.items():
                note = breaks.get((c, year, ind))
                rows.append({"code": c, "year": year, "indicator": ind, "value": float(v),
                             "unit": "x", "quality": "A",
                             "source": f"{ind} {year}" + (f" {c}" if by_code else ""),
                             "break": note is not None, "note": note or ""})
    return Region(name="hand", units=pd.DataFrame(units), stats=pd.DataFrame(rows))


# ------------------------------------------------------------------ formulas, by hand
def mean(xs: list[float]) -> float:
    return sum(xs) / len(xs)


def sd(xs: list[float]) -> float:
    m = mean(xs)
    return math.sqrt(sum((x - m) ** 2 for x in xs) / len(xs))


def williamson(ys: list[float], ps: list[float]) -> float:
    w = [q / sum(ps) for q in ps]
    ybar = sum(a * b for a, b in zip(w, ys, strict=True))
    return math.sqrt(sum(a * (b - ybar) ** 2 for a, b in zip(w, ys, strict=True))) / ybar


def gini(ys: list[float], ps: list[float]) -> float:
    w = [q / sum(ps) for q in ps]
    ybar = sum(a * b for a, b in zip(w, ys, strict=True))
    return sum(wi * wj * abs(yi - yj) for wi, yi in zip(w, ys, strict=True)
               for wj, yj in zip(w, ys, strict=True)) / (2 * ybar)


def theil_t(big_y: list[float], ps: list[float]) -> float:
    return sum((a / sum(big_y)) * math.log((a / sum(big_y)) / (b / sum(ps)))
               for a, b in zip(big_y, ps, strict=True))


def ols(x: list[float], g: list[float]) -> dict[str, float]:
    """Slope, intercept, its standard error and R² of g on x by the normal equations."""
    n, xm, gm = len(x), mean(x), mean(g)
    sxx = sum((a - xm) ** 2 for a in x)
    beta = sum((a - xm) * (b - gm) for a, b in zip(x, g, strict=True)) / sxx
    alpha = gm - beta * xm
    sse = sum((b - alpha - beta * a) ** 2 for a, b in zip(x, g, strict=True))
    sst = sum((b - gm) ** 2 for b in g)
    return {"alpha": alpha, "beta": beta, "beta_se": math.sqrt(sse / (n - 2) / sxx),
            "r2": 1 - sse / sst}


def notes(df: pd.DataFrame) -> list[str]:
    return [str(n) for n in df.attrs["metroscope"]["notes"]]


# ------------------------------------------------------------------ σ-convergence
Y_SIGMA: Table = {2010: {"a": 400, "b": 100, "c": 50, "d": 30, "e": 20},
                  2015: {"a": 500},  # 1 of 5 units: a thin year
                  2020: {"a": 800, "b": 150, "c": 60, "e": 0}}  # 4 of 5 = 80 %: kept
P_SIGMA: Table = {2010: {"a": 4e6, "b": 2e6, "c": 2e6, "d": 1e6, "e": 1e6},
                  2015: {"a": 4e6, "b": 2e6, "c": 2e6, "d": 1e6, "e": 1e6},
                  2020: {"a": 5e6, "b": 2e6, "c": 2e6, "d": 1e6, "e": 1e6}}


def test_sigma_every_column_notes_and_provenance_by_hand() -> None:
    # b's population breaks in 2015 (a thin year, left out): 2020 still follows a break;
    # e's 2010 break does not count, because e is left out (zero GDP in 2020)
    r = panel(Y_SIGMA, P_SIGMA, breaks={("b", 2015, "population"): "census revision",
                                        ("e", 2010, "gdp"): "revision"})
    s = sigma_convergence(r)
    rows = []
    for year in (2010, 2020):
        big_y = [float(Y_SIGMA[year][c]) for c in "abc"]
        ps = [P_SIGMA[year][c] for c in "abc"]
        ys = [1e8 * a / b for a, b in zip(big_y, ps, strict=True)]
        rows.append({"year": year, "n": 3, "mean": mean(ys),
                     "sd_log": sd([math.log(v) for v in ys]), "cv": sd(ys) / mean(ys),
                     "cv_weighted": williamson(ys, ps), "gini": gini(ys, ps),
                     "theil_t": theil_t(big_y, ps), "series_break": year == 2020})
    want = pd.DataFrame(rows).set_index("year")
    pd.testing.assert_frame_equal(s, want, rtol=1e-12)
    first, last = want.at[2010, "sd_log"], want.at[2020, "sd_log"]
    assert first == pytest.approx(math.log(2) * math.sqrt(2 / 3))  # 10000, 5000, 2500 yuan
    assert last > first
    assert notes(s) == [
        "years left out (fewer than 80% of the units have a value): 2015",
        "left out (not present in every year): d, e",
        f"sd_log {first:.4f} (2010) -> {last:.4f} (2020): not falling — across a series "
        "break, so the levels are not strictly comparable",
        "GDP at current prices: levels are nominal",
    ]
    meta = s.attrs["metroscope"]
    assert meta["indicator"] == "sigma_convergence"
    assert meta["region"] == "hand" and meta["level"] == "prefecture"
    assert meta["measure"] == "gdp" and meta["year"] == [2010, 2020]
    assert meta["parameters"] == {"weight": "population", "balanced": True, "min_coverage": 0.8,
                                  "unit_of_y": "yuan per person",
                                  "price_basis": "GDP at current prices, 亿元"}
    assert meta["sources"] == ["gdp 2010", "gdp 2020", "population 2010", "population 2020"]
    assert meta["reference"] == REFERENCE
    assert meta["verdict"]["verdict"] == "weak" and meta["verdict"]["n"] == 3


def test_sigma_unbalanced_keeps_every_positive_value_of_each_year() -> None:
    s = sigma_convergence(panel(Y_SIGMA, P_SIGMA), balanced=False)
    assert s["n"].tolist() == [5, 3]  # 2020: d has no value, e is zero
    y10 = [1e8 * Y_SIGMA[2010][c] / P_SIGMA[2010][c] for c in "abcde"]
    assert s.at[2010, "sd_log"] == pytest.approx(sd([math.log(v) for v in y10]), rel=1e-12)
    assert s.at[2010, "gini"] == pytest.approx(gini(y10, [P_SIGMA[2010][c] for c in "abcde"]),
                                               rel=1e-12)
    assert not any("not present in every year" in n for n in notes(s))
    assert s.attrs["metroscope"]["parameters"]["balanced"] is False


def test_sigma_min_coverage_is_strict_and_all_thin_years_are_kept() -> None:
    # coverage in 2020 is exactly 80 %: kept at 0.8, left out just above it
    s = sigma_convergence(panel(Y_SIGMA, P_SIGMA), min_coverage=0.81)
    assert list(s.index) == [2010]
    assert notes(s)[0] == "years left out (fewer than 81% of the units have a value): 2015, 2020"
    assert s.attrs["metroscope"]["parameters"]["min_coverage"] == 0.81
    # every year thin: nothing is left out for coverage
    y = {2010: {"a": 1.0, "b": 2.0, "c": 4.0}, 2020: {"a": 2.0, "b": 3.0, "c": 5.0}}
    every = sigma_convergence(panel(y, measure="x"), measure="x", weight=None,
                             min_coverage=1.5)
    assert list(every.index) == [2010, 2020]
    assert not any("years left out" in n for n in notes(every))


def test_sigma_without_weight_is_the_plain_dispersion() -> None:
    y = {2010: {"a": 1.0, "b": 2.0, "c": 4.0, "d": 8.0},
         2020: {"a": 2.0, "b": 3.0, "c": 5.0, "d": 6.0}}
    for weight in (None, "none", "", "equal"):
        s = sigma_convergence(panel(y, measure="x"), measure="x", weight=weight)
        xs = [y[2020][c] for c in "abcd"]
        assert s.at[2020, "mean"] == pytest.approx(4.0)
        assert s.at[2020, "cv"] == pytest.approx(sd(xs) / 4.0, rel=1e-12)
        assert math.isnan(s.at[2020, "cv_weighted"])
        assert s.at[2020, "gini"] == pytest.approx(gini(xs, [1.0] * 4), rel=1e-12)
        assert s.at[2020, "theil_t"] == pytest.approx(theil_t(xs, [1.0] * 4), rel=1e-12)
        meta = s.attrs["metroscope"]
        assert meta["parameters"] == {"weight": "none", "balanced": True, "min_coverage": 0.8,
                                      "unit_of_y": "x"}
        assert notes(s) == [f"sd_log {s.at[2010, 'sd_log']:.4f} (2010) -> "
                            f"{s.at[2020, 'sd_log']:.4f} (2020): falling (σ-convergence)"]
        assert meta["sources"] == ["x 2010", "x 2020"]


def test_sigma_years_codes_and_parent_select_the_panel() -> None:
    y = {2010: {"a": 1.0, "b": 2.0, "c": 4.0, "d": 8.0},
         2015: {"a": 1.0, "b": 3.0, "c": 4.0, "d": 8.0},
         2020: {"a": 2.0, "b": 3.0, "c": 5.0, "d": 6.0}}
    r = panel(y, measure="x", parents={"a": "P1", "b": "P1", "c": "P2", "d": "P2"})
    s = sigma_convergence(r, measure="x", weight=None, years=["2020", 2010, 2010, 2030])  # type: ignore[list-item]
    # sorted and distinct (a later year first once reversed the trend); no values: ignored
    assert list(s.index) == [2010, 2020]
    assert notes(s)[-1].endswith("(2020): falling (σ-convergence)")
    assert s.attrs["metroscope"]["sources"] == ["x 2010", "x 2020"]
    picked = sigma_convergence(r, measure="x", weight=None, codes=["c", "d"])
    assert picked["n"].tolist() == [2, 2, 2]
    assert picked.at[2010, "sd_log"] == pytest.approx(math.log(2) / 2)
    # 4, 8 -> 4, 8 -> 5, 6: the trend note reads the first and the last of three years
    assert notes(picked) == [f"sd_log {math.log(2) / 2:.4f} (2010) -> "
                             f"{math.log(6 / 5) / 2:.4f} (2020): falling (σ-convergence)"]
    by_code = panel(y, measure="x", by_code=True)
    assert sigma_convergence(by_code, measure="x", weight=None, codes=["c", "d"],
                             years=[2010, 2020]).attrs["metroscope"]["sources"] == [
        "x 2010 c", "x 2010 d", "x 2020 c", "x 2020 d"]
    under = sigma_convergence(r, measure="x", weight=None, parent="P1")  # a and b
    assert under.at[2010, "sd_log"] == pytest.approx(math.log(2) / 2)
    with pytest.raises(MissingDataError, match=r"^No year has 'x' for the units of region "
                                               r"'hand'\.$"):
        sigma_convergence(r, measure="x", weight=None, years=[2030])


def test_sigma_refusals_in_full() -> None:
    y = {2010: {"a": 1.0, "b": 2.0}, 2020: {"a": 2.0, "b": 3.0}}
    r = panel(y, {2010: {"a": 1.0, "b": 1.0}}, measure="x")
    with pytest.raises(ParameterError) as err:
        sigma_convergence(r, measure="x", weight="x")
    assert str(err.value) == ("measure 'x' per 'x' is 1 in every unit; to follow 'x' itself "
                              "give weight='none' (--weight none, or --set weight=none).")
    with pytest.raises(MissingDataError, match=r"^No year has 'x' and 'population' for the "
                                               r"units of region 'hand'\.$"):
        sigma_convergence(r, measure="x", years=[2020])
    one = panel({2010: {"a": 1.0, "b": 0.0}, 2020: {"a": 2.0}}, measure="x")
    with pytest.raises(MissingDataError) as missing:
        sigma_convergence(one, measure="x", weight=None, balanced=False)
    assert str(missing.value) == ("Fewer than 2 units with values in every year: no dispersion "
                              "to measure.")


def test_sigma_unbalanced_skips_a_year_with_one_unit_and_goes_on() -> None:
    y = {2010: {"a": 1.0, "b": 2.0, "c": 4.0}, 2015: {"a": 3.0},
         2020: {"a": 2.0, "b": 3.0, "c": 5.0}}
    s = sigma_convergence(panel(y, measure="x"), measure="x", weight=None, balanced=False,
                          min_coverage=0.0)
    assert list(s.index) == [2010, 2020] and s["n"].tolist() == [3, 3]


def test_sigma_break_in_the_first_year_is_flagged_but_not_a_break_in_the_trend() -> None:
    y = {2010: {"a": 1.0, "b": 2.0, "c": 4.0}, 2020: {"a": 1.0, "b": 2.0, "c": 4.0}}
    s = sigma_convergence(panel(y, measure="x", breaks={("a", 2010, "x"): "rebased"}),
                          measure="x", weight=None)
    assert s["series_break"].tolist() == [True, False]
    # equal σ in both years: not falling, and the 2010 break is not between them
    assert notes(s)[-1].endswith(": not falling")
    late = sigma_convergence(panel(y, measure="x", breaks={("c", 2020, "x"): "rebased"}),
                             measure="x", weight=None)
    assert late["series_break"].tolist() == [False, True]
    assert "across a series break" in notes(late)[-1]


# ------------------------------------------------------------------ β-convergence
Y_BETA: Table = {2010: {"a": 400, "b": 100, "c": 50, "d": 30, "e": 20, "f": 10},
                 2020: {"a": 700, "b": 200, "c": 120, "d": 66, "f": 25}}
P_BETA: Table = {2010: {"a": 4e6, "b": 2e6, "c": 2e6, "d": 1e6, "e": 1e6, "f": 1e6},
                 2020: {"a": 5e6, "b": 2e6, "c": 2e6, "d": 1e6, "e": 1e6, "f": 1e6}}


def level(y: Table, p: Table | None, year: int, codes: str, scale: float = 1e8) -> list[float]:
    return [scale * y[year][c] / (p[year][c] if p else 1.0) for c in codes]


def test_beta_every_column_notes_and_provenance_by_hand() -> None:
    from scipy import stats

    # f's 2020 GDP is revised (a series break): left out; e has no 2020 value: left out
    r = panel(Y_BETA, P_BETA, breaks={("f", 2020, "gdp"): "economic census revision"})
    b = beta_convergence(r)
    y0, y1 = level(Y_BETA, P_BETA, 2010, "abcd"), level(Y_BETA, P_BETA, 2020, "abcd")
    assert y0 == pytest.approx([10000, 5000, 2500, 3000])
    x = [math.log(v) for v in y0]
    g = [math.log(b1 / a1) / 10 for a1, b1 in zip(y0, y1, strict=True)]
    fit = ols(x, g)
    t = fit["beta"] / fit["beta_se"]
    p = 2 * stats.t.sf(abs(t), 2)
    lam = -math.log(1 + 10 * fit["beta"]) / 10
    assert -0.1 < fit["beta"] < 0 and p < 0.05  # significant, but n = 4 < 10: weak
    want = pd.DataFrame([{
        "start": 2010, "end": 2020, "n": 4, "alpha": fit["alpha"], "beta": fit["beta"],
        "beta_se": fit["beta_se"], "beta_t": t, "beta_p": p, "r2": fit["r2"],
        "converging": True, "speed_pct": 100 * lam, "half_life_years": math.log(2) / lam,
        "verdict": "weak", "verdict_reason": b.at["gdp", "verdict_reason"]}],
        index=pd.Index(["gdp"], name="measure"))
    pd.testing.assert_frame_equal(b, want, rtol=1e-10)
    assert b.at["gdp", "verdict_reason"].startswith("n = 4 < 10 (units in the regression")
    assert notes(b) == [
        "left out for a series break between 2010 and 2020: f",
        "left out for lack of values in 2010 or 2020: e",
        "GDP at current prices: growth is nominal",
    ]
    meta = b.attrs["metroscope"]
    assert meta["indicator"] == "beta_convergence" and meta["year"] == [2010, 2020]
    assert meta["level"] == "prefecture" and meta["measure"] == "gdp"
    assert meta["parameters"] == {"weight": "population", "unit_of_y": "yuan per person",
                                  "price_basis": "GDP at current prices, 亿元"}
    assert meta["sources"] == ["gdp 2010", "gdp 2020", "population 2010", "population 2020"]
    assert meta["units"] == {"start": "year", "end": "year"}
    assert meta["reference"] == REFERENCE
    assert meta["verdict"]["verdict"] == "weak" and meta["verdict"]["n"] == 4


def _model(slope: float, n: int = 12, noise: float = 0.0, span: int = 10) -> Region:
    """n units with g = 0.3 + slope ln y0 (+ a fixed zig-zag of size ``noise``)."""
    y0 = {f"u{i:02d}": math.exp(1 + 0.25 * i) for i in range(n)}
    y1 = {c: v * math.exp(span * (0.3 + slope * math.log(v) + noise * (-1) ** i))
          for i, (c, v) in enumerate(y0.items())}
    return panel({2000: y0, 2000 + span: y1}, measure="x")


def test_beta_significant_with_ten_units_is_ok() -> None:
    from scipy import stats

    b = beta_convergence(_model(-0.02, noise=0.002), measure="x", weight=None).iloc[0]
    x = [1 + 0.25 * i for i in range(12)]
    g = [0.3 - 0.02 * v + 0.002 * (-1) ** i for i, v in enumerate(x)]
    fit = ols(x, g)
    assert b["beta"] == pytest.approx(fit["beta"], rel=1e-10)
    assert b["beta_se"] == pytest.approx(fit["beta_se"], rel=1e-8)
    assert b["beta_p"] == pytest.approx(2 * stats.t.sf(abs(fit["beta"] / fit["beta_se"]), 10),
                                        rel=1e-8)
    assert b["beta_p"] < 0.05
    assert b["verdict"] == "ok"


def test_beta_not_significant_is_weak_with_its_reason() -> None:
    b = beta_convergence(_model(-0.0005, noise=0.05), measure="x", weight=None)
    row = b.iloc[0]
    assert row["n"] == 12 and row["beta_p"] > 0.05
    reason = (f"β is not significant at 5 % (p = {row['beta_p']:.2f}): no convergence speed "
              "can be read")
    assert row["verdict"] == "weak" and row["verdict_reason"] == reason
    assert b.attrs["metroscope"]["verdict"]["reason"] == reason
    assert b.attrs["metroscope"]["parameters"] == {"weight": "none", "unit_of_y": "x"}
    assert notes(b) == []


def test_beta_without_growth_differences_has_no_t_and_no_speed() -> None:
    y0 = {f"u{i}": float(2**i) for i in range(10)}
    b = beta_convergence(panel({2000: y0, 2010: y0}, measure="x"), measure="x",
                         weight=None).iloc[0]
    assert b["beta"] == 0.0 and b["alpha"] == 0.0 and b["beta_se"] == 0.0
    for col in ("beta_t", "beta_p", "r2", "speed_pct", "half_life_years"):
        assert math.isnan(b[col]), col
    assert not b["converging"]
    assert b["verdict_reason"] == ("β is not significant at 5 % (p = nan): no convergence "
                                   "speed can be read")


@pytest.mark.parametrize(("slope", "converging"), [(-0.15, True), (-0.1 - 1e-9, True),
                                                   (0.01, False)])
def test_beta_speed_only_between_minus_one_over_t_and_zero(slope: float,
                                                          converging: bool) -> None:
    b = beta_convergence(_model(slope), measure="x", weight=None).iloc[0]
    assert b["beta"] == pytest.approx(slope, abs=1e-12)
    assert bool(b["converging"]) is converging
    assert math.isnan(b["speed_pct"]) and math.isnan(b["half_life_years"])


def test_beta_speed_and_half_life_near_the_limits() -> None:
    # just inside -1/T: λ = -ln(1 + Tβ)/T is large but finite
    b = beta_convergence(_model(-0.0999, span=10), measure="x", weight=None).iloc[0]
    lam = -math.log(1 - 0.999) / 10
    assert b["speed_pct"] == pytest.approx(100 * lam, rel=1e-6)
    assert b["half_life_years"] == pytest.approx(math.log(2) / lam, rel=1e-6)
    # a one-year span: λ = -ln(1 + β)
    one = beta_convergence(_model(-0.5, span=1), measure="x", weight=None).iloc[0]
    assert one["speed_pct"] == pytest.approx(100 * math.log(2), rel=1e-9)
    assert one["half_life_years"] == pytest.approx(1.0, rel=1e-9)


def test_beta_with_three_units_has_a_standard_error() -> None:
    y0 = {"a": 1.0, "b": 2.0, "c": 4.0}
    y1 = {"a": 3.0, "b": 4.0, "c": 4.5}
    b = beta_convergence(panel({2010: y0, 2020: y1}, measure="x"), measure="x",
                         weight=None).iloc[0]
    x = [math.log(v) for v in y0.values()]
    g = [math.log(y1[c] / y0[c]) / 10 for c in y0]
    fit = ols(x, g)
    assert b["n"] == 3
    assert b["beta_se"] == pytest.approx(fit["beta_se"], rel=1e-10)
    assert b["beta_t"] == pytest.approx(fit["beta"] / fit["beta_se"], rel=1e-10)


def test_beta_refusals_in_full() -> None:
    y = {2010: {"a": 1.0, "b": 2.0, "c": 4.0}, 2020: {"a": 2.0, "b": 3.0, "c": 5.0}}
    r = panel(y, measure="x")
    for start, end in ((2020, 2010), (2010, 2010), (2005, 2020), (2010, 2030)):
        with pytest.raises(MissingDataError) as err:
            beta_convergence(r, measure="x", weight=None, start=start, end=end)
        assert str(err.value) == ("Need two years with values, start < end; available: "
                                  f"[2010, 2020] (got {start}, {end}).")
    one = panel({2010: y[2010]}, measure="x")
    with pytest.raises(MissingDataError) as err:
        beta_convergence(one, measure="x", weight=None)
    assert str(err.value) == "Need two years with values; available: [2010]."
    same = panel({2010: {"a": 2.0, "b": 2.0, "c": 2.0}, 2020: y[2020]}, measure="x")
    with pytest.raises(MissingDataError) as err:
        beta_convergence(same, measure="x", weight=None)
    assert str(err.value) == ("All 3 units have the same level in 2010: β-convergence is "
                              "undefined. Choose another start year or more units.")
    two = panel({2010: y[2010], 2020: {"a": 2.0, "b": 3.0}}, measure="x",
                breaks={("b", 2020, "x"): "revision"})
    with pytest.raises(InsufficientDataError) as info:
        beta_convergence(two, measure="x", weight=None)
    assert str(info.value).endswith(
        "found 1. Not computed. Units with comparable values in 2010 and 2020. left out for a "
        "series break between 2010 and 2020: b left out for lack of values in 2010 or 2020: c")
    # in Chinese the same refusal, its notes in Chinese
    zh = error_text(info.value, "zh")
    assert zh.startswith("beta_convergence 至少需要 3 个观测值,实际为 1 个,未计算。"
                         "2010 年和 2020 年都有可比数值的单元。")
    assert "left out" not in zh and "Not computed" not in zh
    with pytest.raises(ParameterError, match=r"^measure 'x' per 'x' is 1 in every unit"):
        beta_convergence(r, measure="x", weight="x")


def _spans() -> Region:
    # 2000: a b c; 2005-2015: a b c d, with a break of d in 2015
    y = {2000: {"a": 1.0, "b": 2.0, "c": 4.0},
         2005: {"a": 1.5, "b": 2.5, "c": 4.5, "d": 3.0},
         2010: {"a": 2.0, "b": 3.0, "c": 5.0, "d": 3.5},
         2015: {"a": 3.0, "b": 3.5, "c": 5.5, "d": 4.0}}
    return panel(y, measure="x", breaks={("d", 2015, "x"): "revision"})


def test_best_span_most_units_then_longest_then_latest() -> None:
    r = _spans()
    # pairs: (2005, 2010) has 4 comparable units, every other pair 3
    assert beta_convergence(r, measure="x", weight=None).iloc[0][["start", "end"]].tolist() \
        == [2005, 2010]
    # from 2000 all pairs have 3 units: the longest wins
    b = beta_convergence(r, measure="x", weight=None, start=2000).iloc[0]
    assert (b["start"], b["end"], b["n"]) == (2000, 2015, 3)
    # to 2015 all pairs have 3 units: the longest wins
    b = beta_convergence(r, measure="x", weight=None, end=2015).iloc[0]
    assert (b["start"], b["end"]) == (2000, 2015)
    b = beta_convergence(r, measure="x", weight=None, end=2010).iloc[0]
    assert (b["start"], b["end"], b["n"]) == (2005, 2010, 4)
    # equal units and span: the later end wins
    y = {2005: {"a": 1.0, "b": 2.0, "c": 4.0, "d": 3.0},
         2010: {"a": 2.0, "b": 3.0, "c": 5.0, "d": 3.5, "e": 2.5},
         2015: {"a": 3.0, "b": 3.5, "c": 5.5, "e": 3.0}}
    b = beta_convergence(panel(y, measure="x"), measure="x", weight=None).iloc[0]
    assert (b["start"], b["end"], b["n"]) == (2010, 2015, 4)
    assert notes(beta_convergence(panel(y, measure="x"), measure="x", weight=None)) == [
        "left out for lack of values in 2010 or 2015: d"]


# ------------------------------------------------------------------ consolidated units
# 220103 was set up in 2020 from parts of 220101 and 220102 (both flagged "boundary"); the
# union of the three re-enters β as one unit: Σ GDP / Σ population at either end, the new
# unit counting at the end only
NOTE = "boundary change: 220103 set up from parts of 220101 and 220102"
CITY = {"220101": "220100", "220102": "220100", "220103": "220100"}


def _cons_tables() -> tuple[Table, Table]:
    y, p = {k: dict(v) for k, v in Y_BETA.items()}, {k: dict(v) for k, v in P_BETA.items()}
    for t in (y, p):
        for year in t:
            t[year].pop("e", None)
            t[year].pop("f", None)
    y[2010].update({"220101": 60.0, "220102": 20.0})
    p[2010].update({"220101": 2e6, "220102": 1e6})
    y[2020].update({"220101": 80.0, "220102": 40.0, "220103": 30.0})
    p[2020].update({"220101": 2e6, "220102": 1.5e6, "220103": 1e6})
    return y, p


def _cons_region(y: Table, p: Table, note: str = NOTE) -> Region:
    # a county of 220101 flagged with the same note: at county level it would join the union
    # (and, not being a selected prefecture, spoil it); consolidations read the prefectures
    y = {k: {**v, "220199": 5.0} for k, v in y.items()}
    return panel(y, p, parents={**CITY, "220199": "220101"}, levels={"220199": "county"},
                 breaks={("220101", 2020, "gdp"): note, ("220102", 2020, "gdp"): note,
                         ("220199", 2020, "gdp"): note})


def _fit(pairs: list[tuple[float, float]]) -> dict[str, float]:
    return ols([math.log(a) for a, _ in pairs], [math.log(b / a) / 10 for a, b in pairs])


def _plain_pairs(y: Table, p: Table | None, codes: str = "abcd",
                 scale: float = 1e8) -> list[tuple[float, float]]:
    return list(zip(level(y, p, 2010, codes, scale), level(y, p, 2020, codes, scale),
                    strict=True))


def test_consolidated_unit_enters_with_summed_levels() -> None:
    y, p = _cons_tables()
    b = beta_convergence(_cons_region(y, p))
    union = (1e8 * 80 / 3e6, 1e8 * 150 / 4.5e6)
    fit = _fit([*_plain_pairs(y, p), union])
    assert b.at["gdp", "n"] == 5
    assert b.at["gdp", "beta"] == pytest.approx(fit["beta"], rel=1e-12)
    assert b.at["gdp", "alpha"] == pytest.approx(fit["alpha"], rel=1e-12)
    assert b.at["gdp", "r2"] == pytest.approx(fit["r2"], rel=1e-12)
    assert notes(b) == [
        "left out for a series break between 2010 and 2020: 220101, 220102",
        "left out for lack of values in 2010 or 2020: 220103",
        "units whose boundaries moved among themselves between 2010 and 2020 enter as one "
        "consolidated unit: 220100 consolidated unit (220101, 220102, 220103)",
        "GDP at current prices: growth is nominal",
    ]
    zh = b.attrs["metroscope"]["notes"][2].zh
    assert zh.endswith("220100省合并单元(220101市、220102市、220103市)")
    alone = beta_convergence(_cons_region(y, p), consolidate=False)
    fit4 = _fit(_plain_pairs(y, p))
    assert alone.at["gdp", "n"] == 4
    assert alone.at["gdp", "beta"] == pytest.approx(fit4["beta"], rel=1e-12)
    assert not any("consolidated" in n for n in notes(alone))


def test_consolidated_unit_without_weight_sums_the_measure() -> None:
    y, _ = _cons_tables()
    r = panel(y, measure="x", parents=CITY,
              breaks={("220101", 2020, "x"): NOTE, ("220102", 2020, "x"): NOTE})
    b = beta_convergence(r, measure="x", weight=None)
    fit = _fit([*_plain_pairs(y, None, scale=1.0), (80.0, 150.0)])
    assert b.at["x", "n"] == 5
    assert b.at["x", "beta"] == pytest.approx(fit["beta"], rel=1e-12)


def test_member_without_a_start_weight_counts_at_the_end_only() -> None:
    y, p = _cons_tables()
    del p[2010]["220102"]  # GDP but no population in 2010: not part of the start level
    b = beta_convergence(_cons_region(y, p))
    fit = _fit([*_plain_pairs(y, p), (1e8 * 60 / 2e6, 1e8 * 150 / 4.5e6)])
    assert b.at["gdp", "n"] == 5
    assert b.at["gdp", "beta"] == pytest.approx(fit["beta"], rel=1e-12)


def _skipped(y: Table, p: Table, note: str = NOTE, **kw: object) -> pd.DataFrame:
    b = beta_convergence(_cons_region(y, p, note), **kw)  # type: ignore[arg-type]
    assert not any("consolidated unit" in n for n in notes(b))
    return b


def test_union_is_left_out_when_it_cannot_be_compared() -> None:
    y, p = _cons_tables()
    fit4 = _fit(_plain_pairs(y, p))
    cases: list[tuple[Table, Table, str, dict[str, object]]] = []
    cases.append((y, p, NOTE + " and a unit without a code (no code)", {}))  # incomplete
    cases.append((y, p, NOTE, {"codes": ["a", "b", "c", "d", "220101", "220102"]}))
    no_end_y = {k: dict(v) for k, v in y.items()}
    del no_end_y[2020]["220102"]
    cases.append((no_end_y, p, NOTE, {}))  # a member without an end value
    no_end_p = {k: dict(v) for k, v in p.items()}
    del no_end_p[2020]["220103"]
    cases.append((y, no_end_p, NOTE, {}))  # a member without an end weight
    no_start = {k: dict(v) for k, v in y.items()}
    del no_start[2010]["220101"], no_start[2010]["220102"]
    cases.append((no_start, p, NOTE, {}))  # no member has a start value
    zero_start = {k: dict(v) for k, v in y.items()}
    zero_start[2010].update({"220101": 0.0, "220102": 0.0})
    cases.append((zero_start, p, NOTE, {}))  # a zero level
    zero_end = {k: dict(v) for k, v in y.items()}
    zero_end[2020].update({"220101": 0.0, "220102": 0.0, "220103": 0.0})
    cases.append((zero_end, p, NOTE, {}))
    nobody = {k: dict(v) for k, v in p.items()}
    nobody[2010].update({"220101": 0.0, "220102": 0.0})
    cases.append((y, nobody, NOTE, {}))  # no population at the start: no level
    nobody_end = {k: dict(v) for k, v in p.items()}
    nobody_end[2020].update({"220101": 0.0, "220102": 0.0, "220103": 0.0})
    cases.append((y, nobody_end, NOTE, {}))
    for i, (yy, pp, note, kw) in enumerate(cases):
        b = _skipped(yy, pp, note, **kw)
        assert b.at["gdp", "n"] == 4, i
        assert b.at["gdp", "beta"] == pytest.approx(fit4["beta"], rel=1e-12), i


def test_union_with_a_member_counted_alone_is_left_out() -> None:
    # 220103 existed in 2010 and has no break of its own: it counts alone, so the union of
    # the three would count it twice
    y, p = _cons_tables()
    y[2010]["220103"], p[2010]["220103"] = 25.0, 1e6
    b = _skipped(y, p)
    fit = _fit(_plain_pairs(y, p, "abcd") + _plain_pairs(y, p, ["220103"]))  # type: ignore[arg-type]
    assert b.at["gdp", "n"] == 5
    assert b.at["gdp", "beta"] == pytest.approx(fit["beta"], rel=1e-12)


def test_beta_parent_zero_and_small_levels_and_sources() -> None:
    # a and b lie under P1 (left out by parent="P2"); under P2, g has a zero start level
    # (left out) and h levels below 1 (kept: only non-positive levels are refused)
    y = {2010: {"a": 5.0, "b": 7.0, "c": 4.0, "d": 2.0, "g": 0.0, "h": 0.25},
         2015: {"c": 4.5},  # outside the span: not a source
         2020: {"a": 9.0, "b": 8.0, "c": 5.0, "d": 3.0, "g": 1.0, "h": 0.5}}
    parents = {"a": "P1", "b": "P1", "c": "P2", "d": "P2", "g": "P2", "h": "P2"}
    r = panel(y, measure="x", parents=parents, by_code=True)
    b = beta_convergence(r, measure="x", weight=None, parent="P2")
    fit = _fit([(y[2010][c], y[2020][c]) for c in "cdh"])
    assert b.at["x", "n"] == 3
    assert b.at["x", "beta"] == pytest.approx(fit["beta"], rel=1e-12)
    assert notes(b) == ["left out for lack of values in 2010 or 2020: g"]
    meta = b.attrs["metroscope"]
    assert meta["region"] == "hand"
    assert meta["sources"] == [f"x {year} {c}" for year in (2010, 2020) for c in "cdgh"]
    # a zero end level is refused too
    y[2020]["h"] = 0.0
    with pytest.raises(InsufficientDataError, match=r"found 2\. Not computed\. Units with "
                       r"comparable values in 2010 and 2020\. left out for lack of values in "
                       r"2010 or 2020: g, h$"):
        beta_convergence(panel(y, measure="x", parents=parents), measure="x", weight=None,
                         parent="P2")


def test_union_alone_counts_as_one_unit() -> None:
    # every selected unit is a member: the union enters (n = 1, too few for a regression)
    y, p = _cons_tables()
    with pytest.raises(InsufficientDataError, match=r"found 1\. Not computed\."):
        beta_convergence(_cons_region(y, p), codes=["220101", "220102", "220103"])
    b = beta_convergence(_cons_region(y, p))
    assert b.attrs["metroscope"]["notes"][2].params["codes"] == ["220101", "220102", "220103"]


def _two_unions(first: str) -> tuple[Region, list[tuple[float, float]]]:
    """Units a-d, a first union u1 = 110101 + 110102 spoiled as ``first`` says, and a second
    union u2 = 120101 + 120102 that enters; returns the region and the pairs by hand."""
    y: Table = {2010: {"a": 1.0, "b": 2.0, "c": 4.0, "d": 3.0, "110101": 2.0, "110102": 2.0,
                       "120101": 1.0, "120102": 2.0},
                2020: {"a": 3.0, "b": 3.5, "c": 5.0, "d": 5.0, "110101": 3.0, "110102": 1.0,
                       "120101": 2.5, "120102": 0.5}}
    note1, note2 = "boundary change between 110101 and 110102", "boundary change (120101)"
    if first == "incomplete":
        note1 += " and a unit without a code (no code)"
    elif first == "no end value":
        del y[2020]["110102"]
    elif first == "no start value":
        del y[2010]["110101"], y[2010]["110102"]
    elif first == "zero level":
        y[2020].update({"110101": 0.0, "110102": 0.0})
    r = panel(y, measure="x", parents={"110101": "P1", "110102": "P1", "120101": "P2",
                                       "120102": "P2"},
              breaks={("110101", 2020, "x"): note1, ("110102", 2020, "x"): note1,
                      ("120101", 2020, "x"): note2, ("120102", 2020, "x"): note2})
    return r, [(y[2010][c], y[2020][c]) for c in "abcd"] + [(3.0, 3.0)]


@pytest.mark.parametrize("first", ["incomplete", "no end value", "no start value",
                                   "zero level"])
def test_a_spoilt_union_does_not_stop_the_next(first: str) -> None:
    r, pairs = _two_unions(first)
    b = beta_convergence(r, measure="x", weight=None)
    assert b.at["x", "n"] == 5
    assert b.at["x", "beta"] == pytest.approx(_fit(pairs)["beta"], rel=1e-12)
    assert [n for n in notes(b) if "consolidated" in n] == [
        "units whose boundaries moved among themselves between 2010 and 2020 enter as one "
        "consolidated unit: P2 consolidated unit (120101, 120102)"]


def test_union_levels_below_one_are_kept() -> None:
    r, pairs = _two_unions("none")
    small: Table = {}
    for row in r.stats.itertuples():  # every value divided by 10
        small.setdefault(int(row.year), {})[str(row.code)] = float(row.value) / 10
    r2 = panel(small, measure="x",
               parents={"110101": "P1", "110102": "P1", "120101": "P2", "120102": "P2"},
               breaks={(c, 2020, "x"): n for c, n in (
                   ("110101", "boundary change between 110101 and 110102"),
                   ("110102", "boundary change between 110101 and 110102"),
                   ("120101", "boundary change (120101)"), ("120102", "boundary change (120101)"))})
    b = beta_convergence(r2, measure="x", weight=None)
    # both unions (start 0.4 and 0.3, end 0.4 and 0.3) enter
    fit = _fit([(a / 10, e / 10) for a, e in pairs] + [(0.4, 0.4)])
    assert b.at["x", "n"] == 6
    assert b.at["x", "beta"] == pytest.approx(fit["beta"], rel=1e-12)


def test_years_come_from_the_selected_units_only() -> None:
    # z (outside P1) has 2005 values: a and b (under P1) have x in 2005 but no population
    # and z has x in 2015, where a and b have a population but no x
    y = {2005: {"a": 1.0, "b": 2.0, "z": 1.0}, 2010: {"a": 1.0, "b": 2.0, "z": 3.0},
         2015: {"z": 2.0}, 2020: {"a": 2.0, "b": 3.0, "z": 4.0}}
    p = {2005: {"z": 1.0}, 2010: {"a": 1.0, "b": 1.0, "z": 1.0}, 2015: {"a": 1.0, "b": 1.0},
         2020: {"a": 1.0, "b": 1.0, "z": 1.0}}
    r = panel(y, p, measure="x", parents={"a": "P1", "b": "P1", "z": "P2"})
    s = sigma_convergence(r, measure="x", parent="P1")
    assert list(s.index) == [2010, 2020]
    assert notes(s) == [f"sd_log {math.log(2) / 2:.4f} (2010) -> {math.log(1.5) / 2:.4f} "
                        "(2020): falling (σ-convergence)"]
    plain = sigma_convergence(r, measure="x", weight=None, parent="P1")
    assert list(plain.index) == [2005, 2010, 2020]


def test_every_weight_indicator_read_is_a_source() -> None:
    # the 2010 weight is the census count, the 2020 weight the year-end figure
    r = panel(Y_SIGMA, P_SIGMA)
    st = r.stats.copy()
    late = (st["indicator"] == "population") & (st["year"] == 2020)
    st.loc[late, "indicator"] = "population_yearend"
    st.loc[late, "source"] = "population_yearend 2020"
    s = sigma_convergence(r.with_tables(stats=st))
    assert s.attrs["metroscope"]["sources"] == ["gdp 2010", "gdp 2020", "population 2010",
                                                "population_yearend 2020"]
