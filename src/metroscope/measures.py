"""Registry of the statistics (``stats.indicator``) that metroscope knows by name.

Each measure has a snake_case name, a unit, and a Chinese and an English label. User data may
carry other indicator names; they are kept and can be analysed, but only registered names get
labels in reports. The 20 census industries are registered as ``employed_sample_<industry>``:
they are long-form *sample* counts (about 10 % of the employed) and must be used for shares only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Measure:
    """A named statistic: name, unit, Chinese and English labels, a note, and whether a
    value can be negative (a growth rate can; a population, GDP or share cannot)."""

    name: str
    unit: str
    name_zh: str
    name_en: str
    note: str = ""
    nonnegative: bool = True


# The 20 industry sections of the census (GB/T 4754-2017 sections A-T; the 2010 census used the
# 2002 edition, whose 20 sections map one to one onto these).
INDUSTRIES: Final[tuple[tuple[str, str, str], ...]] = (
    ("agriculture", "农林牧渔业", "Agriculture, forestry, animal husbandry and fishery"),
    ("mining", "采矿业", "Mining"),
    ("manufacturing", "制造业", "Manufacturing"),
    ("utilities", "电力、热力、燃气及水生产和供应业", "Electricity, heat, gas and water supply"),
    ("construction", "建筑业", "Construction"),
    ("wholesale_retail", "批发和零售业", "Wholesale and retail trade"),
    ("transport", "交通运输、仓储和邮政业", "Transport, storage and post"),
    ("hospitality", "住宿和餐饮业", "Accommodation and catering"),
    ("information", "信息传输、软件和信息技术服务业", "Information transmission, software and IT"),
    ("finance", "金融业", "Finance"),
    ("real_estate", "房地产业", "Real estate"),
    ("business_services", "租赁和商务服务业", "Leasing and business services"),
    ("research", "科学研究和技术服务业", "Scientific research and technical services"),
    ("environment", "水利、环境和公共设施管理业", "Water, environment and public facilities"),
    ("household_services", "居民服务、修理和其他服务业", "Household, repair and other services"),
    ("education", "教育", "Education"),
    ("health", "卫生和社会工作", "Health and social work"),
    ("culture", "文化、体育和娱乐业", "Culture, sports and entertainment"),
    ("public_admin", "公共管理、社会保障和社会组织", "Public administration and social organisations"),
    ("international", "国际组织", "International organisations"),
)

_SAMPLE_NOTE = "census long-form sample count: use for shares, not levels"

_BASE: Final[tuple[Measure, ...]] = (
    Measure("population", "persons", "常住人口", "Resident population", "census count"),
    Measure("population_urban", "persons", "城镇人口", "Urban population"),
    Measure("population_rural", "persons", "乡村人口", "Rural population"),
    Measure("population_chengqu", "persons", "城区人口", "Population of the built-up city (城区)"),
    Measure(
        "population_yearend", "persons", "年末常住人口", "Year-end resident population",
        "official statistics; converted from 万人 to persons",
    ),
    Measure("households", "households", "家庭户数", "Family households"),
    Measure("share_age_0_14_pct", "pct", "0-14岁人口占比", "Share aged 0-14"),
    Measure("share_age_15_64_pct", "pct", "15-64岁人口占比", "Share aged 15-64"),
    Measure("share_age_15_59_pct", "pct", "15-59岁人口占比", "Share aged 15-59"),
    Measure("share_age_60_plus_pct", "pct", "60岁及以上人口占比", "Share aged 60 and over"),
    Measure("share_age_65_plus_pct", "pct", "65岁及以上人口占比", "Share aged 65 and over"),
    Measure(
        "inmigrants_same_county", "persons", "人户分离(本县)", "In-migrants from the same county",
        "residents registered (hukou) in another township of the same county",
    ),
    Measure(
        "inmigrants_other_county", "persons", "省内其他县迁入", "In-migrants from the rest of the "
        "province", "residents registered in another county of the same province",
    ),
    Measure(
        "inmigrants_other_province", "persons", "省外迁入", "In-migrants from other provinces",
        "residents registered in another province",
    ),
    Measure("education_years_mean", "years", "平均受教育年限", "Mean years of schooling"),
    Measure(
        "graduates_college_plus", "persons", "大专及以上人口", "Persons with college education "
        "or higher", "census sample where the yearbook reports the long form",
    ),
    Measure(
        "households_car_sample", "households", "拥有家用汽车户数(长表)",
        "Households owning a car (long-form sample)", _SAMPLE_NOTE,
    ),
    Measure(
        "households_sample", "households", "家庭户数(长表)", "Family households (long-form sample)",
        _SAMPLE_NOTE,
    ),
    Measure(
        "employed_sample_total", "persons", "各行业从业人口(长表)",
        "Employed persons, all industries (long-form sample)", _SAMPLE_NOTE,
    ),
    Measure("gdp", "cny_100m", "地区生产总值", "Gross domestic product", "current prices, 亿元"),
    Measure("gdp_growth_pct", "pct", "GDP实际增速", "Real GDP growth", nonnegative=False),
    Measure("va_primary", "cny_100m", "第一产业增加值", "Value added, primary sector"),
    Measure("va_secondary", "cny_100m", "第二产业增加值", "Value added, secondary sector"),
    Measure("va_tertiary", "cny_100m", "第三产业增加值", "Value added, tertiary sector"),
    Measure("gdp_per_capita", "yuan", "人均地区生产总值", "GDP per capita"),
    Measure("industrial_va_growth_pct", "pct", "规上工业增加值增速", "Industrial value added growth",
            nonnegative=False),
    Measure(
        "industrial_va_above_scale", "cny_100m", "规上工业增加值", "Industrial value added "
        "(enterprises above designated size)",
    ),
    Measure("fiscal_revenue", "cny_100m", "地方财政收入", "Local fiscal revenue"),
    Measure(
        "employment_urban_units", "persons", "城镇单位从业人员", "Employed persons in urban units",
    ),
    Measure("night_light_sum", "dn", "夜间灯光总量", "Sum of night-time light values"),
    Measure("area_km2", "km2", "面积", "Land area"),
)

_INDUSTRY_MEASURES: Final = tuple(
    Measure(f"employed_sample_{key}", "persons", f"{zh}从业人口(长表)", f"Employed: {en} (sample)",
            _SAMPLE_NOTE)
    for key, zh, en in INDUSTRIES
)

MEASURES: Final[dict[str, Measure]] = {m.name: m for m in (*_BASE, *_INDUSTRY_MEASURES)}

INDUSTRY_KEYS: Final[tuple[str, ...]] = tuple(k for k, _, _ in INDUSTRIES)


def industry_indicator(key: str) -> str:
    """Stats indicator name of a census industry key, e.g. ``manufacturing``.

    Raises
    ------
    Nothing; any key gives a name.

    Examples
    --------
    >>> industry_indicator("manufacturing")
    'employed_sample_manufacturing'
    """
    return f"employed_sample_{key}"


def label(name: str, lang: str = "en") -> str:
    """Label of a measure in ``lang`` (``zh`` or ``en``); the raw name if unregistered.

    Raises
    ------
    Nothing; an unregistered name is returned unchanged.

    Examples
    --------
    >>> label("population")
    'Resident population'
    >>> label("population", "zh")
    '常住人口'
    >>> label("not_a_measure")
    'not_a_measure'
    """
    m = MEASURES.get(name)
    if m is None:
        return name
    return m.name_zh if lang == "zh" else m.name_en
