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
    from ..scenario import Scenario


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

    def scenario_notes(self) -> list[Note]:
        """The scenarios' own notes (:func:`metroscope.scenario._notes.year_notes`: a
        ``year`` before links that operate today keeps them), as caveats, each once; shown
        with the scenarios' results."""
        from ._i18n import note

        out: list[Note] = []
        for s in self.scenarios:
            for n in (s.region.meta.get("scenario") or {}).get("notes") or []:
                caveat = Note(note(n), style="caveat")
                if caveat not in out:
                    out.append(caveat)
        return out

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
        # load_scenario returns a Scenario, whose name is required
        runs.append(ScenarioRun(name=sc.name, title=scenario_title(sc),
                                region=edited, description=scenario_description(sc), spec=sc))
    return runs, notes


def scenario_title(sc: Scenario) -> Text:
    """Bilingual title of a scenario (``title_zh`` and ``title``, else its name)."""
    return Text(sc.title_zh or sc.name, sc.title or sc.name)


def scenario_description(sc: Scenario) -> Text | None:
    """Bilingual description of a scenario (``description_zh`` and ``description``; one
    stands for the other), or None when it has neither."""
    zh, en = sc.description_zh, sc.description
    if not zh and not en:
        return None
    return Text(zh or en, en or zh)
