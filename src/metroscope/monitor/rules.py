"""Rules: a scope (sources, tags, units, projects) and a condition, validated with pydantic.

Kinds of rule:

- ``keyword``: any of ``keywords`` (Chinese as substrings, English case-insensitively on word
  boundaries) in an item's title or text;
- ``regex``: ``regex`` (Python syntax, at most 300 characters) matches title or text;
- ``tags``: the item has every tag in ``tags``;
- ``project_status``: a project in scope moves to one of ``statuses`` (all when empty);
- ``indicator``: a condition over a Region statistics series (:mod:`.watches`);
- ``source_health``: a source in scope reaches the failing state.

``channels`` names the channels (see :mod:`.alerts`) an alert of the rule goes to; a rule
without channels still records its alerts in the outbox. :func:`dry_run` runs an item
rule over stored items without writing or sending anything (dry run).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .._errors import MetroscopeError, zh_context
from ..messages import CATALOGUE, LANGS, Message, text

if TYPE_CHECKING:
    import pandas as pd

    from .store import Store

RuleKind = Literal["keyword", "regex", "tags", "project_status", "indicator", "source_health"]
ITEM_KINDS = ("keyword", "regex", "tags")
_CJK = re.compile(r"[\u3400-\u9fff]")


class RuleError(ValueError, MetroscopeError):
    """A rule that does not validate; ``problems`` lists every one (catalogue messages where
    metroscope or pydantic's commonest complaints wrote them, so the error renders in
    Chinese too through :func:`metroscope._errors.error_text`)."""

    def __init__(self, problems: list[str], *, context: str | None = None) -> None:
        self.problems = problems
        if context is None or (context == "rule" and not isinstance(context, Message)):
            context = Message("err_rule_ctx")
        listed = {lang: "\n".join(f"  - {text(p, lang)}" for p in problems) for lang in LANGS}
        where = {lang: text(context, lang) for lang in LANGS}
        where["zh"] = zh_context(where["zh"])
        super().__init__(Message("scn_err_problems", n=len(problems), context=where,
                                 problems=listed))


class Scope(BaseModel):
    """Where a rule looks: empty lists mean everything."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sources: list[str] = []
    tags: list[str] = []
    units: list[str] = []
    projects: list[str] = []


class IndicatorCondition(BaseModel):
    """A condition over a statistics series: a new release, a threshold or a change."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    indicator: str
    codes: list[str] = []
    on: Literal["new_release", "threshold", "change"] = "new_release"
    above: float | None = None
    below: float | None = None
    change_pct: float | None = Field(None, gt=0, description="absolute percent change vs the "
                                     "previous year that fires the rule")
    unit: str | None = Field(None, description="unit of above/below (亿元, 万元, 万人, "
                             "cny_100m, ...); default the indicator's unit")

    @model_validator(mode="after")
    def _complete(self) -> IndicatorCondition:
        if self.on == "threshold" and self.above is None and self.below is None:
            msg = Message("err_rule_threshold")
            raise ValueError(msg)
        if self.unit is not None:
            from .unitmatch import canonical, indicator_unit

            code, target = canonical(self.unit), indicator_unit(self.indicator)
            if code is None:
                msg = Message("err_rule_unknown_unit", unit=repr(self.unit))
                raise ValueError(msg)
            from .._units import factor

            if target is not None and factor(code, target) is None:
                msg = Message("err_rule_unit_kind", unit=repr(self.unit),
                              indicator=self.indicator, target=target)
                raise ValueError(msg)
        if self.on == "change" and self.change_pct is None:
            msg = Message("err_rule_change")
            raise ValueError(msg)
        return self


#: What a rule's or a source's name may be: a word character, then up to 99 word characters, dots or
#: hyphens (no spaces: names are typed on the command line and in URLs of the web app)
NAME_PATTERN: Final = r"^[\w][\w.-]{0,99}$"


class RuleSpec(BaseModel):
    """A rule (see the module doc)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=NAME_PATTERN)
    kind: RuleKind
    title: str | None = None
    scope: Scope = Scope()
    keywords: list[str] = []
    regex: str | None = Field(None, max_length=300)
    tags: list[str] = []
    statuses: list[str] = []
    indicator: IndicatorCondition | None = None
    channels: list[str] = []

    @model_validator(mode="after")
    def _fields_of_kind(self) -> RuleSpec:
        from .store import PROJECT_STATUSES

        if self.kind == "keyword" and not [k for k in self.keywords if k.strip()]:
            raise ValueError(Message("err_rule_keywords"))
        if self.kind == "regex":
            if not self.regex:
                raise ValueError(Message("err_rule_regex"))
            try:
                re.compile(self.regex)
            except re.error as exc:
                msg = Message("err_rule_regex_compile", regex=repr(self.regex), reason=str(exc))
                raise ValueError(msg) from None
        if self.kind == "tags" and not self.tags:
            raise ValueError(Message("err_rule_tags"))
        if self.kind == "indicator" and self.indicator is None:
            raise ValueError(Message("err_rule_indicator"))
        bad = sorted(set(self.statuses) - set(PROJECT_STATUSES))
        if bad:
            msg = Message("err_rule_statuses", bad=repr(bad), allowed=repr(list(PROJECT_STATUSES)))
            raise ValueError(msg)
        return self


def _yaml11_on(raw: Mapping[str, Any]) -> Mapping[str, Any]:
    """YAML 1.1 (PyYAML) reads an unquoted key ``on`` as ``True``: ``{indicator: gdp, on:
    new_release}`` arrives as ``{True: 'new_release'}``. Give the key back its name."""
    cond = raw.get("indicator") if isinstance(raw, Mapping) else None
    if isinstance(cond, Mapping) and True in cond and "on" not in cond:
        fixed = {("on" if k is True else k): v for k, v in cond.items()}
        return {**raw, "indicator": fixed}
    return raw


def parse_rule(raw: Mapping[str, Any], *, context: str = "rule") -> RuleSpec:
    """Validate a rule mapping; every problem at once.

    Raises
    ------
    RuleError
        Listing each field and what was expected.

    Examples
    --------
    >>> spec = parse_rule({"name": "hsr", "kind": "keyword", "keywords": ["高铁", "HSR"]})
    >>> spec.name, spec.kind, spec.keywords
    ('hsr', 'keyword', ['高铁', 'HSR'])
    >>> parse_rule({"name": "", "kind": "nope"})
    Traceback (most recent call last):
        ...
    metroscope.monitor.rules.RuleError: 2 problem(s) in rule:
      - name: String should match pattern '^[\\w][\\w.-]{0,99}$' (got '')
      - kind: Input should be 'keyword', 'regex', 'tags', 'project_status', 'indicator' or 'source_health' (got 'nope')
    """
    raw = _yaml11_on(raw)
    try:
        return RuleSpec.model_validate(dict(raw))
    except ValidationError as exc:
        problems: list[str] = [_problem(e) for e in exc.errors()]
        raise RuleError(problems, context=context) from None


def _problem(err: Any) -> Message:
    """One pydantic error of a rule as a catalogue message: the field, what is wrong (in
    Chinese for the rule's own checks and pydantic's commonest complaints; else pydantic's
    English) and the value given."""
    got = "" if err.get("type") == "missing" else Message("scn_err_got",
                                                            value=repr(err.get("input")))
    where: Any = ".".join(str(x) for x in err["loc"]) or Message("err_rule_ctx")
    kind = str(err.get("type"))
    said: Any = err["msg"]
    cause = (err.get("ctx") or {}).get("error")
    if kind == "value_error" and cause is not None and isinstance(cause.args[0], Message):
        # pydantic prefixes our sentence with "Value error, ": kept in English as before
        said = {"zh": cause.args[0].zh, "en": err["msg"]}
    elif f"scn_err_pd_{kind}" in CATALOGUE:
        ctx = {k: {"zh": str(v).replace(" or ", ", ").replace(", ", "、"), "en": str(v)}
               for k, v in (err.get("ctx") or {}).items()}
        made = Message(f"scn_err_pd_{kind}", **ctx)
        # pydantic's own English wins should a release reword it
        said = made if str(made) == err["msg"] else {"zh": made.zh, "en": err["msg"]}
    return Message("scn_err_field", line="", loc=where, text=said, got=got)


@dataclass(frozen=True)
class ItemView:
    """What item rules look at."""

    source: str
    title: str
    text: str
    tags: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()


def in_scope(scope: Scope, *, source: str | None = None, tags: Iterable[str] = (),
             units: Iterable[str] = (), projects: Iterable[str] = ()) -> bool:
    """Whether the given attributes fall inside ``scope`` (each non-empty list is any-of).

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> spec = parse_rule({"name": "hsr", "kind": "keyword", "keywords": ["高铁"],
    ...                    "scope": {"units": ["220100"]}})
    >>> in_scope(spec.scope, units=["220100", "220200"]), in_scope(spec.scope, units=["220300"])
    (True, False)
    """
    if scope.sources and source not in scope.sources:
        return False
    if scope.tags and not set(scope.tags) & set(tags):
        return False
    if scope.units and not set(scope.units) & set(units):
        return False
    return not (scope.projects and not set(scope.projects) & set(projects))


def keyword_hit(keyword: str, text: str) -> bool:
    """Chinese keywords as substrings, others case-insensitively on word boundaries.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> keyword_hit("高铁", "长四辽通高铁开工"), keyword_hit("rail", "railway news"), keyword_hit("rail", "on rail")
    (True, False, True)
    """
    k = keyword.strip()
    if not k:
        return False
    if _CJK.search(k):
        return k in text
    return re.search(rf"(?<!\w){re.escape(k)}(?!\w)", text, re.I) is not None


def match_item(spec: RuleSpec, item: ItemView) -> str | None:
    """Why ``item`` matches the item rule ``spec`` (a short reason), or None.

    Raises
    ------
    Nothing for a validated :class:`RuleSpec` (its regex is compiled when the rule is built).

    Examples
    --------
    >>> spec = parse_rule({"name": "hsr", "kind": "keyword", "keywords": ["高铁"]})
    >>> match_item(spec, ItemView(source="ndrc", title="长四辽通高铁开工", text=""))
    'keywords: 高铁'
    >>> match_item(spec, ItemView(source="ndrc", title="天气预报", text="")) is None
    True
    """
    if spec.kind not in ITEM_KINDS:
        return None
    if not in_scope(spec.scope, source=item.source, tags=item.tags, units=item.units,
                    projects=item.projects):
        return None
    whole = f"{item.title}\n{item.text}"
    if spec.kind == "keyword":
        hits = [k for k in spec.keywords if keyword_hit(k, whole)]
        return f"keywords: {', '.join(hits)}" if hits else None
    if spec.kind == "regex":
        m = re.search(spec.regex or "", whole[:100_000])
        return f"regex: {m.group(0)[:80]!r}" if m else None
    missing = set(spec.tags) - set(item.tags)
    return None if missing else f"tags: {', '.join(spec.tags)}"


def dry_run(store: Store, spec: RuleSpec, *, limit: int = 200) -> pd.DataFrame:
    """Dry run of an item rule over the latest stored items; nothing is written or sent.

    Returns
    -------
    pandas.DataFrame
        One row per matching item: ``item_id``, ``source``, ``published_at``, ``title``,
        ``link``, ``reason`` (newest first, at most ``limit`` rows).

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database fails (e.g. the server goes away or the schema is not at head).

    Examples
    --------
    >>> spec = parse_rule({"name": "hsr", "kind": "keyword", "keywords": ["高铁"]})
    >>> dry_run(empty_store, spec).shape[0]  # an empty empty_store matches nothing
    0
    """
    import pandas as pd
    from sqlalchemy import select

    from .store import Item, Source

    rows = []
    with store.session() as s:
        q = (select(Item, Source.name).join(Source, Source.id == Item.source_id)
             .where(Item.latest.is_(True)).order_by(Item.published_at.desc(), Item.id.desc()))
        for item, source in s.execute(q):
            view = ItemView(source=source, title=item.title, text=item.raw_text,
                            tags=tuple(item.tags), units=tuple(item.units),
                            projects=tuple(item.projects))
            reason = match_item(spec, view)
            if reason:
                rows.append({"item_id": item.id, "source": source,
                             "published_at": item.published_at, "title": item.title,
                             "link": item.link, "reason": reason})
                if len(rows) >= limit:
                    break
    return pd.DataFrame(rows, columns=["item_id", "source", "published_at", "title", "link",
                                       "reason"])
