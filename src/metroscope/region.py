"""The Region: four validated tables (units, stats, network, projects) and a name.

Every module reads and returns Regions or their tables; nothing else is shared state. This
module holds the Region and its accessors (selection, stats views, geography, I/O); turning the
given tables into the documented ones and listing their problems is :mod:`._region_tables`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import _region_tables as T
from . import _schema as S
from . import _validate as V
from ._errors import (
    MissingDataError,
    ParameterError,
    Problem,
    UnknownIndicatorError,
    UnknownUnitError,
    shorten,
)
from ._region_tables import NETWORK_TABLES, TABLE_NAMES, empty_table, normalise_strings
from .messages import Message

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["NETWORK_TABLES", "Region", "empty_table", "normalise_strings"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, eq=False)
class Region:
    """A metropolitan area (or any set of units) with its statistics, network and projects.

    Parameters
    ----------
    name
        Short name, e.g. ``changchun``.
    units
        GeoDataFrame (EPSG:4326) indexed by ``code``; columns in ``docs/data-model.md``.
    stats
        Long table ``code, year, indicator, value, unit, source, quality, break``.
    nodes, links, access
        The network: stations/seats, links between them, and seat-to-node access minutes.
    projects
        Projects with status, dates, sources and the scenario edits their completion implies.
    extra
        Further named tables (e.g. ``metro_areas`` in the ``china`` dataset).
    meta
        Free metadata (titles, assumptions, coordinate-system notes) kept in ``region.toml``;
        ``outside_china = true`` turns off the checks that seats and boundaries lie in China.
    validate
        Check every table on construction and raise one
        :class:`~metroscope.DataValidationError` listing every problem.

    Raises
    ------
    DataValidationError
        When any table breaks the data model.
    """

    name: str
    units: gpd.GeoDataFrame
    stats: pd.DataFrame = field(default_factory=lambda: empty_table("stats"))
    nodes: pd.DataFrame = field(default_factory=lambda: empty_table("nodes"))
    links: pd.DataFrame = field(default_factory=lambda: empty_table("links"))
    access: pd.DataFrame = field(default_factory=lambda: empty_table("access"))
    projects: pd.DataFrame = field(default_factory=lambda: empty_table("projects"))
    extra: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    meta: Mapping[str, Any] = field(default_factory=dict)
    validate: bool = True

    def __post_init__(self) -> None:
        given = {name: getattr(self, name) for name in TABLE_NAMES}
        units, tables, problems = T.normalised_tables(self.units, given)
        object.__setattr__(self, "units", units)
        for name, df in tables.items():
            object.__setattr__(self, name, df)
        object.__setattr__(self, "extra", {k: normalise_strings(pd.DataFrame(v).reset_index(
            drop=True)) for k, v in self.extra.items()})
        object.__setattr__(self, "meta", dict(self.meta))
        if self.validate:
            problems += self.problems()
            V.raise_if(problems, Message("val_ctx_region", name=self.name))

    # ------------------------------------------------------------------ validation
    def problems(self) -> list[Problem]:
        """Every problem in every table (empty list when the Region is valid).

        Raises
        ------
        Nothing; the problems are returned, not raised.

        Examples
        --------
        >>> region.problems()
        []
        """
        return T.table_problems(self.units, {name: getattr(self, name) for name in TABLE_NAMES},
                                self.meta)

    # ------------------------------------------------------------------ views
    def __repr__(self) -> str:
        return (f"Region({self.name!r}: {len(self.units)} units, {len(self.stats)} stats rows, "
                f"{len(self.nodes)} nodes, {len(self.links)} links, {len(self.projects)} projects)")

    @property
    def title(self) -> str:
        """English title from the metadata (or the name)."""
        return str(self.meta.get("title_en", self.name))

    @property
    def title_zh(self) -> str:
        """Chinese title from the metadata (or the name)."""
        return str(self.meta.get("title_zh", self.name))

    def codes(self, *, roles: Iterable[str] | None = None, level: str | None = None) -> list[str]:
        """Unit codes with the given roles and level, in table order.

        Raises
        ------
        ParameterError
            For an unknown role or level (the message lists the valid ones).

        Examples
        --------
        >>> region.codes(roles=["core"], level="prefecture")
        ['220100']
        >>> len(region.codes(level="county"))
        65
        """
        mask = pd.Series(True, index=self.units.index)
        if roles is not None:
            roles = [roles] if isinstance(roles, str) else list(roles)
            unknown = sorted(set(roles) - set(S.ROLES))
            if unknown:
                msg = Message("err_unknown_roles", got=shorten(unknown), allowed=list(S.ROLES))
                raise ParameterError(msg)
            mask &= self.units["role"].isin(roles)
        if level is not None:
            if level not in S.LEVELS:
                msg = Message("err_unknown_level", got=shorten(level), allowed=list(S.LEVELS))
                raise ParameterError(msg)
            mask &= self.units["level"] == level
        return [str(c) for c in self.units.index[mask.to_numpy()]]

    def select(
        self,
        *,
        roles: Iterable[str] | str | None = None,
        level: str | None = None,
        codes: Iterable[str] | None = None,
    ) -> Region:
        """A new Region with only the selected units and their stats and access rows.

        The network and projects are kept whole (lines cross unit boundaries); parents that
        fall outside the selection are cleared.

        Raises
        ------
        UnknownUnitError
            When a code in ``codes`` is not a unit of the region (an ``UnknownRegionError``).
        ParameterError
            For an unknown role or level.

        Examples
        --------
        >>> region.select(roles="core", level="county")
        Region('changchun': 9 units, 469 stats rows, 132 nodes, 338 links, 3 projects)
        """
        keep = self.codes(roles=roles, level=level)
        if codes is not None:
            wanted = [str(c) for c in codes]
            missing = sorted(set(wanted) - set(self.units.index))
            if missing:
                msg = Message("err_codes_not_in_region", region=self.name, got=shorten(missing))
                raise UnknownUnitError(msg)
            keep = [c for c in keep if c in set(wanted)]
        units = self.units.loc[keep].copy()
        units.loc[~units["parent"].isin(keep), "parent"] = pd.NA
        return replace(
            self,
            units=units,
            stats=self.stats[self.stats["code"].isin(keep)],
            access=self.access[self.access["code"].isin(keep)],
            nodes=self.nodes.assign(code=self.nodes["code"].where(self.nodes["code"].isin(keep))),
            validate=False,
        )

    def with_tables(self, **tables: Any) -> Region:
        """A new Region with some tables replaced (validated again).

        Raises
        ------
        DataValidationError
            When the new tables break the data model (every problem listed).

        Examples
        --------
        >>> two = region.with_tables(projects=region.projects.head(2))
        >>> len(two.projects), len(region.projects)
        (2, 3)
        """
        return replace(self, validate=True, **tables)

    def indicators(self) -> list[str]:
        """Indicator names present in ``stats``, sorted.

        Raises
        ------
        Nothing.

        Examples
        --------
        >>> region.indicators()[:3]
        ['education_years_mean', 'employed_sample_agriculture', 'employed_sample_business_services']
        >>> len(region.indicators())
        50
        """
        return sorted(self.stats["indicator"].dropna().unique().tolist())

    def years(self, indicator: str | None = None) -> list[int]:
        """Years present in ``stats`` (for one indicator if given), sorted.

        Raises
        ------
        Nothing; an unknown indicator gives an empty list.

        Examples
        --------
        >>> region.years()
        [2010, 2015, 2019, 2020, 2021, 2022, 2023, 2024]
        >>> region.years("gdp")[:3]
        [2010, 2015, 2019]
        """
        s = self.stats if indicator is None else self.stats[self.stats["indicator"] == indicator]
        return sorted(int(y) for y in s["year"].dropna().unique())

    def table(
        self,
        indicators: str | Sequence[str],
        year: int | None = None,
        *,
        level: str | None = None,
        codes: Iterable[str] | None = None,
    ) -> pd.DataFrame:
        """Wide view of stats: one row per unit (index ``code``), one column per indicator.

        With ``year=None`` the latest year present for each indicator is used; the chosen year
        per column is in ``result.attrs['years']``. Units without a value get NaN.

        Raises
        ------
        UnknownIndicatorError
            When an indicator is not in the stats (the message lists the available ones).
        ParameterError
            For an unknown ``level``.

        Examples
        --------
        >>> region.table(["population", "gdp"], 2020, codes=["220100", "220200"])
                population      gdp
        code
        220100   9066906.0  6601.59
        220200   3623713.0  1453.00
        """
        names = [indicators] if isinstance(indicators, str) else list(indicators)
        unknown = [n for n in names if n not in set(self.stats["indicator"])]
        if unknown:
            msg = Message("err_indicators_not_in_stats", got=shorten(unknown), region=self.name,
                          allowed=list(self.indicators()))
            raise UnknownIndicatorError(msg)
        index = self.codes(level=level)
        if codes is not None:
            wanted = {str(c) for c in codes}
            index = [c for c in index if c in wanted]
        out = pd.DataFrame(index=pd.Index(index, name="code", dtype="string"))
        years: dict[str, int] = {}
        for n in names:
            s = self.stats[self.stats["indicator"] == n]
            y = int(s["year"].max()) if year is None else int(year)
            years[n] = y
            vals = s[s["year"] == y].set_index("code")["value"]
            out[n] = vals.reindex(out.index).astype("float64").to_numpy()
        out.attrs["years"] = years
        return out

    def series(self, indicator: str, *, level: str | None = None) -> pd.DataFrame:
        """One indicator as a code x year table (NaN where missing).

        Raises
        ------
        UnknownIndicatorError
            When ``indicator`` is not in the stats.
        ParameterError
            For an unknown ``level``.

        Examples
        --------
        >>> region.series("population", level="prefecture").loc[["220100", "220200"], [2010, 2020]]
        year         2010       2020
        code
        220100  8767375.0  9066906.0
        220200  4413157.0  3623713.0
        """
        if indicator not in set(self.stats["indicator"]):
            msg = Message("err_indicator_not_in_stats", got=shorten(indicator), region=self.name,
                          allowed=list(self.indicators()))
            raise UnknownIndicatorError(msg)
        s = self.stats[self.stats["indicator"] == indicator]
        wide = s.pivot_table(index="code", columns="year", values="value", aggfunc="first")
        index = self.codes(level=level)
        return wide.reindex(pd.Index(index, name="code"))

    def breaks(self, indicator: str) -> pd.DataFrame:
        """Rows of ``indicator`` flagged as series breaks (code, year, note).

        Raises
        ------
        Nothing; an unknown indicator gives an empty table.

        Examples
        --------
        >>> region.breaks("population").shape
        (13, 3)
        """
        s = self.stats[(self.stats["indicator"] == indicator) & self.stats["break"]]
        cols = [c for c in ("code", "year", "note") if c in s.columns]
        return s[cols].reset_index(drop=True)

    def has_break(self, indicator: str, code: str, start: int, end: int) -> bool:
        """True when the series of ``code`` has a break in ``(start, end]``.

        Raises
        ------
        Nothing; an unknown indicator or code gives ``False``.

        Examples
        --------
        >>> region.has_break("population", "220100", 2010, 2020)
        False
        """
        s = self.stats
        m = ((s["indicator"] == indicator) & (s["code"] == code) & s["break"]
             & (s["year"] > start) & (s["year"] <= end))
        return bool(m.any())

    def aggregate(self, indicators: str | Sequence[str], *, year: int | None = None,
                  to: str = "prefecture") -> pd.DataFrame:
        """Sum county-level stats to their parents at level ``to`` (additive measures only).

        Returns a DataFrame indexed by the parent code with one column per indicator and a
        ``n_children`` column; a parent with any child missing the value gets NaN for it.
        Where a parent's own figure for the same year differs from its children's sum (e.g. a
        census prefecture total that counts development zones no county row holds: 吉林市's
        counties sum to 3,368,410 against its 3,623,713), ``attrs["metroscope"]["notes"]``
        names the parent, both figures and the gap, and the 2020 census's uncoded development
        zones (``extra['uncoded_zones']``) when they make up the gap exactly (吉林市: 255,303).

        Raises
        ------
        MissingDataError
            When an indicator is a ratio (``*_pct``, ``*_mean``, ``share_*``), not additive.
        UnknownIndicatorError
            When an indicator is not in the stats.

        Examples
        --------
        >>> region.aggregate("population", year=2020).loc[["220100", "220200"]]
                population  n_children
        code
        220100   9066906.0          15
        220200   3368410.0           9
        """
        return T.aggregate(self, indicators, year, to)

    # ------------------------------------------------------------------ geography
    def core_code(self) -> str:
        """Code of the unit whose seat is the core's centre (``meta['core_code']`` or the
        core prefecture).

        Raises
        ------
        MissingDataError
            When ``meta`` has no ``core_code`` and no unit has role ``core``.

        Examples
        --------
        >>> region.core_code()
        '220100'
        """
        if "core_code" in self.meta:
            return str(self.meta["core_code"])
        cores = self.codes(roles=["core"], level="prefecture") or self.codes(roles=["core"])
        if not cores:
            msg = Message("err_no_core", region=self.name)
            raise MissingDataError(msg)
        return cores[0]

    def metro_area(self, name: str) -> Region:
        """A national metropolitan area as a Region with roles set (``china`` dataset only).

        ``name`` is the full name (``南京都市圈``), the short form (``南京``), the core city
        (``南京市``) or its English name (``Nanjing``). County-level roles come from the
        ``metro_areas`` table (core by one rule: the core city's central districts and
        development zones; see ``datasets/DATA.md``); prefectures are core, member or partial
        from their counties; every other unit of the touched provinces is ``context``.
        ``metroscope.areas.list_areas()`` lists the areas.

        Raises
        ------
        UnknownRegionError
            If the region has no metropolitan-area tables, or ``name`` matches no area (the
            message lists the valid names).

        Examples
        --------
        >>> china.metro_area("长春都市圈")
        Region('长春都市圈': 75 units, 1997 stats rows, 2847 nodes, 8110 links, 0 projects)
        """
        from ._metro import metro_area_region

        return metro_area_region(self, name)

    # ------------------------------------------------------------------ I/O
    def write(self, path: str | Path, *, fmt: str = "csv", overwrite: bool = False) -> Path:
        """Write the Region as a bundle folder (``region.toml`` + one file per table).

        ``fmt='csv'`` writes CSV tables and GeoJSON units; ``fmt='parquet'`` writes Parquet
        tables and GeoParquet units. The folder is written atomically (built beside ``path``
        and swapped in); an existing bundle is replaced only with ``overwrite=True``, and a
        non-empty folder that is not a bundle is never replaced.

        Raises
        ------
        OutputError
            When ``path`` may not or cannot be written (see
            :func:`metroscope.bundle.write_bundle`).
        FileFormatError
            For an unknown ``fmt``.

        Examples
        --------
        >>> toml = region.select(codes=["220100"]).write(tmp_path / "written", fmt="parquet")
        >>> sorted(p.name for p in toml.parent.iterdir())[:3]
        ['access.parquet', 'links.parquet', 'nodes.parquet']
        """
        from .bundle import write_bundle

        return write_bundle(self, Path(path), fmt=fmt, overwrite=overwrite)

    @classmethod
    def read(cls, path: str | Path) -> Region:
        """Read a bundle folder (see :meth:`write`).

        Raises
        ------
        FileFormatError
            When the folder has no readable ``region.toml``.
        DataValidationError
            Listing every problem of the bundle's tables at once.

        Examples
        --------
        >>> toml = region.select(codes=["220100"]).write(tmp_path / "to_read")
        >>> metroscope.Region.read(toml.parent)
        Region('changchun': 1 units, 103 stats rows, 132 nodes, 338 links, 3 projects)
        """
        from .bundle import read_bundle

        return read_bundle(Path(path))
