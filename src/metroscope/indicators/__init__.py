"""Indicators for every claim about a metropolitan area: primacy, spillover (辐射), population,
industry, complexity, inequality, convergence and integration.

Every indicator is a pure function over a :class:`~metroscope.Region` that returns a DataFrame
with documented columns and index and carries its provenance in ``result.attrs['metroscope']``
(indicator, year, level, measure, parameters, sources, notes, reference). Formulas and
conventions: ``docs/indicators.md`` and METHODS.md.

:data:`REGISTRY` lists every indicator the CLI (``metroscope analyze NAME``) can run, with a
one-line Chinese and English description. Modules are imported only when an indicator runs::

    from metroscope.indicators import REGISTRY, get
    get("primacy").function(region, measure="gdp")
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .._errors import UnknownIndicatorError, shorten
from ..messages import Message

if TYPE_CHECKING:
    import pandas as pd

    from ..region import Region

__all__ = ["REGISTRY", "Indicator", "get", "names", "values_region"]


@dataclass(frozen=True)
class Indicator:
    """A registered indicator.

    Attributes
    ----------
    name
        CLI name (snake_case; the CLI also accepts hyphens).
    zh, en
        One-line descriptions in Chinese and English.
    target
        ``module:function`` inside :mod:`metroscope.indicators`.
    table_ok
        True when it needs only a table of values (runs on a user's CSV with ``--data``).
    kind
        How a user's value columns are passed in table mode: ``measure`` (one column, the
        measured quantity), ``industries`` (columns = industries) or ``indicators`` (columns
        = indicators of a composite index); empty when table mode does not apply.
    forwards
        ``module:function`` whose keyword arguments this one forwards (``**kwargs``).
    """

    name: str
    zh: str
    en: str
    target: str
    table_ok: bool = False
    kind: str = ""
    forwards: str | None = None

    @property
    def function(self) -> Callable[..., pd.DataFrame]:
        """The function (imported on first use)."""
        return _resolve(self.target)

    @property
    def parameter_source(self) -> Callable[..., pd.DataFrame]:
        """The function whose signature lists the accepted keyword arguments."""
        return _resolve(self.forwards or self.target)


def _resolve(target: str) -> Callable[..., pd.DataFrame]:
    module, func = target.split(":")
    fn: Callable[..., pd.DataFrame] = getattr(
        importlib.import_module(f"{__name__}.{module}"), func)
    return fn


_I = Indicator
_INTEGRATION = "integration:integration_index"
REGISTRY: dict[str, Indicator] = {i.name: i for i in (
    _I("primacy", "首位度:核心占上级比重、二/四/十一城指数、位序-规模指数",
       "Primacy: core's share of the parent, 2-, 4-, 11-city indices, rank-size q",
       "primacy:primacy_table", True, "measure"),
    _I("primacy_trend", "首位度历年变化", "Primacy in every year present",
       "primacy:primacy_trend", True, "measure"),
    _I("rank_size", "位序-规模(齐夫)指数 q、R²、n", "Rank-size (Zipf) exponent q with R² and n",
       "rank_size:rank_size", True, "measure"),
    _I("linkage", "经济联系强度(引力模型,√(P·G),方向系数k)",
       "Economic linkage intensity (gravity, √(P·G) masses, directional k)",
       "spillover:linkage_intensity"),
    _I("membership", "经济隶属度(各单元联系量流向的份额)",
       "Economic membership degree (share of each unit's linkage by destination)",
       "spillover:membership_table"),
    _I("spillover", "辐射表:核心的质量份额与联系量份额并列",
       "Spillover table: the core's share of mass beside its share of total linkage",
       "spillover:spillover_table"),
    _I("breaking_points", "断裂点(康弗斯公式)", "Breaking points between pairs (Converse)",
       "hinterland:breaking_points"),
    _I("field_strength", "场强与腹地划分", "Field strength of centres and their hinterlands",
       "hinterland:field_strength"),
    _I("urban_flow", "城市流强度(外向型部门区位熵)",
       "Urban flow intensity (location quotients of outward-oriented sectors)",
       "flow:urban_flow_intensity"),
    _I("population_change", "人口变化(绝对、百分比、年均)与收缩单元",
       "Population change (absolute, %, annualised) and shrinking units",
       "population:population_change"),
    _I("core_periphery", "核心与外围:合并单元的人口变化与核心/其他成员的GDP变化",
       "Core vs periphery: population of the consolidated core units, GDP of core vs members",
       "core_periphery:core_periphery"),
    _I("ageing", "老龄化:65岁及以上人口占比及变化", "Ageing: share aged 65+ and its change",
       "population_structure:ageing"),
    _I("migration", "迁入人口构成(本县、省内、外省)占常住人口比重",
       "In-migrant shares (same county, rest of province, other provinces)",
       "population_structure:migration_shares"),
    _I("urbanisation", "城镇化率及其变化", "Urbanisation rate and its change",
       "population_structure:urbanisation"),
    _I("population_projection", "人口恒定增长率外推(附注意事项)",
       "Constant-rate population projection (with its caveat)",
       "population:population_projection"),
    _I("lq", "区位熵(默认以所在省份为基准)", "Location quotients (default base: the province)",
       "industry:location_quotients", True, "industries"),
    _I("lq_evidence", "区位熵的抽样人数、95%置信区间与可靠性",
       "Location quotients with sample size, 95 % interval and reliability flag",
       "lq_evidence:lq_evidence", True, "industries"),
    _I("krugman", "克鲁格曼专业化指数(相对其余单元)",
       "Krugman specialisation index (vs the rest)",
       "industry:krugman_specialisation", True, "industries"),
    _I("similarity", "产业结构相似系数矩阵", "Industrial structure similarity matrix",
       "similarity:similarity_matrix", True, "industries"),
    _I("duplication", "产业同构表:相似系数与双边克鲁格曼指数",
       "Duplication table: similarity and bilateral Krugman index of every pair",
       "similarity:duplication_table", True, "industries"),
    _I("complementarity", "产业互补表:一方专业化而另一方不专业化的行业",
       "Complementarity table: industries where one unit is specialised and the other not",
       "similarity:complementarity", True, "industries"),
    _I("rca", "显示性比较优势与M矩阵", "Revealed comparative advantage and the M matrix",
       "industry:revealed_comparative_advantage", True, "industries"),
    _I("eci", "经济复杂度指数(ECI)", "Economic complexity index (ECI)",
       "complexity:economic_complexity", True, "industries"),
    _I("pci", "产业复杂度指数(PCI)", "Product (industry) complexity index (PCI)",
       "complexity:product_complexity", True, "industries"),
    _I("proximity", "产业邻近度", "Proximity between industries",
       "complexity:proximity", True, "industries"),
    _I("density", "产业密度(关联能力)", "Density of each unit around each industry",
       "complexity:density", True, "industries"),
    _I("division_of_labour", "分工表:各成员区位熵>1的行业,按证据强弱排序",
       "Division of labour: each member's industries with LQ > 1, ranked by evidence",
       "industry:division_of_labour", True, "industries"),
    _I("target_clusters", "目标产业集群与普查行业的对应(及其局限)",
       "Target clusters mapped to census industries (and the limits)",
       "industry:target_clusters"),
    _I("theil", "泰尔指数T与L及组间/组内分解", "Theil T and L with between/within decomposition",
       "inequality:theil", True, "measure"),
    _I("gini", "基尼系数", "Gini coefficient", "inequality:gini", True, "measure"),
    _I("cv", "变异系数(及威廉森加权变异系数)", "Coefficient of variation (and Williamson's)",
       "inequality:coefficient_of_variation", True, "measure"),
    _I("sigma_convergence", "σ收敛(历年离散度)", "σ-convergence (dispersion over the years)",
       "convergence:sigma_convergence", True, "measure"),
    _I("beta_convergence", "β收敛(增长率对初始水平回归,速度与半衰期)",
       "β-convergence (growth on initial level, speed and half-life)",
       "convergence:beta_convergence", True, "measure"),
    _I("entropy_weights", "熵权法权重(多年合并标准化)",
       "Entropy weights (years pooled before standardising)",
       "integration:integration_weights", True, "indicators", _INTEGRATION),
    _I("integration", "一体化综合指数(熵权)", "Composite integration index (entropy weights)",
       _INTEGRATION, True, "indicators"),
    _I("weight_sensitivity", "权重±20%敏感性(排名变化)",
       "Weight sensitivity ±20 % (rank changes)",
       "integration:weight_sensitivity", True, "indicators", _INTEGRATION),
    _I("coupling", "耦合协调度(两个子指数)", "Coupling-coordination degree of two sub-indices",
       "coupling:coupling_coordination", True, "indicators", _INTEGRATION),
)}


def names() -> list[str]:
    """Names of every registered indicator, in registry order.

    Raises
    ------
    Nothing; it lists the registry.

    Examples
    --------
    >>> len(names()), names()[:3]
    (37, ['primacy', 'primacy_trend', 'rank_size'])
    """
    return list(REGISTRY)


def get(name: str) -> Indicator:
    """The registered indicator ``name`` (hyphens accepted).

    Raises
    ------
    UnknownIndicatorError
        Naming the registered indicators.

    Examples
    --------
    >>> get("gini").name
    'gini'
    """
    key = name.strip().replace("-", "_").lower()
    if key not in REGISTRY:
        msg = Message("err_unknown_indicator", got=shorten(name), allowed=list(REGISTRY))
        raise UnknownIndicatorError(msg)
    return REGISTRY[key]


def values_region(table: pd.DataFrame, **kwargs: Any) -> Region:
    """A Region from a plain table of values (see :func:`._table.values_region` for the
    keyword arguments: ``id_col``, ``value_cols``, ``group_col``, ``year_col``, ``year``,
    ``level``, ``source``, ``name``).

    Raises
    ------
    MissingDataError
        Propagated from :func:`metroscope.indicators._table.values_region`: missing columns,
        no year, duplicate (id, year) rows or non-numeric values (all listed).

    Examples
    --------
    >>> t = pd.DataFrame({"city": ["a", "b"], "gdp": [1.0, 3.0]})
    >>> values_region(t, id_col="city", value_cols=["gdp"], year=2020).table("gdp")
          gdp
    code
    a     1.0
    b     3.0
    """
    from ._table import values_region as _vr

    return _vr(table, **kwargs)
