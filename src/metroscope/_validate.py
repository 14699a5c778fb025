"""Validation of Region tables: collect every problem, then raise once.

Each ``check_*`` function returns a list of :class:`~metroscope._errors.Problem` and never
raises; :func:`coerce` converts the documented columns to their types and reports the cells
that cannot be converted. Rows are reported 1-based in table order (for a CSV file, row N is
line N + 1, after the header).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from . import _schema as S
from ._errors import DataValidationError, Problem

logger = logging.getLogger(__name__)

_MAX_PER_CHECK = 20  # cap the listing of one kind of problem; the count is still reported


def _rows(mask: pd.Series) -> list[int]:
    return [int(i) + 1 for i in np.flatnonzero(mask.to_numpy())]


def _emit(
    problems: list[Problem],
    table: str,
    df: pd.DataFrame,
    mask: pd.Series,
    column: str | None,
    expected: str,
    fix: str,
) -> None:
    if not bool(mask.any()):
        return
    rows = _rows(mask)
    values = df[column].to_numpy() if column is not None and column in df else None
    for n, r in enumerate(rows):
        if n == _MAX_PER_CHECK:
            problems.append(Problem(table, None, column, None, expected,
                                    f"{len(rows) - n} more row(s) with the same problem; {fix}"))
            break
        value = None if values is None else values[r - 1]
        if isinstance(value, np.generic):
            value = value.item()
        problems.append(Problem(table, r, column, value, expected, fix))


def normalise_code(value: Any) -> Any:
    """Codes read as numbers (220100.0) become strings ('220100'); others are stripped."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return pd.NA
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    text = str(value).strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text if text else pd.NA


_BAD = object()
_TRUE = {"true", "1", "yes", "1.0", "t", "y"}
_FALSE = {"false", "0", "no", "0.0", "f", "n", ""}


def _to_bool(v: Any) -> Any:
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
        return False
    text = str(v).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return _BAD


def _already(s: pd.Series, kind: str) -> bool:
    """True when a column already has the type its kind needs (the fast path for bundles)."""
    dt = str(s.dtype)
    if kind == "float":
        return dt == "float64"
    if kind == "int":
        return dt == "Int64"
    if kind == "bool":
        return dt == "bool"
    if kind == "str":
        return dt == "string"
    return False


def coerce(table: str, df: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Convert the documented columns of ``table`` to their kinds; report cells that fail."""
    out = df.copy()
    problems: list[Problem] = []
    for col in S.TABLES[table]:
        if col.name not in out.columns:
            continue
        raw = out[col.name]
        if _already(raw, col.kind):
            continue
        blank = raw.isna() | raw.astype("string").str.strip().eq("")
        if col.kind == "code":
            if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
                _warn_numeric_codes(table, col.name, raw)
            if pd.api.types.is_string_dtype(raw) or pd.api.types.is_numeric_dtype(raw):
                text = (raw.astype("float64").map(normalise_code)
                        if pd.api.types.is_float_dtype(raw) else raw.astype("string"))
                text = text.astype("string").str.strip().str.replace(r"^(\d+)\.0$", r"\1",
                                                                      regex=True)
                out[col.name] = text.mask(text.eq(""), pd.NA)
            else:
                out[col.name] = raw.map(normalise_code).astype("string")
        elif col.kind == "str":
            out[col.name] = raw.astype("string").str.strip()
            out.loc[blank, col.name] = pd.NA
        elif col.kind in ("float", "int"):
            num = pd.to_numeric(raw, errors="coerce")
            bad = num.isna() & ~blank
            _emit(problems, table, out, bad, col.name, "a number",
                  "write a plain number (no units, thousands separators or text)")
            with np.errstate(invalid="ignore"):
                inf = pd.Series(np.isinf(num.to_numpy(dtype="float64", na_value=np.nan)),
                                index=out.index)
            _emit(problems, table, out, inf, col.name, "a finite number",
                  "write the actual value: inf, -inf and numbers beyond ±1.8e308 are not data")
            num = num.mask(inf)
            if col.kind == "int":
                frac = num.notna() & (num != np.round(num))
                _emit(problems, table, out, frac, col.name, "a whole number",
                      "write a whole number (e.g. a year such as 2020)")
                out[col.name] = num.round().astype("Int64")
            else:
                out[col.name] = num.astype("float64")
        elif col.kind == "bool":
            mapped = [_to_bool(v) for v in raw.tolist()]
            bad = pd.Series([m is _BAD for m in mapped], index=out.index)
            _emit(problems, table, out, bad, col.name, "true or false",
                  "write true/false (or 1/0); leave empty for false")
            out[col.name] = pd.Series([m is True for m in mapped], index=out.index, dtype=bool)
    return out, problems


def _warn_numeric_codes(table: str, column: str, raw: pd.Series) -> None:
    """Codes read as numbers may have lost leading zeros ('01001' -> 1001): say which."""
    num = pd.to_numeric(raw, errors="coerce").dropna()
    if num.empty:
        return
    text = num.astype("int64").astype(str)
    width = text.str.len()
    short = text[width < width.max()]
    if not short.empty:
        logger.warning(
            "%s.%s was read as numbers, so leading zeros are lost: %s are shorter than the "
            "longest code (%d digits). If the codes have leading zeros, read the file with "
            "dtype=str (pandas: dtype={'%s': str}).", table, column,
            ", ".join(short.unique()[:10].tolist()), int(width.max()), column)


def check_finite(table: str, df: pd.DataFrame) -> list[Problem]:
    """inf / -inf in the documented float columns (NaN is a missing value, checked apart)."""
    problems: list[Problem] = []
    for col in S.TABLES[table]:
        if col.kind == "float" and col.name in df.columns and df[col.name].dtype == "float64":
            inf = pd.Series(np.isinf(df[col.name].to_numpy()), index=df.index)
            _emit(problems, table, df, inf, col.name, "a finite number",
                  "write the actual value: inf, -inf and numbers beyond ±1.8e308 are not data")
    return problems


def check_columns(table: str, df: pd.DataFrame) -> list[Problem]:
    """Missing required columns (one problem per column)."""
    have = set(df.columns)
    if table == "units" and df.index.name == "code":
        have.add("code")
    return [
        Problem(table, None, name, None, f"a column named '{name}'",
                f"add a '{name}' column ({_doc(table, name)})" + FILLABLE.get((table, name), ""))
        for name in S.required(table) if name not in have
    ]


# required columns an importer can fill with one value for every row
FILLABLE = {(t, c): f", or give one value for every row ({c}=... in Python, --{c} on the "
            "command line)" for t, c in (("units", "level"), ("units", "role"),
                                         ("stats", "indicator"), ("stats", "unit"),
                                         ("stats", "source"), ("stats", "quality"))}


def _doc(table: str, name: str) -> str:
    return next(c.doc for c in S.TABLES[table] if c.name == name)


def check_required_values(table: str, df: pd.DataFrame) -> list[Problem]:
    """Empty cells in required columns."""
    problems: list[Problem] = []
    for name in S.required(table):
        if name in df.columns:
            _emit(problems, table, df, df[name].isna(), name, "a value",
                  f"fill in {_doc(table, name)}")
    return problems


def check_unique(table: str, df: pd.DataFrame) -> list[Problem]:
    """Duplicate keys (every occurrence after the first is reported)."""
    keys = [k for k in S.KEY_COLUMNS[table] if k in df.columns]
    if len(keys) != len(S.KEY_COLUMNS[table]) or df.empty:
        return []
    dup = df.duplicated(subset=keys, keep="first")
    problems: list[Problem] = []
    _emit(problems, table, df, dup, keys[0] if len(keys) == 1 else keys[-1],
          f"a unique {' + '.join(keys)}",
          "remove or merge the duplicate row (each key may appear once)")
    return problems


def check_allowed(table: str, df: pd.DataFrame, column: str, allowed: Iterable[str]) -> list[Problem]:
    """Values outside an allowed set."""
    if column not in df.columns:
        return []
    allowed = tuple(allowed)
    bad = df[column].notna() & ~df[column].isin(allowed)
    problems: list[Problem] = []
    _emit(problems, table, df, bad, column, "one of " + ", ".join(allowed),
          f"use one of {', '.join(allowed)}")
    return problems


def check_positive(table: str, df: pd.DataFrame, column: str, *, allow_zero: bool = False) -> list[Problem]:
    """Negative (or zero) numbers in a column that measures a length, speed or time."""
    if column not in df.columns:
        return []
    values = df[column]
    bad = values.notna() & ((values < 0) if allow_zero else (values <= 0))
    problems: list[Problem] = []
    what = "a number >= 0" if allow_zero else "a number > 0"
    _emit(problems, table, df, bad, column, what,
          f"correct the value: {column} cannot be {'negative' if allow_zero else 'zero or negative'}")
    return problems


def check_years(table: str, df: pd.DataFrame, column: str, *,
                limits: tuple[int, int] | None = None) -> list[Problem]:
    """Years outside ``limits`` (default the wide sanity range for anyone's data,
    ``USER_YEAR_MIN``-``USER_YEAR_MAX``; the embedded data use the plausibility limits
    ``YEAR_MIN``-``YEAR_MAX`` through :func:`check_plausibility`)."""
    if column not in df.columns:
        return []
    lo, hi = limits or (S.USER_YEAR_MIN, S.USER_YEAR_MAX)
    y = df[column]
    bad = y.notna() & ((y < lo) | (y > hi))
    problems: list[Problem] = []
    _emit(problems, table, df, bad, column, f"a year between {lo} and {hi}",
          "check the year (a typo such as 20200 or a two-digit year?)")
    return problems


def check_references(
    table: str, df: pd.DataFrame, column: str, known: Iterable[Any], target: str
) -> list[Problem]:
    """Values that do not exist in another table (e.g. stats codes not in units)."""
    if column not in df.columns:
        return []
    known_set = set(known)
    bad = df[column].notna() & ~df[column].isin(known_set)
    problems: list[Problem] = []
    _emit(problems, table, df, bad, column, f"a value that exists in {target}",
          f"add the missing entry to {target}, or correct the {column}")
    return problems


def check_coordinates(table: str, df: pd.DataFrame, lon: str, lat: str, *,
                      china: bool = True) -> list[Problem]:
    """Coordinates out of range, swapped lon/lat, and (``china=True``) points outside
    China's extent; a region elsewhere passes ``china=False`` (meta ``outside_china``)."""
    if lon not in df.columns or lat not in df.columns:
        return []
    x, y = df[lon], df[lat]
    present = x.notna() & y.notna()
    lo_x, hi_x = S.CHINA_LON_RANGE
    lo_y, hi_y = S.CHINA_LAT_RANGE
    in_china = x.between(lo_x, hi_x) & y.between(lo_y, hi_y)
    swapped = present & x.between(lo_y, hi_y) & y.between(lo_x, hi_x) & ~in_china
    if not china:
        swapped &= y.abs() > 90
    world_bad = present & ~swapped & ((x.abs() > 180) | (y.abs() > 90))
    problems: list[Problem] = []
    _emit(problems, table, df, swapped, lon, f"longitude in {lo_x}-{hi_x} for China",
          f"the {lon}/{lat} values look swapped: exchange the two columns")
    _emit(problems, table, df, world_bad, lon, "longitude in -180..180 and latitude in -90..90",
          "correct the coordinates (decimal degrees, WGS84/GCJ-02 lon/lat)")
    if china:
        abroad = present & ~swapped & ~world_bad & ~in_china
        _emit(problems, table, df, abroad, lon,
              f"a point in China (lon {lo_x}-{hi_x}, lat {lo_y}-{hi_y})",
              "correct the coordinates; for a region outside China set outside_china = true "
              "in region.toml [meta] (import: --outside-china)")
    missing_one = (x.isna() ^ y.isna())
    _emit(problems, table, df, missing_one, lon, "both longitude and latitude, or neither",
          "fill in the missing coordinate")
    return problems


def check_geometry(units: pd.DataFrame, *, china: bool = True) -> list[Problem]:
    """Unit polygons: coordinates in range (and in China unless ``china=False``), not
    swapped, valid (no self-intersection such as a bow-tie) and not empty."""
    if "geometry" not in units.columns:
        return []
    import shapely

    geoms = np.asarray(units["geometry"].to_numpy(), dtype=object)
    present = np.array([g is not None and not (isinstance(g, float) and np.isnan(g))
                        for g in geoms])
    if not present.any():
        return []
    df = units.reset_index() if units.index.name == "code" else units.reset_index(drop=True)
    problems: list[Problem] = []
    idx = np.flatnonzero(present)
    g = geoms[idx]
    bounds = shapely.bounds(g)  # minx, miny, maxx, maxy
    lo_x, hi_x = S.CHINA_LON_RANGE
    lo_y, hi_y = S.CHINA_LAT_RANGE

    def mark(sel: np.ndarray) -> pd.Series:
        m = np.zeros(len(df), dtype=bool)
        m[idx[sel]] = True
        return pd.Series(m, index=df.index)

    with np.errstate(invalid="ignore"):
        empty = shapely.is_empty(g)
        world = ~empty & ((np.abs(bounds[:, [0, 2]]) > 180).any(axis=1)
                          | (np.abs(bounds[:, [1, 3]]) > 90).any(axis=1))
        inside = ((bounds[:, 0] >= lo_x) & (bounds[:, 2] <= hi_x)
                  & (bounds[:, 1] >= lo_y) & (bounds[:, 3] <= hi_y))
        swapped = (~empty & ~inside & (bounds[:, 0] >= lo_y) & (bounds[:, 2] <= hi_y)
                   & (bounds[:, 1] >= lo_x) & (bounds[:, 3] <= hi_x))
        if not china:
            swapped &= world
        invalid = ~empty & ~world & ~swapped & ~shapely.is_valid(g)
        polygonal = np.isin(shapely.get_type_id(g), [3, 6])  # Polygon, MultiPolygon
        flat = ~empty & ~invalid & polygonal & (shapely.area(g) <= 0)
    _emit(problems, "units", df, mark(empty), "geometry", "a non-empty geometry",
          "give the unit its boundary, or leave the geometry out")
    _emit(problems, "units", df, mark(swapped), "geometry", "lon/lat order (x = longitude)",
          "the polygon's coordinates look swapped: write [longitude, latitude] pairs")
    _emit(problems, "units", df, mark(world & ~swapped), "geometry",
          "coordinates in -180..180 (lon) and -90..90 (lat)",
          "reproject to WGS84 lon/lat (EPSG:4326) or correct the coordinates")
    if china:
        abroad = ~empty & ~world & ~swapped & ~inside
        _emit(problems, "units", df, mark(abroad), "geometry",
              f"a boundary inside China (lon {lo_x}-{hi_x}, lat {lo_y}-{hi_y})",
              "correct the boundary; for a region outside China set outside_china = true in "
              "region.toml [meta] (import: --outside-china)")
    reasons = [shapely.is_valid_reason(x) for x in g[invalid]]
    mask = mark(invalid)
    for n, (r, why) in enumerate(zip(_rows(mask), reasons, strict=True)):
        if n == _MAX_PER_CHECK:
            break
        problems.append(Problem("units", r, "geometry", why, "a valid polygon",
                                "repair it (shapely.make_valid; import: --make-valid) or "
                                "redraw the boundary"))
    _emit(problems, "units", df, mark(flat), "geometry", "a polygon with a positive area",
          "the polygon has zero area (degenerate ring): correct its coordinates")
    return problems


def check_units(units: pd.DataFrame, *, china: bool = True) -> list[Problem]:
    """All checks of the ``units`` table (index ``code`` or a ``code`` column)."""
    df = units.reset_index() if units.index.name == "code" else units
    problems = check_columns("units", df)
    problems += check_required_values("units", df)
    problems += check_unique("units", df)
    problems += check_allowed("units", df, "level", S.LEVELS)
    problems += check_allowed("units", df, "role", S.ROLES)
    problems += check_finite("units", df)
    problems += check_coordinates("units", df, "seat_lon", "seat_lat", china=china)
    problems += check_geometry(units, china=china)
    if "parent" in df.columns and "code" in df.columns:
        problems += check_references("units", df, "parent", df["code"].dropna(), "units.code")
    return problems


def check_stats(stats: pd.DataFrame, codes: Iterable[Any] | None, *,
                years: bool = True) -> list[Problem]:
    """All checks of the ``stats`` table; ``codes`` are the known unit codes; ``years=False``
    for a cross-section whose rows carry a label instead of a year."""
    problems = check_columns("stats", stats)
    problems += check_required_values("stats", stats)
    problems += check_unique("stats", stats)
    problems += check_finite("stats", stats)
    if years:
        problems += check_years("stats", stats, "year")
    problems += check_allowed("stats", stats, "quality", S.QUALITIES)
    if codes is not None:
        problems += check_references("stats", stats, "code", codes, "units")
    if {"indicator", "value", "unit"} <= set(stats.columns) and not stats.empty:
        problems += check_signs(stats)
        problems += check_units_of(stats)
    return problems


def _pairs(stats: pd.DataFrame) -> pd.DataFrame:
    """The distinct (indicator, unit) pairs with their first row and count."""
    df = pd.DataFrame({"indicator": stats["indicator"].astype("string"),
                       "unit": stats["unit"].astype("string").str.strip(),
                       "row": np.arange(1, len(stats) + 1)})
    return (df.dropna().groupby(["indicator", "unit"], sort=False)["row"]
            .agg(["first", "size"]).reset_index())


def check_signs(stats: pd.DataFrame) -> list[Problem]:
    """Negative values where neither the unit (a count, area, length, ...) nor the meaning
    of a registered measure (GDP, revenue, a share) allows them; never by name prefix."""
    from ._units import nonnegative

    neg = stats["value"].notna() & (stats["value"] < 0)
    if not neg.any():
        return []
    pairs = _pairs(stats[neg.to_numpy()])
    refused = {(r.indicator, r.unit) for r in pairs.itertuples() if nonnegative(r.indicator,
                                                                                 r.unit)}
    if not refused:
        return []
    key = pd.Series(list(zip(stats["indicator"].astype("string"),
                             stats["unit"].astype("string").str.strip(), strict=True)),
                    index=stats.index)
    bad = neg & key.isin(refused)
    problems: list[Problem] = []
    _emit(problems, "stats", stats, bad, "value", "a value >= 0 (a count, amount, area or "
          "share cannot be negative)",
          "correct the value; if it truly can be negative (a balance, a change), give it a "
          "unit or an indicator name that says so")
    return problems


def check_units_of(stats: pd.DataFrame) -> list[Problem]:
    """One unit per indicator, and the registered unit (or a convertible one) for a
    registered measure: mixed units would be summed and labelled wrongly."""
    from . import _units as U
    from .measures import MEASURES

    problems: list[Problem] = []
    pairs = _pairs(stats)
    for name, grp in pairs.groupby("indicator", sort=False):
        units = grp["unit"].tolist()
        if len(units) > 1:
            listing = ", ".join(f"{u} ({n} rows, first row {f})" for u, n, f in
                                zip(grp["unit"], grp["size"], grp["first"], strict=True))
            convertible = all(U.factor(u, units[0]) is not None for u in units)
            fix = ("convert every row to one unit (`metroscope data import` converts "
                   f"{', '.join(units)} and says so)" if convertible else
                   "these units measure different things: correct the unit or split the "
                   "rows into separate indicators")
            problems.append(Problem("stats", int(grp["first"].iloc[1]), "unit", str(name),
                                    f"one unit per indicator, found {listing}", fix))
            continue
        m = MEASURES.get(str(name))
        unit = units[0]
        if m is None or unit == m.unit or U.dimension(unit) is None:
            continue
        f = U.factor(unit, m.unit)
        fix = (f"convert to {m.unit} (multiply by {f:g}; `metroscope data import` does it)"
               if f is not None else f"give {name} in {m.unit}, or rename the indicator")
        problems.append(Problem("stats", int(grp["first"].iloc[0]), "unit", unit,
                                f"{m.unit} for the registered measure {name}", fix))
    return problems


def check_plausibility(region_tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Plausibility limits for the embedded (curated) data only: years
    ``YEAR_MIN``-``YEAR_MAX``. A user's data may hold any year (PySAL's Mexico 1940-2000)."""
    limits = (S.YEAR_MIN, S.YEAR_MAX)
    out: list[Problem] = []
    for table, column in (("stats", "year"), ("links", "open_year"),
                          ("projects", "target_year")):
        if table in region_tables:
            out += check_years(table, region_tables[table], column, limits=limits)
    return out


def check_nodes(nodes: pd.DataFrame, codes: Iterable[Any] | None, *,
                china: bool = True) -> list[Problem]:
    """All checks of the ``nodes`` table."""
    problems = check_columns("nodes", nodes)
    problems += check_required_values("nodes", nodes)
    problems += check_unique("nodes", nodes)
    problems += check_allowed("nodes", nodes, "kind", S.NODE_KINDS)
    problems += check_finite("nodes", nodes)
    problems += check_coordinates("nodes", nodes, "lon", "lat", china=china)
    if codes is not None:
        problems += check_references("nodes", nodes, "code", codes, "units")
    return problems


def check_links(links: pd.DataFrame, node_ids: Iterable[Any] | None) -> list[Problem]:
    """All checks of the ``links`` table; ``node_ids`` are the known nodes."""
    problems = check_columns("links", links)
    problems += check_required_values("links", links)
    problems += check_unique("links", links)
    problems += check_allowed("links", links, "mode", S.MODES)
    problems += check_allowed("links", links, "status", S.STATUSES)
    problems += check_finite("links", links)
    for col in ("length_km", "speed_kph", "minutes", "headway_min"):
        problems += check_positive("links", links, col)
    problems += check_years("links", links, "open_year")
    if node_ids is not None:
        ids = list(node_ids)
        problems += check_references("links", links, "from_node", ids, "nodes.node_id")
        problems += check_references("links", links, "to_node", ids, "nodes.node_id")
    if {"from_node", "to_node"} <= set(links.columns):
        loop = links["from_node"].notna() & (links["from_node"] == links["to_node"])
        _emit(problems, "links", links, loop, "to_node", "a node different from from_node",
              "remove the self-loop or correct one of its ends")
    if {"speed_kph", "minutes"} <= set(links.columns):
        # road and urban links may leave both empty: the router uses the settings' speeds
        settled = links["mode"].isin(S.SETTINGS_SPEED_MODES) if "mode" in links.columns else False
        neither = links["speed_kph"].isna() & links["minutes"].isna() & ~settled
        _emit(problems, "links", links, neither, "speed_kph", "speed_kph or minutes",
              "give the link a speed (km/h) or a travel time (minutes)")
    elif ("speed_kph" not in links.columns and "minutes" not in links.columns
          and not links.get("mode", pd.Series(dtype=str)).isin(S.SETTINGS_SPEED_MODES).all()):
        problems.append(Problem("links", None, "speed_kph", None, "a speed_kph or minutes column",
                                "add speed_kph (km/h) or minutes to every link"))
    return problems


def check_access(access: pd.DataFrame, codes: Iterable[Any] | None,
                 node_ids: Iterable[Any] | None) -> list[Problem]:
    """All checks of the ``access`` table."""
    problems = check_columns("access", access)
    problems += check_required_values("access", access)
    problems += check_unique("access", access)
    problems += check_finite("access", access)
    problems += check_positive("access", access, "minutes", allow_zero=True)
    if codes is not None:
        problems += check_references("access", access, "code", codes, "units")
    if node_ids is not None:
        problems += check_references("access", access, "node_id", node_ids, "nodes.node_id")
    return problems


def check_projects(projects: pd.DataFrame) -> list[Problem]:
    """All checks of the ``projects`` table."""
    problems = check_columns("projects", projects)
    problems += check_required_values("projects", projects)
    problems += check_unique("projects", projects)
    problems += check_finite("projects", projects)
    problems += check_years("projects", projects, "target_year")
    problems += check_positive("projects", projects, "budget_cny_100m")
    return problems


def raise_if(problems: list[Problem], context: str) -> None:
    """Raise one :class:`DataValidationError` listing every problem, if there are any."""
    if problems:
        raise DataValidationError(problems, context=context)
