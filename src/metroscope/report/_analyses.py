"""Calling the analyses from the report: find them, run them, and turn failures into notes.

A section never invents a number. When the module of an analysis is not installed yet the
section says ``not yet available: needs metroscope.<module>``; when an analysis raises a
:class:`~metroscope.MetroscopeError` (for example missing data) the page shows the message.
Unexpected errors are re-raised when the build is strict (tests) and shown as a failed
analysis otherwise, so that one broken module does not hide the rest of the report.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any

import pandas as pd

from .._errors import MetroscopeError
from .context import Note, SourceLine, Text

logger = logging.getLogger(__name__)


def find(module: str, name: str) -> Callable[..., Any] | None:
    """The function ``module.name`` or ``None`` when the module or the name does not exist."""
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name is not None and module.startswith(exc.name):
            return None
        raise
    fn = getattr(mod, name, None)
    return fn if callable(fn) else None


def needs(*what: str) -> Note:
    """The note shown when an analysis is not available yet (names what it needs)."""
    names = ", ".join(what)
    return Note(Text(f"暂不可用:需要 {names}", f"Not yet available: needs {names}"),
                style="missing")


class AnalysisError(Exception):
    """Raised inside a section to stop a block and show ``note`` instead."""

    def __init__(self, note: Note) -> None:
        super().__init__(note.text.en)
        self.note = note


def attempt(label: str, fn: Callable[..., Any], *args: Any, strict: bool = False,
            **kwargs: Any) -> Any:
    """Run ``fn(*args, **kwargs)``; on failure raise :class:`AnalysisError` carrying a missing-note.

    ``label`` names the analysis in the note (e.g. ``metroscope.indicators.primacy_table``).
    """
    try:
        return fn(*args, **kwargs)
    except MetroscopeError as exc:
        logger.info("%s: %s", label, exc)
        raise AnalysisError(Note(reader_missing(label, exc, args), style="missing")) from exc
    except Exception as exc:
        if strict:
            raise
        logger.warning("%s failed", label, exc_info=True)
        name = type(exc).__name__
        raise AnalysisError(Note(Text(f"{label} 分析未能完成({name}: {exc})",
                                f"{label} failed ({name}: {exc})"), style="missing")) from exc


def reader_missing(label: str, exc: Exception, args: tuple[Any, ...] = ()) -> Text:
    """What a reader is told when analysis ``label`` cannot run on these data.

    The title comes from the message catalogue (``analysis_<function>``) and the reason is one
    of the catalogue's ``reason_*`` classes chosen from the error; the error text itself (a
    developer's message naming internal columns) goes to the log only.
    """
    from ._i18n import STRINGS, t, tf

    name = label.rsplit(".", 1)[-1]
    title = t(f"analysis_{name}") if f"analysis_{name}" in STRINGS else Text.same(name)
    msg = str(exc).lower()
    if "gdp" in msg or "sqrt_pg" in msg:
        years = _gdp_years(args)
        why = tf("reason_gdp", years=years) if years else tf("reason_gdp", years="—")
    elif any(w in msg for w in ("network", "travel", "links", "nodes", "route")):
        why = t("reason_network")
    else:
        why = t("reason_generic")
    base = t("missing_analysis")
    return Text(base.zh.format(title=title.zh, why=why.zh),
                base.en.format(title=title.en, why=why.en))


def _gdp_years(args: tuple[Any, ...]) -> str:
    """The years with GDP among the region's statistics (the first argument that is a Region)."""
    for a in args:
        stats = getattr(a, "stats", None)
        if isinstance(stats, pd.DataFrame) and "indicator" in stats:
            years = sorted({int(y) for y in stats.loc[stats["indicator"] == "gdp", "year"]})
            return ", ".join(str(y) for y in years)
    return ""


def source_line(result: Any, *, extra_sources: list[str] | None = None) -> SourceLine:
    """A source line from a result's ``attrs['metroscope']`` provenance."""
    from .._provenance import provenance

    prov = provenance(result) if hasattr(result, "attrs") else {}
    return source_from_meta(prov, extra_sources=extra_sources)


def source_from_meta(prov: dict[str, Any], *,
                     extra_sources: list[str] | None = None) -> SourceLine:
    """A source line from a provenance dict (indicator, year, parameters, sources, notes)."""
    parts_zh: list[str] = []
    parts_en: list[str] = []
    if prov.get("indicator"):
        parts_zh.append(f"指标 {prov['indicator']}")
        parts_en.append(f"indicator {prov['indicator']}")
    for key, zh in (("year", "年份"), ("level", "层级"), ("measure", "口径")):
        if prov.get(key) is not None:
            parts_zh.append(f"{zh} {_plain(prov[key])}")
            parts_en.append(f"{key} {_plain(prov[key])}")
    params = prov.get("parameters")
    if params:
        p = ", ".join(f"{k}={_plain(v)}" for k, v in dict(params).items())
        parts_zh.append(f"参数 {p}")
        parts_en.append(f"parameters {p}")
    if prov.get("notes"):
        parts_zh.append(f"说明 {_plain(prov['notes'])}")
        parts_en.append(f"notes {_plain(prov['notes'])}")
    sources = [str(s) for s in _as_list(prov.get("sources"))]
    for s in extra_sources or []:
        if s not in sources:
            sources.append(s)
    return SourceLine(Text("; ".join(parts_zh), "; ".join(parts_en)), tuple(sources))


def _as_list(v: Any) -> list[Any]:
    if v is None:
        return []
    if isinstance(v, (list, tuple, set)):
        return list(v)
    return [v]


def _plain(v: Any) -> str:
    if isinstance(v, dict):
        return "; ".join(f"{k}: {_plain(x)}" for k, x in v.items())
    if isinstance(v, (list, tuple)):
        return ", ".join(_plain(x) for x in v)
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)
