"""What a report is built from: the Region, the scenario runs, and a cache of analyses that
several sections share (travel times are used by the summary and the commuting section)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..scenario import ScenarioSpecError, load_scenario
from ._analyses import AnalysisError, attempt
from .context import Note, Section, Text

if TYPE_CHECKING:
    from ..region import Region


@dataclass
class ScenarioRun:
    """A scenario applied to the region: its spec name, bilingual title and edited Region."""

    name: str
    title: Text
    region: Region
    description: Text | None = None
    spec: Any = None


@dataclass
class ReportInputs:
    """Everything the section builders read.

    ``strict`` re-raises unexpected analysis errors (tests); otherwise they are shown as failed
    analyses in the page. ``notes`` collects problems met while loading the scenarios;
    ``sections`` holds the sections built so far (the notes section reads their sources).
    """

    region: Region
    scenarios: list[ScenarioRun] = field(default_factory=list)
    strict: bool = False
    notes: list[Note] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    _cache: dict[tuple[Any, ...], Any] = field(default_factory=dict, repr=False)

    def cached(self, key: tuple[Any, ...], fn: Callable[[], Any]) -> Any:
        """``fn()`` computed once per ``key`` (failures are cached too and raised again)."""
        if key not in self._cache:
            try:
                self._cache[key] = fn()
            except AnalysisError as exc:
                self._cache[key] = exc
        value = self._cache[key]
        if isinstance(value, AnalysisError):
            raise value
        return value

    def run(self, fn: Callable[..., Any], *args: Any, key: tuple[Any, ...] | None = None,
            **kwargs: Any) -> Any:
        """Call the analysis ``fn(*args, **kwargs)`` once (cached by ``key`` when given).

        Sections pass the function itself (``inp.run(indicators.primacy_table, region)``), so
        a renamed analysis is an import error the tests catch, never a silent "not yet
        available". Raises :class:`AnalysisError` with a missing-data note when ``fn`` raises
        a metroscope error (see :func:`._analyses.attempt`).
        """
        label = f"{fn.__module__}.{fn.__name__}"

        def call() -> Any:
            return attempt(label, fn, *args, strict=self.strict, **kwargs)

        if key is None:
            return call()
        return self.cached((label, *key), call)

    def regions(self) -> list[tuple[str, Text, Region]]:
        """The baseline then each scenario: ``(key, title, region)``."""
        from ._i18n import t

        out: list[tuple[str, Text, Region]] = [("baseline", t("baseline"), self.region)]
        out += [(s.name, s.title, s.region) for s in self.scenarios]
        return out


def load_scenarios(region: Region, specs: Sequence[str], *,
                   strict: bool = False) -> tuple[list[ScenarioRun], list[Note]]:
    """Load and apply scenario specs (names of shipped specs or file paths).

    Returns the runs and a note for every spec that could not be used. The scenario functions
    are called directly, so a renamed one is an import error, not a silent note.
    """
    if not specs:
        return [], []
    runs: list[ScenarioRun] = []
    notes: list[Note] = []
    for spec in specs:
        try:
            sc = attempt(f"load_scenario({spec!r})", load_scenario, spec, strict=strict)
            edited = attempt(f"{spec}.apply", sc.apply, region, strict=strict)
        except AnalysisError as exc:
            cause = exc.__cause__
            if isinstance(cause, ScenarioSpecError):  # the spec's own problems, not a guess
                from ._i18n import tf

                problems = "; ".join(cause.problems)
                notes.append(Note(tf("scenario_unusable", name=spec, problems=problems),
                                  style="missing"))
            else:
                notes.append(exc.note)
            continue
        runs.append(ScenarioRun(name=str(getattr(sc, "name", spec)), title=scenario_title(sc, spec),
                                region=edited, description=scenario_description(sc), spec=sc))
    return runs, notes


def scenario_title(sc: Any, spec: str) -> Text:
    """Bilingual title of a scenario object (``title_zh``/``title_en`` or its name)."""
    zh = getattr(sc, "title_zh", None) or getattr(sc, "name", None) or spec
    en = getattr(sc, "title_en", None) or getattr(sc, "title", None) or getattr(sc, "name", None)
    return Text(str(zh), str(en or spec))


def scenario_description(sc: Any) -> Text | None:
    """Bilingual description of a scenario object, if it has one."""
    zh = getattr(sc, "description_zh", None)
    en = getattr(sc, "description_en", None) or getattr(sc, "description", None)
    if not zh and not en:
        return None
    return Text(str(zh or en), str(en or zh))
