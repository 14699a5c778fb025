"""Small hand-built Regions for the indicator tests (numbers chosen to be checked on paper).

Toy province 990000 with four prefectures (codes 990100..990400) and six counties:

=========  ======  ====  ==========  =========  =========  ======  ======
code       role    seat  P 2010      P 2020     G 2010     G 2020  notes
=========  ======  ====  ==========  =========  =========  ======  ======
990100 A   core    0,0   8,000,000   9,000,000  4,000      6,000
990200 B   member  1,0   4,000,000   4,000,000  1,000      1,500
990300 C   member  0,1   2,500,000   2,000,000    500        500
990400 D   context 2,0   1,000,000   1,000,000    250        250
990000 P   —             15,500,000  16,000,000 5,750      8,300   own figures
=========  ======  ====  ==========  =========  =========  ======  ======

Seats are near (lon 120 + x, lat 30 + y) degrees. Employment (2020, sample counts) for three
industries: manufacturing / finance / agriculture.
"""

from __future__ import annotations

import pandas as pd

from metroscope.region import Region

PREFS = {  # code: (name, role, dx, dy, P2010, P2020, G2010, G2020)
    "990100": ("A", "core", 0.0, 0.0, 8_000_000, 9_000_000, 4000.0, 6000.0),
    "990200": ("B", "member", 1.0, 0.0, 4_000_000, 4_000_000, 1000.0, 1500.0),
    "990300": ("C", "member", 0.0, 1.0, 2_500_000, 2_000_000, 500.0, 500.0),
    "990400": ("D", "context", 2.0, 0.0, 1_000_000, 1_000_000, 250.0, 250.0),
}
PROVINCE = ("990000", 15_500_000, 16_000_000, 5750.0, 8300.0)

COUNTIES = {  # code: (parent, role, dx, dy, P2010, P2020, share65 2010, 2020, urban 2010, 2020)
    "990101": ("990100", "core", 0.05, 0.05, 5_000_000, 6_000_000, 8.0, 12.0, 4_000_000,
               5_400_000),
    "990102": ("990100", "member", 0.3, 0.2, 3_000_000, 3_000_000, 9.0, 15.0, 1_500_000,
               1_800_000),
    "990201": ("990200", "member", 1.0, 0.05, 4_000_000, 4_000_000, 7.0, 14.0, 2_000_000,
               2_400_000),
    "990301": ("990300", "member", 0.05, 1.0, 1_500_000, 1_200_000, 10.0, 21.0, 600_000,
               600_000),
    "990302": ("990300", "partial", 0.3, 1.2, 1_000_000, 800_000, 6.0, 9.0, 200_000, 240_000),
    "990401": ("990400", "context", 2.0, 0.05, 1_000_000, 1_000_000, 9.0, 13.0, 500_000,
               500_000),
}

#: 2020 employment sample counts (manufacturing, finance, agriculture)
EMPLOYMENT = {
    "990100": (500, 300, 200),
    "990200": (300, 50, 150),
    "990300": (100, 50, 350),
    "990400": (100, 100, 300),
}
INDUSTRY3 = ("manufacturing", "finance", "agriculture")


def _stat(code: str, year: int, indicator: str, value: float, unit: str,
          brk: bool = False) -> dict[str, object]:
    return {"code": code, "year": year, "indicator": indicator, "value": float(value),
            "unit": unit, "source": "hand-built test data", "quality": "A", "break": brk}


def toy_region(*, county_break: bool = True) -> Region:
    """The toy province described in the module docstring."""
    units = [{"code": PROVINCE[0], "name_zh": "省", "name_en": "Province", "level": "province",
              "parent": pd.NA, "role": "context", "seat_lon": 120.5, "seat_lat": 30.5}]
    stats = []
    p = PROVINCE
    stats += [_stat(p[0], 2010, "population", p[1], "persons"),
              _stat(p[0], 2020, "population", p[2], "persons"),
              _stat(p[0], 2010, "gdp", p[3], "cny_100m"), _stat(p[0], 2020, "gdp", p[4], "cny_100m")]
    for code, (nm, role, dx, dy, p10, p20, g10, g20) in PREFS.items():
        units.append({"code": code, "name_zh": nm + "市", "name_en": nm, "level": "prefecture",
                      "parent": "990000", "role": role, "seat_lon": 120 + dx,
                      "seat_lat": 30 + dy})
        stats += [_stat(code, 2010, "population", p10, "persons"),
                  _stat(code, 2020, "population", p20, "persons"),
                  _stat(code, 2010, "gdp", g10, "cny_100m"),
                  _stat(code, 2020, "gdp", g20, "cny_100m")]
        for key, v in zip(INDUSTRY3, EMPLOYMENT[code], strict=True):
            stats.append(_stat(code, 2020, f"employed_sample_{key}", v, "persons"))
    for code, (par, role, dx, dy, p10, p20, a10, a20, u10, u20) in COUNTIES.items():
        units.append({"code": code, "name_zh": code, "name_en": code, "level": "county",
                      "parent": par, "role": role, "seat_lon": 120 + dx, "seat_lat": 30 + dy})
        brk = county_break and code == "990302"
        stats += [_stat(code, 2010, "population", p10, "persons"),
                  _stat(code, 2020, "population", p20, "persons", brk),
                  _stat(code, 2010, "share_age_65_plus_pct", a10, "pct"),
                  _stat(code, 2020, "share_age_65_plus_pct", a20, "pct", brk),
                  _stat(code, 2010, "population_urban", u10, "persons"),
                  _stat(code, 2020, "population_urban", u20, "persons", brk)]
    for code, (same, other_c, other_p) in {
        "990101": (600_000, 900_000, 300_000), "990102": (150_000, 150_000, 30_000),
        "990201": (200_000, 200_000, 40_000), "990301": (60_000, 24_000, 12_000),
        "990302": (40_000, 16_000, 8_000), "990401": (50_000, 20_000, 10_000),
    }.items():
        stats += [_stat(code, 2020, "inmigrants_same_county", same, "persons"),
                  _stat(code, 2020, "inmigrants_other_county", other_c, "persons"),
                  _stat(code, 2020, "inmigrants_other_province", other_p, "persons")]
    return Region(name="toy", units=pd.DataFrame(units), stats=pd.DataFrame(stats))


def flat_region(values: dict[str, float], *, indicator: str = "gdp", year: int = 2020,
                weights: dict[str, float] | None = None, groups: dict[str, str] | None = None,
                extra_years: dict[int, dict[str, float]] | None = None) -> Region:
    """Prefecture-level units with one indicator (and optional population weights, groups and
    further years) and no seats: the shape of a user's CSV."""
    units = pd.DataFrame({"code": list(values), "name_zh": list(values),
                          "name_en": list(values), "level": "prefecture", "parent": pd.NA,
                          "role": "member"})
    if groups is not None:
        units["group"] = [groups[c] for c in values]
    rows = [_stat(c, year, indicator, v, "x") for c, v in values.items() if v == v]  # NaN: no row
    for y, vals in (extra_years or {}).items():
        rows += [_stat(c, y, indicator, v, "x") for c, v in vals.items()]
    if weights is not None:
        rows += [_stat(c, year, "population", w, "persons") for c, w in weights.items()]
    return Region(name="flat", units=units, stats=pd.DataFrame(rows))


def employment_region(matrix: dict[str, tuple[float, ...]], industries: tuple[str, ...],
                      year: int = 2020) -> Region:
    """Prefecture-level units with census-style employment by industry only."""
    units = pd.DataFrame({"code": list(matrix), "name_zh": list(matrix), "name_en": list(matrix),
                          "level": "prefecture", "parent": pd.NA, "role": "member"})
    rows = [_stat(c, year, f"employed_sample_{k}", v, "persons")
            for c, vals in matrix.items() for k, v in zip(industries, vals, strict=True)]
    return Region(name="emp", units=units, stats=pd.DataFrame(rows))


#: 2010 prefecture and 2020 county employment sample counts for :func:`rich_employment_region`
#: (manufacturing, finance, agriculture)
EMP_2010 = {"990100": (400, 100, 500), "990200": (200, 200, 100), "990300": (50, 50, 400),
            "990400": (100, 150, 250)}
EMP_COUNTY = {"990101": (300, 200, 100), "990102": (200, 100, 100), "990201": (300, 50, 150),
              "990301": (60, 30, 200), "990302": (40, 20, 150), "990401": (100, 100, 300)}


def rich_employment_region() -> Region:
    """The toy province with employment in 2010 (prefectures, :data:`EMP_2010`) and in 2020 at
    both levels (:data:`EMPLOYMENT`, :data:`EMP_COUNTY`); the province has no row of its own."""
    t = toy_region()
    extra = [_stat(c, 2010, f"employed_sample_{k}", v, "persons")
             for c, vals in EMP_2010.items() for k, v in zip(INDUSTRY3, vals, strict=True)]
    extra += [_stat(c, 2020, f"employed_sample_{k}", v, "persons")
              for c, vals in EMP_COUNTY.items() for k, v in zip(INDUSTRY3, vals, strict=True)]
    return t.with_tables(stats=pd.concat([t.stats, pd.DataFrame(extra)], ignore_index=True))
