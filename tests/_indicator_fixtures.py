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


#: :func:`boundary_region`'s counties: code -> (parent, role, name, P2010 or None, P2020)
BOUNDARY_COUNTIES = {
    "990101": ("990100", "core", "A1", 1_000_000, 900_000),
    "990102": ("990100", "core", "A2", 800_000, 700_000),
    "990103": ("990100", "member", "A3", 600_000, 500_000),
    "990104": ("990100", "member", "A4", 400_000, 380_000),
    "990201": ("990200", "member", "B1", 300_000, 310_000),
    "990202": ("990200", "member", "B2", 200_000, 190_000),
    "990203": ("990200", "member", "B3", 100_000, 120_000),
    "990301": ("990300", "partial", "C1", 150_000, 140_000),
    "990302": ("990300", "partial", "C2", 50_000, 60_000),
    "990171": ("990100", "core", "A zone", None, 450_000),  # created by the 2020 change
}
#: prefecture census totals (2010 on 2020 boundaries) and GDP (亿元) by year
BOUNDARY_PREFS = {  # code: (name, role, P2010, P2020, {year: GDP})
    "990100": ("A", "core", 2_810_000, 2_930_000, {2005: 800.0, 2010: 1000.0, 2015: 1500.0,
                                                   2020: 1800.0, 2012: 1200.0}),
    "990200": ("B", "member", 600_000, 620_000, {2005: 400.0, 2010: 500.0, 2015: 600.0,
                                                 2020: 700.0}),
    "990300": ("C", "partial", 200_000, 200_000, {2005: 150.0, 2010: 200.0, 2015: 250.0,
                                                  2020: 300.0}),
    "990400": ("D", "context", 100_000, 100_000, {2005: 90.0, 2010: 100.0, 2015: 100.0,
                                                  2020: 100.0}),
}
#: break records of :func:`boundary_region`: (code, year, indicator) -> note
BOUNDARY_BREAKS = {
    # one event: three districts and the zone they gave up (named by code in the note)
    ("990101", 2020, "population"): "boundary change: zone 990171 carved out",
    ("990102", 2020, "population"): "boundary change: zone 990171 carved out",
    ("990103", 2020, "population"): "boundary change: zone 990171 carved out",
    # an event naming a unit without a code, merged with a later one sharing 990202
    ("990201", 2020, "population"): "boundary change: new zones (no code)",
    ("990202", 2020, "population"): "boundary change: new zones (no code)",
    ("990202", 2018, "population_yearend"): "boundary adjustment",
    ("990203", 2018, "population_yearend"): "boundary adjustment",
    # a unit alone, a break that is not a boundary change, a year outside (2010, 2020]
    ("990301", 2020, "population"): "boundary change",
    ("990302", 2020, "population"): "definition change",
    ("990104", 2021, "population_yearend"): "boundary change: 990103",
    ("990104", 2010, "population"): "boundary change: 990103",
    # GDP of a prefecture, naming a county
    ("990300", 2020, "gdp"): "boundary change: 990301 moved in",
}


def boundary_region(breaks: dict[tuple[str, int, str], str] | None = None,
                    prefs: dict[str, tuple] | None = None,  # type: ignore[type-arg]
                    counties: dict[str, tuple] | None = None,  # type: ignore[type-arg]
                    ) -> Region:
    """A toy province with boundary-change records (defaults :data:`BOUNDARY_BREAKS`,
    :data:`BOUNDARY_PREFS`, :data:`BOUNDARY_COUNTIES`); every stats row's source is
    ``"<code> <indicator>"``. Also a 2018 year-end population for 990202 and 990203, a 2021
    one for 990104 and an employment row for 990101 (another indicator)."""
    breaks = BOUNDARY_BREAKS if breaks is None else breaks
    prefs = BOUNDARY_PREFS if prefs is None else prefs
    counties = BOUNDARY_COUNTIES if counties is None else counties
    units = [{"code": "990000", "name_zh": "省", "name_en": "Province", "level": "province",
              "parent": pd.NA, "role": "context", "seat_lon": 120.5, "seat_lat": 30.5}]
    rows = []

    def add(code: str, year: int, ind: str, v: float, unit: str) -> None:
        note = breaks.get((code, year, ind), "")
        rows.append({**_stat(code, year, ind, v, unit, bool(note)), "note": note,
                     "source": f"{code} {ind}"})

    for i, (code, (nm, role, p10, p20, gdp)) in enumerate(prefs.items()):
        units.append({"code": code, "name_zh": nm + "市", "name_en": nm + " City",
                      "level": "prefecture", "parent": "990000", "role": role,
                      "seat_lon": 120.0 + i, "seat_lat": 30.0})
        add(code, 2010, "population", p10, "persons")
        add(code, 2020, "population", p20, "persons")
        for y, g in gdp.items():
            add(code, y, "gdp", g, "cny_100m")
    for i, (code, (par, role, nm, p10, p20)) in enumerate(counties.items()):
        units.append({"code": code, "name_zh": nm + "区", "name_en": nm + " District",
                      "level": "county", "parent": par, "role": role,
                      "seat_lon": 120.0 + i / 10, "seat_lat": 30.5})
        if p10 is not None:
            add(code, 2010, "population", p10, "persons")
        if p20 is not None:
            add(code, 2020, "population", p20, "persons")
    for code, y in (("990202", 2018), ("990203", 2018), ("990104", 2021)):
        if code in counties:
            add(code, y, "population_yearend", 1000.0, "persons")
    if "990101" in counties:
        add("990101", 2020, "employed_sample_finance", 10.0, "persons")
    return Region(name="boundary", units=pd.DataFrame(units), stats=pd.DataFrame(rows))


def panel_region(names_zh: tuple[str, str, str] = ("a", "b", "c")) -> Region:
    """Three prefectures a, b, c with ``trains`` and ``dist`` in 2010 and 2020 (the integration
    and coupling panels' toy input; 2020 doubles 2010's trains)."""
    units = pd.DataFrame({"code": ["a", "b", "c"], "name_zh": list(names_zh),
                          "name_en": ["a", "b", "c"], "level": "prefecture", "parent": pd.NA,
                          "role": "member"})
    vals = {  # (year, code): (rail_trains, distance)
        (2010, "a"): (10.0, 100.0), (2010, "b"): (4.0, 50.0), (2010, "c"): (1.0, 200.0),
        (2020, "a"): (20.0, 100.0), (2020, "b"): (8.0, 50.0), (2020, "c"): (2.0, 200.0)}
    rows = [{"code": c, "year": y, "indicator": ind, "value": v, "unit": "x",
             "source": "test", "quality": "A", "break": False}
            for (y, c), pair in vals.items() for ind, v in zip(("trains", "dist"), pair,
                                                               strict=True)]
    return Region(name="panel", units=units, stats=pd.DataFrame(rows))
