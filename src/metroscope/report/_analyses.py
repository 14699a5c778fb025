"""Calling the analyses from the report: run them, and turn failures into notes.

A section never invents a number. Sections call the analysis functions themselves (a renamed
function is an import error, never a silent "not yet available"); when an analysis raises a
:class:`~metroscope.MetroscopeError` (for example missing data) the page shows the message.
Unexpected errors are re-raised when the build is strict (tests) and shown as a failed
analysis otherwise, so that one broken module does not hide the rest of the report.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from .._errors import MetroscopeError
from .context import Note, SourceLine, Text

logger = logging.getLogger(__name__)


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
    of the catalogue's ``reason_*`` classes chosen from the error (too few observations, an
    :class:`~metroscope.InsufficientDataError`, says "not computed" with n and the minimum);
    the error text itself (a developer's message naming internal columns) goes to the log
    only.
    """
    from ._i18n import STRINGS, t, tf

    name = label.rsplit(".", 1)[-1]
    title = t(f"analysis_{name}") if f"analysis_{name}" in STRINGS else Text.same(name)
    msg = str(exc).lower()
    from .._errors import InsufficientDataError

    if isinstance(exc, InsufficientDataError) and exc.verdict:
        why = tf("reason_not_computed", n=exc.verdict.get("n"), min_n=exc.verdict.get("min_n"))
    elif "gdp" in msg or "sqrt_pg" in msg:
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


def source_from_meta(prov: Mapping[str, Any], *,
                     extra_sources: list[str] | None = None) -> SourceLine:
    """A source line from a provenance dict (indicator, year, parameters, sources, notes).

    The line reads for a person: the analysis's name, year, level and measure, then its notes,
    each in the page's language (catalogue messages, :mod:`metroscope.messages`). Parameters,
    a measure described only in English and notes written without the catalogue go to
    ``details`` (the "method details" fold), never into the Chinese text.
    """
    from ..measures import MEASURES
    from ..messages import CATALOGUE, Message
    from ._i18n import note, t

    zh: list[str] = []
    en: list[str] = []
    details: list[str] = []
    ind = prov.get("indicator")
    if ind:
        label = t(f"label_{ind}") if f"label_{ind}" in CATALOGUE else Text.same(str(ind))
        zh.append(label.zh)
        en.append(label.en)
    if prov.get("year") is not None:
        zh.append(f"{_plain(prov['year'])}年")
        en.append(_plain(prov["year"]))
    level = prov.get("level")
    if level is not None:
        lab = t(f"level_{level}") if f"level_{level}" in CATALOGUE else Text.same(str(level))
        zh.append(lab.zh)
        en.append(lab.en)
    measure = prov.get("measure")
    if isinstance(measure, Message):
        zh.append(measure.zh)
        en.append(measure.en)
    elif isinstance(measure, str) and measure in MEASURES:
        from ._i18n import measure as measure_label

        lab = measure_label(measure)
        zh.append(lab.zh)
        en.append(lab.en)
    elif measure is not None:
        details.append(f"measure: {_plain(measure)}")
    notes = _as_list(prov.get("notes"))  # a list (see metroscope._provenance.annotate)
    texts = [note(n) for n in notes]
    # a note recorded twice is shown once, in each language (the untranslated notes all read
    # as the same pointer in Chinese)
    plain = list(dict.fromkeys(str(n) for n in notes if not isinstance(n, Message)))
    if texts:
        zh.append(t("src_notes").zh + ":" + ";".join(dict.fromkeys(x.zh for x in texts)))
        en.append(t("src_notes").en + ": " + "; ".join(dict.fromkeys(x.en for x in texts)))
    params = prov.get("parameters")
    # parameters whose values are catalogue messages (an LQ's comparison base, the price
    # basis) read in each language; the rest is technical and shown as recorded
    zh_details = [d.replace("measure: ", "度量:", 1) for d in details]
    if params:
        details.append(", ".join(f"{k}={_plain(v)}" for k, v in dict(params).items()))
        zh_details.append(", ".join(f"{k}={_plain(v, 'zh')}" for k, v in dict(params).items()))
    details += plain
    zh_details += plain
    sources = [str(s) for s in _as_list(prov.get("sources"))]
    for s in extra_sources or []:
        if s not in sources:
            sources.append(s)
    return SourceLine(Text(" · ".join(zh), " · ".join(en)), tuple(sources),
                      details=Text("; ".join(zh_details), "; ".join(details)) if details
                      else None)


def _as_list(v: Any) -> list[Any]:
    if v is None:
        return []
    if isinstance(v, (list, tuple, set)):
        return list(v)
    return [v]


def _plain(v: Any, lang: str = "en") -> str:
    if isinstance(v, dict):
        return "; ".join(f"{k}: {_plain(x, lang)}" for k, x in v.items())
    if isinstance(v, (list, tuple)):
        return ", ".join(_plain(x, lang) for x in v)
    if isinstance(v, float):
        return f"{v:g}"
    from ..messages import Message

    if isinstance(v, Message):
        return v.get(lang)
    return str(v)
