"""Managing what is watched: sources, rules, channels, projects; and the embedded default.

:func:`init_monitor` seeds a store with a Region's projects (status and scenario edits from
its ``projects`` table, aliases from the watchlist) and with the sources and rules of a
watchlist TOML (default: ``data/watchlist.toml``, the Changchun Metropolitan Area's). It only
adds what is missing, so it is safe to run again and never overwrites a user's changes.
Every write validates its input and reports every problem at once.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import select

from .._errors import MetroscopeError, shorten
from ..messages import LANGS, Message, text
from .gate import UnsafeURLError, check_url_syntax
from .projects import region_status
from .rules import NAME_PATTERN, RuleSpec, parse_rule
from .sources import FeedError, rsshub_url, validate_selectors
from .store import SOURCE_KINDS, Project, Rule, Source, StatusChange, Store

if TYPE_CHECKING:
    from ..region import Region

DEFAULT_WATCHLIST = Path(__file__).parent / "data" / "watchlist.toml"


class WatchlistError(ValueError, MetroscopeError):
    """A source, rule or watchlist that does not validate; lists every problem."""


@dataclass
class InitReport:
    """What :func:`init_monitor` added."""

    projects: int = 0
    sources: int = 0
    rules: int = 0


def load_watchlist(path: str | Path = DEFAULT_WATCHLIST) -> dict[str, Any]:
    """Read a watchlist TOML (sources, rules, project aliases).

    Raises
    ------
    WatchlistError
        Unreadable or invalid TOML.

    Examples
    --------
    >>> w = load_watchlist()
    >>> sorted(w), len(w["sources"])
    (['projects', 'rules', 'sources'], 11)
    """
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        msg = Message("err_watchlist_unreadable", path=str(path), reason=str(exc))
        raise WatchlistError(msg) from None


#: Longest polling interval a source may have, minutes (366 days).
MAX_INTERVAL_MIN: Final = 366 * 24 * 60.0
#: Languages a source may declare (None: detected from each item).
SOURCE_LANGUAGES: Final = ("zh", "en")


def source_problems(name: str, kind: str, url: str, selectors: Mapping[str, Any] | None,
                    interval_min: float) -> list[str]:
    """Every problem of a source definition (empty when valid).

    Raises
    ------
    Nothing; the problems are returned (every one at once), not raised.

    Examples
    --------
    >>> source_problems("ok", "feed", "https://example.org/feed.xml", None, 60)
    []
    >>> for problem in source_problems("bad name", "feed", "ftp://example.org/", None, 0):
    ...     print(problem)
    name 'bad name': expected a word character, then up to 99 word characters, dots or hyphens (no spaces), e.g. 'ndrc-news'
    Refused 'ftp://example.org/': only http and https URLs are fetched (got 'ftp').
    interval_min 0: expected minutes > 0 and at most 527040 (one year)
    """
    problems: list[str] = []
    if not isinstance(name, str) or not re.fullmatch(NAME_PATTERN, name):
        shown = name if not isinstance(name, str) or len(name) <= 100 else name[:100] + "…"
        problems.append(Message("err_source_name", name=repr(shown)))
    if kind not in SOURCE_KINDS:
        problems.append(Message("err_source_kind", kind=repr(kind), allowed=list(SOURCE_KINDS)))
    if kind == "rsshub":
        try:
            rsshub_url("http://rsshub.invalid", url)
        except FeedError as exc:
            problems.append(exc.args[0] if isinstance(exc.args[0], Message) else str(exc))
    else:
        try:
            check_url_syntax(url)
        except UnsafeURLError as exc:
            problems.append(exc.args[0] if isinstance(exc.args[0], Message) else str(exc))
    if kind == "page":
        problems += validate_selectors(selectors)
    elif selectors and kind in SOURCE_KINDS:
        # a feed, route or release list is read without selectors: never ignore them silently
        problems.append(Message("err_source_selectors", kind=repr(kind)))
    if not 0 < interval_min <= MAX_INTERVAL_MIN:
        # beyond a year the next check date overflowed after the first successful fetch
        problems.append(Message("err_source_interval", got=repr(interval_min),
                                limit=f"{MAX_INTERVAL_MIN:g}"))
    return problems


def add_source(store: Store, name: str, url: str, *, kind: str = "feed",
               selectors: Mapping[str, Any] | None = None, tags: Sequence[str] = (),
               interval_min: float = 60.0, language: str | None = None,
               replace: bool = False) -> Source:
    """Add a source (``replace`` to update an existing one of the same name).

    Raises
    ------
    WatchlistError
        Listing every problem (bad kind, unsafe URL, invalid selectors, an interval not in
        (0, 1 year], a language other than zh/en, duplicate name).

    Examples
    --------
    >>> src = add_source(empty_store, "ndrc", "https://example.org/feed.xml", tags=["policy"], interval_min=30)
    >>> src.name, src.kind, src.interval_min
    ('ndrc', 'feed', 30.0)
    """
    problems = source_problems(name, kind, url, selectors, interval_min)
    if language is not None and language not in SOURCE_LANGUAGES:
        problems.append(Message("err_source_language", got=repr(language),
                                allowed=list(SOURCE_LANGUAGES)))
    with store.session() as s, s.begin():
        src = s.scalar(select(Source).where(Source.name == name))
        if src is not None and not replace:
            problems.append(Message("err_source_exists", name=repr(name)))
        if problems:
            listed = {lang: "\n  - ".join(text(p, lang) for p in problems) for lang in LANGS}
            raise WatchlistError(Message("err_source_problems", name=repr(name),
                                         problems=listed))
        src = src or Source(name=name)
        src.kind, src.url, src.selectors = kind, url, dict(selectors) if selectors else None
        src.tags, src.interval_min, src.language = list(tags), float(interval_min), language
        src.next_check_at = None
        s.add(src)
    return src


def remove_source(store: Store, name: str) -> bool:
    """Remove a source and its items; False when there was none.

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database fails (e.g. the server goes away or the schema is not at head).

    Examples
    --------
    >>> remove_source(monitor_store, "ndrc"), remove_source(monitor_store, "ndrc")
    (True, False)
    """
    return _delete_named(store, Source, name)


def pause_source(store: Store, name: str, *, paused: bool = True) -> bool:
    """Pause (or resume) a source; False when there is none. Resuming makes it due now.

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database fails (e.g. the server goes away or the schema is not at head).

    Examples
    --------
    >>> pause_source(monitor_store, "ndrc"), pause_source(monitor_store, "missing")
    (True, False)
    """
    with store.session() as s, s.begin():
        src = s.scalar(select(Source).where(Source.name == name))
        if src is None:
            return False
        src.state = "paused" if paused else ("failing" if src.error_count else "ok")
        if not paused:
            src.next_check_at = None
    return True


def add_rule(store: Store, raw: Mapping[str, Any] | RuleSpec, *, replace: bool = False) -> Rule:
    """Add a rule (validated).

    Raises
    ------
    RuleError, WatchlistError
        Invalid rule; a rule of that name exists.

    Examples
    --------
    >>> rule = add_rule(empty_store, {"name": "hsr", "kind": "keyword", "keywords": ["高铁", "HSR"]})
    >>> rule.name, rule.spec["keywords"], rule.enabled
    ('hsr', ['高铁', 'HSR'], True)
    """
    spec = raw if isinstance(raw, RuleSpec) else parse_rule(raw)
    with store.session() as s, s.begin():
        rule = s.scalar(select(Rule).where(Rule.name == spec.name))
        if rule is not None and not replace:
            msg = Message("err_mon_rule_exists", name=shorten(spec.name))
            raise WatchlistError(msg)
        rule = rule or Rule(name=spec.name)
        rule.spec = json.loads(spec.model_dump_json(exclude_none=True))
        rule.enabled = True
        s.add(rule)
    return rule


def remove_rule(store: Store, name: str) -> bool:
    """Remove a rule (its alerts stay); False when there was none.

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database fails (e.g. the server goes away or the schema is not at head).

    Examples
    --------
    >>> remove_rule(monitor_store, "hsr"), remove_rule(monitor_store, "hsr")
    (True, False)
    """
    return _delete_named(store, Rule, name)


def _delete_named(store: Store, model: type[Source] | type[Rule], name: str) -> bool:
    """Delete the row of ``model`` named ``name`` in one transaction; False when there is none."""
    with store.session() as s, s.begin():
        row = s.scalar(select(model).where(model.name == name))
        if row is None:
            return False
        s.delete(row)
    return True


def seed_projects(store: Store, region: Region,
                  aliases: Mapping[str, Sequence[str]] | None = None) -> int:
    """Add the region's projects that the store lacks; returns how many were added.

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database fails (e.g. the server goes away or the schema is not at head).

    A project whose ``edits`` are not valid JSON is added without edits, not refused.

    Examples
    --------
    >>> seed_projects(empty_store, region), seed_projects(empty_store, region)  # the second call adds nothing
    (3, 0)
    """
    aliases = aliases or {}
    added = 0
    with store.session() as s, s.begin():
        for r in region.projects.itertuples(index=False):
            pid = str(r.project_id)
            if s.get(Project, pid) is not None:
                continue
            edits_raw = getattr(r, "edits", None)
            try:
                edits = json.loads(edits_raw) if isinstance(edits_raw, str) and edits_raw else []
            except json.JSONDecodeError:
                edits = []
            codes = [c for c in str(getattr(r, "codes", "") or "").split(";") if c]
            status = region_status(getattr(r, "status", None))
            s.add(Project(project_id=pid, name_zh=str(r.name_zh),
                          name_en=str(r.name_en) if isinstance(r.name_en, str) else None,
                          kind=str(r.kind) if isinstance(r.kind, str) else None,
                          status=status, aliases=list(aliases.get(pid, [])), codes=codes,
                          edits=edits if isinstance(edits, list) else []))
            s.flush()
            sources = str(getattr(r, "sources", "") or "")
            s.add(StatusChange(project_id=pid, status=status, previous=None,
                               evidence_link=sources.split(" | ", maxsplit=1)[0] or None,
                               evidence_text=f"status in the region's projects table "
                                             f"({getattr(r, 'status', '')})",
                               confidence=1.0, origin="dataset", applied=True))
            added += 1
    return added


def init_monitor(store: Store, region: Region | None = None, *,
                 watchlist: str | Path | Mapping[str, Any] | None = DEFAULT_WATCHLIST,
                 ) -> InitReport:
    """Seed ``store`` with ``region``'s projects and a watchlist's sources and rules.

    Only what is missing is added. ``watchlist=None`` adds projects only.

    Raises
    ------
    WatchlistError, RuleError
        An invalid source or rule in the watchlist (every problem listed).

    Examples
    --------
    >>> init_monitor(empty_store, region)
    InitReport(projects=3, sources=11, rules=10)
    """
    wl: Mapping[str, Any] = {}
    if watchlist is not None:
        wl = watchlist if isinstance(watchlist, Mapping) else load_watchlist(watchlist)
    specs = check_watchlist(wl)  # all of it before any write: a bad watchlist adds nothing
    report = InitReport()
    aliases = dict((wl.get("projects") or {}).get("aliases") or {})
    if region is not None:
        report.projects = seed_projects(store, region, aliases)
    with store.session() as s:
        have_sources = set(s.scalars(select(Source.name)))
        have_rules = set(s.scalars(select(Rule.name)))
    for src in wl.get("sources") or []:
        if src["name"] not in have_sources:
            add_source(store, src["name"], src["url"], kind=src.get("kind", "feed"),
                       selectors=src.get("selectors"), tags=src.get("tags", []),
                       interval_min=float(src.get("interval_min", 60)),
                       language=src.get("language"))
            report.sources += 1
    for spec in specs:
        if spec.name not in have_rules:
            add_rule(store, spec)
            report.rules += 1
    return report


def check_watchlist(wl: Mapping[str, Any]) -> list[RuleSpec]:
    """Check every source and rule of a loaded watchlist; returns the parsed rules.

    Raises
    ------
    WatchlistError
        An invalid source or rule (every problem listed).

    Examples
    --------
    >>> [r.name for r in check_watchlist({"rules": [{"name": "hsr", "kind": "keyword",
    ...                                              "keywords": ["高铁"]}]})]
    ['hsr']
    """
    from .._errors import error_text

    problems: list[str] = []
    for i, src in enumerate(wl.get("sources") or []):
        p = source_problems(str(src.get("name", "")), str(src.get("kind", "feed")),
                            str(src.get("url", "")), src.get("selectors"),
                            float(src.get("interval_min", 60)))
        problems += [Message("err_watchlist_source", i=i, name=str(src.get("name")), problem=x)
                     for x in p]
    specs = []
    for i, raw in enumerate(wl.get("rules") or []):
        try:
            specs.append(parse_rule(raw, context=f"rules[{i}]"))
        except ValueError as exc:
            problems.append(Message("err_watchlist_rule", problem={
                lang: error_text(exc, lang) for lang in LANGS}))
    if problems:
        listed = {lang: "\n  - ".join(text(p, lang) for p in problems) for lang in LANGS}
        raise WatchlistError(Message("err_watchlist_invalid", problems=listed))
    return specs
