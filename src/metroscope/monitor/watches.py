"""Indicator watches: rules over a Region's statistics series.

New values reach a Region through ``metroscope data import``, the API or a release parser;
each pass compares the Region's ``stats`` with the values the store has seen
(``observations``): a (indicator, code, year) not seen before is a *new release*, a changed
value a *revision*. Rules of kind ``indicator`` fire on a new release, a threshold
(``above``/``below`` on the newest year) or a change larger than ``change_pct`` percent
against the previous year with data (not across a series break). A change between a census
count and a year-end resident figure (e.g. ``population_yearend`` 2020 = the census of 1
November, 2024 = a bulletin's year-end estimate) is flagged: its alert says that the
definitions differ (catalogue ``ind_definitions_differ``) and its payload carries
``definitions_differ``. The first pass over an indicator only records a baseline: history is
not news. Every alert names the value's source.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd
from sqlalchemy import select

from ..messages import Message
from ._i18n import msg
from .alerts import TITLE_ZH, queue_alert
from .store import Observation, utcnow
from .unitmatch import UnitMismatchError, convert, format_amount, indicator_unit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ..region import Region
    from .rules import RuleSpec

logger = logging.getLogger(__name__)


def _series(region: Region, indicator: str, codes: Sequence[str]) -> pd.DataFrame:
    """The rows of ``indicator`` with values converted to the indicator's unit
    (:func:`~.unitmatch.indicator_unit`); rows in an unknown or unconvertible unit are left
    out and logged, never compared as if they were in the indicator's unit."""
    stats = region.stats
    df = stats[stats["indicator"] == indicator]
    if codes:
        df = df[df["code"].astype(str).isin(list(codes))]
    df = df[pd.to_numeric(df["value"], errors="coerce").notna()].copy()
    target = indicator_unit(indicator, [str(u) for u in df["unit"]])
    keep, values = [], []
    for r in df.itertuples(index=False):
        try:
            values.append(convert(float(r.value), r.unit, target) if target else float("nan"))
            keep.append(target is not None)
        except UnitMismatchError:
            logger.warning("indicator %s %s %s: unit %r cannot be converted to %r; the value "
                           "is not compared", indicator, r.code, r.year, r.unit, target)
            values.append(float("nan"))
            keep.append(False)
    df["value"] = values
    df["unit"] = target or ""
    return df[keep].sort_values(["code", "year"])


#: the definition of each population series's values (a row's note can say otherwise)
_DEFINITION = {"population": "census", "population_yearend": "yearend"}
#: a note that says the value is a census count ("7th census resident population", "7th census
#: (2020-11-01) resident population, not a year-end estimate"); "pre-7th-census estimate" is not
_CENSUS_NOTE = re.compile(
    r"(?<![\w-])(?:\d+(?:st|nd|rd|th) )?census\b(?: \([^)]*\))? resident population"
    r"|not a year-end estimate|人口普查(?:时点)?常住人口", re.IGNORECASE)
_DEFINITION_KEY = {"census": "ind_census_count", "yearend": "ind_yearend_figure"}


def definition(indicator: str, note: object) -> str | None:
    """The definition of one population value: ``census`` (a census count, 1 November) or
    ``yearend`` (a year-end resident figure of the statistical bulletins); None for an
    indicator that is no population count.

    The indicator says it (``population``: census, ``population_yearend``: year-end) unless the
    row's note says the value is a census count, as the 2020 rows of ``population_yearend`` in
    the embedded data do.

    Raises
    ------
    Nothing; any note is read as text.

    Examples
    --------
    >>> definition("population_yearend", "[C] year-end resident population")
    'yearend'
    >>> definition("population_yearend", "[C] encyclopedia mirror; 7th census resident population")
    'census'
    >>> definition("population_yearend", "year-end, pre-7th-census estimate")
    'yearend'
    >>> definition("gdp", "7th census resident population") is None
    True
    """
    kind = _DEFINITION.get(indicator)
    if kind is None:
        return None
    text = "" if note is None or (isinstance(note, float) and math.isnan(note)) else str(note)
    return "census" if _CENSUS_NOTE.search(text) else kind


def _grade(row: Any) -> str:
    """The row's quality grade (A–D of the statistics tables; "" when not given)."""
    q = getattr(row, "quality", None)
    return "" if q is None or (isinstance(q, float) and math.isnan(q)) else str(q)


def _in_unit(limit: float | None, unit: str | None, target: str) -> float | None:
    """A threshold given in ``unit`` (None: already the indicator's unit) in ``target``."""
    if limit is None or unit is None:
        return limit
    try:
        return convert(limit, unit, target)
    except UnitMismatchError:
        logger.warning("threshold %s %s cannot be converted to %r: not compared",
                       limit, unit, target)
        return None


def check_indicators(session: Session, region: Region,
                     rules: Sequence[tuple[int | None, RuleSpec]]) -> int:
    """Evaluate indicator ``rules`` on ``region`` and update the observations.

    Returns the number of alerts queued (in ``session``'s transaction).

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database fails (e.g. the server goes away or the schema is not at head).

    Examples
    --------
    >>> from metroscope.monitor.rules import parse_rule
    >>> spec = parse_rule({"name": "gdp-new-release", "kind": "indicator",
    ...                    "indicator": {"indicator": "gdp", "on": "new_release"}})
    >>> with empty_store.session() as s, s.begin():
    ...     check_indicators(s, region, [(None, spec)])  # first look: records, alerts nothing
    0
    """
    names = region.units["name_zh"].astype(str).to_dict() if "name_zh" in region.units else {}
    indicators = sorted({spec.indicator.indicator for _, spec in rules if spec.indicator})
    new_keys: dict[str, set[tuple[str, int]]] = {}
    revised: dict[str, dict[tuple[str, int], float]] = {}
    for ind in indicators:
        seen = {(o.code, o.year): o for o in session.scalars(
            select(Observation).where(Observation.indicator == ind))}
        baseline = not seen
        new_keys[ind], revised[ind] = set(), {}
        for r in _series(region, ind, ()).itertuples(index=False):
            key = (str(r.code), int(r.year))
            value = float(r.value)
            obs = seen.get(key)
            if obs is None:
                session.add(Observation(indicator=ind, code=key[0], year=key[1], value=value,
                                        source=str(r.source)))
                if not baseline:
                    new_keys[ind].add(key)
            elif obs.value is None or abs(obs.value - value) > 1e-9 * max(1.0, abs(value)):
                revised[ind][key] = obs.value if obs.value is not None else float("nan")
                obs.value, obs.source, obs.updated_at = value, str(r.source), utcnow()
    count = 0
    for rule_id, spec in rules:
        cond = spec.indicator
        if cond is None:
            continue
        df = _series(region, cond.indicator, cond.codes)
        for code, group in df.groupby("code", sort=True):
            count += _evaluate(session, rule_id, spec, str(code), group, names,
                               new_keys.get(cond.indicator, set()),
                               revised.get(cond.indicator, {}))
    return count


def _change(indicator: str, threshold: float | None, prev: Any, latest: Any
            ) -> dict[str, Any] | None:
    """The fields of a ``changed`` alert from ``prev`` to ``latest`` (rows of the series), or
    None when the change is below ``threshold`` (percent) or the previous value is 0. A change
    between a census count and a year-end figure carries ``definitions_differ``."""
    before, after = float(prev.value), float(latest.value)
    if before == 0 or threshold is None:
        return None
    change = (after - before) / abs(before) * 100
    if abs(change) < threshold:
        return None
    out: dict[str, Any] = {"change": change, "prev": before, "prev_year": int(prev.year),
                           "year": int(latest.year)}
    kinds = (definition(indicator, getattr(prev, "note", None)),
             definition(indicator, getattr(latest, "note", None)))
    if kinds[0] is not None and kinds[1] is not None and kinds[0] != kinds[1]:
        out |= {"definitions_differ": True, "definition_prev": kinds[0],
                "definition": kinds[1]}
    return out


def _definitions_note(values: dict[str, Any], lang: str) -> str:
    """The catalogue's note that a change compares unlike definitions (census count vs
    year-end figure), in ``lang``; "" when the definitions are the same or unknown."""
    if not values.get("definitions_differ"):
        return ""
    note = Message("ind_definitions_differ", start=values["prev_year"], end=values["year"],
                   kind_start=Message(_DEFINITION_KEY[str(values["definition_prev"])]),
                   kind_end=Message(_DEFINITION_KEY[str(values["definition"])]))
    return msg("definitions_note", lang, note=note.get(lang))


def _evaluate(session: Session, rule_id: int | None, spec: RuleSpec, code: str,
              group: pd.DataFrame, names: dict[str, str], new: set[tuple[str, int]],
              revised: dict[tuple[str, int], float]) -> int:
    cond = spec.indicator
    assert cond is not None
    rows = list(group.itertuples(index=False))
    latest = rows[-1]
    year, value = int(latest.year), float(latest.value)
    fmt = {"value": value, "unit": str(latest.unit), "source": str(latest.source),
           "quality": _grade(latest)}
    details: list[tuple[str, tuple[object, ...], dict[str, Any]]] = []
    if cond.on == "new_release":
        for r in rows:
            k = (code, int(r.year))
            vals = {"value": float(r.value), "unit": str(r.unit), "source": str(r.source),
                    "quality": _grade(r)}
            if k in new:
                details.append(("new_release", (k[1], "new"), vals | {"year": k[1]}))
            elif k in revised:
                details.append(("revised", (k[1], "rev", float(r.value)),
                                vals | {"old": revised[k], "year": k[1]}))
    elif cond.on == "threshold":
        above, below = (_in_unit(t, cond.unit, str(latest.unit)) for t in (cond.above, cond.below))
        if above is not None and value > above:
            details.append(("above", (year, "above"), fmt | {"limit": above, "year": year}))
        if below is not None and value < below:
            details.append(("below", (year, "below"), fmt | {"limit": below, "year": year}))
    elif cond.on == "change" and len(rows) >= 2:
        brk = bool(group["break"].fillna(False).iloc[-1]) if "break" in group else False
        changed = None if brk else _change(cond.indicator, cond.change_pct, rows[-2], latest)
        if changed is not None:
            details.append(("changed", (year, "change"), fmt | changed))
    made = 0
    for key, cause, values in details:
        def fields(lang: str, values: dict[str, Any] = values) -> dict[str, Any]:
            out = {k: (format_amount(v, values["unit"], lang)
                       if k in ("value", "old", "limit", "prev") else v)
                   for k, v in values.items() if k not in ("year", "unit")}
            grade = str(values.get("quality") or "")
            out["quality"] = (msg("quality_C", lang) if grade == "C" else
                              msg("stat_quality", lang, grade=grade or "?"))
            return out

        detail_zh = msg(key, "zh", **fields("zh")) + _definitions_note(values, "zh")
        detail_en = msg(key, "en", **fields("en")) + _definitions_note(values, "en")
        name = names.get(code, code)
        title = msg("alert_indicator", "en", rule=spec.name, indicator=cond.indicator,
                    name=name, year=values["year"], detail=detail_en)
        title_zh = msg("alert_indicator", "zh", rule=spec.name, indicator=cond.indicator,
                       name=name, year=values["year"], detail=detail_zh)
        alert = queue_alert(session, rule_name=spec.name, kind="indicator",
                            cause=(cond.indicator, code, *cause), title=title,
                            body=title_zh + "\n" + title,
                            payload={"indicator": cond.indicator, "code": code,
                                     "condition": key, **values, TITLE_ZH: title_zh},
                            rule_id=rule_id, channels=spec.channels)
        made += alert is not None
    return made
