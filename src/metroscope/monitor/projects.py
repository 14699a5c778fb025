"""Projects: the status machine fed by tagged items, its evidence, and a project's modelled effect.

Statuses, in order: proposed → planned → approved (可研批复/核准) → tendering (招标) → under
construction (开工) → opened (通车/开通运营); and suspended / cancelled. A status signal is a
sentence of an item that names the project (alias or fuzzy match) and a status verb; its
confidence is 0.9 for an exact name in the same sentence (0.7 when fuzzy), halved when the
sentence speaks of the future (将, 计划, 预计, 拟, 力争, plans to, will ...). A signal moves the
project only forward along the ladder (or to suspended/cancelled, or out of suspended), and
only when its confidence reaches :data:`APPLY_CONFIDENCE`; every signal is kept as evidence
(``applied`` false when it did not move the status).

The modelled effect (:func:`project_effect`) applies the project's scenario edits with
:mod:`metroscope.scenario` and compares the result with the base region
(:func:`metroscope.scenario.compare`): the largest cuts in door-to-door time to the core and
the population newly within 60 / 90 minutes of it.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .._errors import ParameterError, shorten
from ..messages import Message
from .store import PROJECT_STATUSES, Project, StatusChange, utcnow

if TYPE_CHECKING:
    import pandas as pd
    from sqlalchemy.orm import Session

    from ..region import Region
    from .tagging import ProjectRef

logger = logging.getLogger(__name__)

LADDER = ("proposed", "planned", "approved", "tendering", "under_construction", "opened")
APPLY_CONFIDENCE = 0.6
EFFECT_STATUSES = ("under_construction", "opened")

# region / dataset statuses -> the monitor's
_REGION_STATUS = {"operating": "opened", "completed": "opened", "open": "opened",
                  "construction": "under_construction"}

# (status, pattern) in order of precedence: later ladder steps first
STATUS_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cancelled", re.compile(r"取消建设|终止建设|项目取消|停建|\bcancel(?:led|ed)\b", re.I)),
    ("suspended", re.compile(r"暂停建设|暂停施工|停工|缓建|\bsuspend(?:ed)?\b|\bhalted\b", re.I)),
    ("opened", re.compile(r"开通运营|正式开通|建成通车|通车运营|正式通车|投入运营|开通|通车|"
                          r"\bopen(?:ed|s)? (?:to traffic|for service)|\bentered service\b|"
                          r"\bbegan (?:operation|service)", re.I)),
    ("under_construction", re.compile(r"开工建设|正式开工|全面开工|开工|动工|开建|"
                                      r"\bconstruction (?:started|starts|began|begins)\b|"
                                      r"\bbroke ground\b|\bstarted construction\b", re.I)),
    ("tendering", re.compile(r"招标公告|施工招标|招标|中标|\btender(?:ing|ed)?\b", re.I)),
    ("approved", re.compile(r"可研批复|可行性研究报告.{0,12}批复|批复.{0,12}可行性研究报告|"
                            r"核准|获批|批复|\bfeasibility (?:study|report) (?:was |were )?"
                            r"approved\b|\bapproved\b", re.I)),
)
_FUTURE = re.compile(r"将于|将在|即将|计划|预计|拟|力争|有望|争取|年内|\bplans? to\b|\bwill\b|"
                     r"\bexpected to\b|\bscheduled to\b", re.I)
_SENTENCE = re.compile(r"(?<=[。！？；!?;])|\n+|(?<=\.)\s+")


def region_status(status: str | None) -> str:
    """The monitor status of a dataset status (operating → opened; unknown → planned).

    Raises
    ------
    Nothing; an unknown status gives ``planned``.

    Examples
    --------
    >>> region_status("operating"), region_status("under_construction"), region_status(None)
    ('opened', 'under_construction', 'planned')
    """
    s = str(status or "").strip().lower()
    s = _REGION_STATUS.get(s, s)
    return s if s in PROJECT_STATUSES else "planned"


@dataclass(frozen=True)
class StatusSignal:
    """A sentence that says a project reached a status."""

    project_id: str
    status: str
    sentence: str
    confidence: float


def sentences(text: str) -> list[str]:
    """Sentences of a text (Chinese and English punctuation, line breaks).

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> sentences("长四辽通高铁开工。预计2030年通车!Work began. Opening in 2030.")
    ['长四辽通高铁开工。', '预计2030年通车!', 'Work began.', 'Opening in 2030.']
    """
    return [s.strip() for s in _SENTENCE.split(text or "") if s and s.strip()]


def detect_status(text: str, projects: Sequence[ProjectRef]) -> list[StatusSignal]:
    """Status signals in ``text`` for ``projects``: at most one per project (the strongest).

    A sentence counts when it names the project and contains a status verb; see the module
    doc for the confidence.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> from metroscope.monitor.tagging import project_refs
    >>> refs = project_refs(region.projects)
    >>> [(s.project_id, s.status) for s in detect_status("长四辽通高铁今日正式开工建设。", refs)]
    [('changsiliaotong_hsr', 'under_construction')]
    """
    from rapidfuzz import fuzz

    best: dict[str, StatusSignal] = {}
    for sentence in sentences(text):
        lower = sentence.lower()
        for p in projects:
            exact = any(n.lower() in lower for n in p.names)
            fuzzy = not exact and any(
                len(n) >= 4 and fuzz.partial_ratio(n.lower(), lower, score_cutoff=85)
                for n in p.names)
            if not (exact or fuzzy):
                continue
            for status, pattern in STATUS_PATTERNS:
                if pattern.search(sentence):
                    conf = 0.9 if exact else 0.7
                    if _FUTURE.search(sentence):
                        conf *= 0.5
                    sig = StatusSignal(p.project_id, status, sentence[:500], round(conf, 2))
                    old = best.get(p.project_id)
                    if old is None or sig.confidence > old.confidence:
                        best[p.project_id] = sig
                    break
    return list(best.values())


def allowed_move(current: str, new: str) -> bool:
    """Whether a project may move from ``current`` to ``new`` (forward only; see module doc).

    Raises
    ------
    Nothing; an unknown status gives ``False``.

    Examples
    --------
    >>> allowed_move("planned", "under_construction"), allowed_move("opened", "planned")
    (True, False)
    """
    if new == current or current == "cancelled":
        return False
    if new in ("suspended", "cancelled"):
        return current != "opened"
    if current == "suspended":
        return new in LADDER
    return new in LADDER and LADDER.index(new) > LADDER.index(current)


def record_signal(session: Session, signal: StatusSignal, *, item_id: int | None,
                  link: str | None, at: dt.datetime | None = None,
                  min_confidence: float = APPLY_CONFIDENCE) -> StatusChange | None:
    """Store ``signal`` as evidence and move the project if allowed; the change if it moved.

    The evidence row is written either way (``applied`` says whether it moved the status);
    a signal already recorded for the same item, project and status is not written twice.

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database fails (e.g. the server goes away or the schema is not at head).

    An unknown project gives ``None``.

    Examples
    --------
    >>> from metroscope.monitor.tagging import project_refs
    >>> signal = detect_status("长四辽通高铁今日正式开工建设。", project_refs(region.projects))[0]
    >>> with monitor_store.session() as s, s.begin():
    ...     change = record_signal(s, signal, item_id=None, link="https://example.org/a")
    ...     change.previous, change.status, change.applied
    ('planned', 'under_construction', True)
    """
    from sqlalchemy import select

    project = session.get(Project, signal.project_id)
    if project is None:
        return None
    dup = session.scalar(select(StatusChange.id).where(
        StatusChange.project_id == signal.project_id, StatusChange.status == signal.status,
        StatusChange.item_id == item_id).limit(1)) if item_id is not None else None
    if dup is not None:
        return None
    moves = (signal.confidence >= min_confidence and allowed_move(project.status, signal.status))
    change = StatusChange(project_id=project.project_id, status=signal.status,
                          previous=project.status, at=at or utcnow(), item_id=item_id,
                          evidence_link=link, evidence_text=signal.sentence,
                          confidence=signal.confidence, origin="item", applied=moves)
    session.add(change)
    if moves:
        logger.info("project %s: %s -> %s (confidence %.2f)", project.project_id,
                    project.status, signal.status, signal.confidence)
        project.status = signal.status
        project.updated_at = utcnow()
        return change
    return None


def set_status(session: Session, project_id: str, status: str, *, note: str = "",
               link: str | None = None) -> StatusChange:
    """Set a project's status by hand (origin ``manual``, confidence 1).

    Raises
    ------
    ParameterError
        Unknown project or status (also a ``ValueError``).

    Examples
    --------
    >>> with monitor_store.session() as s, s.begin():
    ...     change = set_status(s, "changsiliaotong_hsr", "under_construction", note="works began")
    ...     change.previous, change.status, change.applied
    ('planned', 'under_construction', True)
    """
    if status not in PROJECT_STATUSES:
        msg = Message("err_mon_unknown_status", got=shorten(status), allowed=list(PROJECT_STATUSES))
        raise ParameterError(msg)
    project = session.get(Project, project_id)
    if project is None:
        msg = Message("err_mon_unknown_project_see", got=shorten(project_id))
        raise ParameterError(msg)
    change = StatusChange(project_id=project_id, status=status, previous=project.status,
                          evidence_text=note or None, evidence_link=link, confidence=1.0,
                          origin="manual", applied=True)
    project.status = status
    project.updated_at = utcnow()
    session.add(change)
    return change


# --- the modelled effect ---------------------------------------------------------------------

@dataclass
class ProjectEffect:
    """What the model says a project changes (see :func:`project_effect`).

    ``changes``: DataFrame indexed by ``code`` with ``name_zh``, ``name_en``,
    ``time_to_core_min_base``, ``time_to_core_min_scenario``, ``time_to_core_min_delta``
    (minutes, scenario - base), ``population`` (persons, ``population_year``), sorted by the
    delta (largest cut first), only units whose time changes. ``newly_within``:
    ``{minutes: {"units": [codes], "population": persons}}``. ``note`` says why there is no
    effect (no edits, edits that cannot be applied), in English; ``note_zh`` in Chinese
    (:meth:`summary` shows the one of its language).
    """

    project_id: str
    has_edits: bool
    mode: str = "fastest"
    changes: pd.DataFrame | None = None
    newly_within: dict[int, dict[str, Any]] = field(default_factory=dict)
    population_year: int | None = None
    note: str | None = None
    note_zh: str | None = None

    def summary(self, lang: str = "en", top: int = 5) -> str:
        """A few lines for an alert: top cuts in time to the core, people newly within.

        Raises
        ------
        Nothing.

        Examples
        --------
        >>> changes = pd.DataFrame({"name_zh": ["甲"], "name_en": ["Unit A"], "time_to_core_min_base": [100.0],
        ...                         "time_to_core_min_scenario": [55.0], "time_to_core_min_delta": [-45.0],
        ...                         "population": [200000.0]}, index=pd.Index(["A"], name="code"))
        >>> effect = ProjectEffect("new_line", has_edits=True, changes=changes, population_year=2020,
        ...                        newly_within={60: {"units": ["A"], "population": 200000.0}})
        >>> print(effect.summary())
        Modelled effect (mode fastest):
          Unit A (A) to the core 100 → 55 min (-45)
          newly within 60 min: 1 unit(s), population 200,000 (2020)
        """
        from ._i18n import msg

        if self.note:
            return self.note_zh if lang == "zh" and self.note_zh else self.note
        lines = [msg("effect_head", lang, mode=self.mode)]
        if self.changes is not None:
            for code, r in self.changes.head(top).iterrows():
                name = r["name_zh"] if lang == "zh" else r["name_en"]
                lines.append(msg("effect_line", lang, name=name, code=code,
                                 base=r["time_to_core_min_base"],
                                 new=r["time_to_core_min_scenario"],
                                 delta=r["time_to_core_min_delta"]))
        for minutes, d in sorted(self.newly_within.items()):
            lines.append(msg("effect_within", lang, minutes=minutes, units=len(d["units"]),
                             population=d["population"], year=self.population_year or "?"))
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (for alert payloads and the API).

        Raises
        ------
        Nothing.

        Examples
        --------
        >>> changes = pd.DataFrame({"name_zh": ["甲"], "name_en": ["Unit A"], "time_to_core_min_base": [100.0],
        ...                         "time_to_core_min_scenario": [55.0], "time_to_core_min_delta": [-45.0],
        ...                         "population": [200000.0]}, index=pd.Index(["A"], name="code"))
        >>> effect = ProjectEffect("new_line", has_edits=True, changes=changes, population_year=2020,
        ...                        newly_within={60: {"units": ["A"], "population": 200000.0}})
        >>> d = effect.as_dict()
        >>> d["changes"], d["newly_within"]
        ([{'code': 'A', 'name_zh': '甲', 'name_en': 'Unit A', 'time_to_core_min_base': 100.0, 'time_to_core_min_scenario': 55.0, 'time_to_core_min_delta': -45.0, 'population': 200000.0}], {'60': {'units': ['A'], 'population': 200000.0}})
        """
        rows = [] if self.changes is None else [
            {"code": str(c), **{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}}
            for c, r in self.changes.iterrows()]
        return {"project_id": self.project_id, "has_edits": self.has_edits, "mode": self.mode,
                "changes": rows, "population_year": self.population_year,
                "newly_within": {str(k): v for k, v in self.newly_within.items()},
                "note": self.note, "note_zh": self.note_zh}


def project_effect(region: Region, project_id: str, edits: list[dict[str, Any]] | None, *,
                   mode: str = "fastest", thresholds_min: Sequence[int] = (60, 90)
                   ) -> ProjectEffect:
    """The modelled effect of completing a project on ``region``.

    Parameters
    ----------
    edits
        The project's scenario edits (as in ``Region.projects.edits``, list of dicts).
    mode
        Travel-time mode of the comparison: ``fastest`` door to door by default, the mode of
        every other effect in metroscope (scenario comparison, report, dashboard); ``rail``
        compares the rail view with itself, which credits a new line with trips the car
        already makes faster (梅河口 −39 min by rail, unchanged by the fastest trip).
    thresholds_min
        Minutes for "newly within X minutes of the core".

    Returns
    -------
    ProjectEffect
        With ``note`` set (and no numbers) when the project has no edits or they cannot be
        applied: an effect is never guessed.

    Raises
    ------
    Nothing of its own: edits that cannot be applied or compared (any metroscope error or
    ``ValueError``) give an effect whose ``note`` says why.

    Examples
    --------
    >>> edits = [{"op": "set_status", "line": "长四辽通高铁", "status": "operating", "open_year": 2030}]
    >>> effect = project_effect(region, "changsiliaotong_hsr", edits)
    >>> effect.changes[["name_en", "time_to_core_min_delta"]].round(1).head(3)
                        name_en  time_to_core_min_delta
    code
    220502   Dongchang District                   -55.3
    220503  Erdaojiang District                   -13.3
    220582           Ji'an City                    -5.8
    >>> none = project_effect(region, "changchun_metro_plan", [])
    >>> none.note
    'Project changchun_metro_plan has no scenario edits: the model cannot say what it changes.'
    >>> none.summary("zh")
    '项目 changchun_metro_plan 没有情景编辑:模型无法给出其影响。'
    """
    from .._errors import MetroscopeError, error_text
    from ..scenario import Scenario, apply, compare
    from ._i18n import msg

    if not edits:
        return ProjectEffect(project_id, has_edits=False, mode=mode,
                             note=msg("effect_none", "en", project=project_id),
                             note_zh=msg("effect_none", "zh", project=project_id))
    try:
        scenario = Scenario.model_validate({"name": f"project-{project_id}".replace("_", "-"),
                                            "edits": edits})
        other = apply(scenario, region)
        cmp = compare(region, other, mode=mode)
    except (MetroscopeError, ValueError) as exc:
        return ProjectEffect(project_id, has_edits=True, mode=mode,
                             note=msg("effect_not_applied", "en", project=project_id,
                                      error=error_text(exc, "en")),
                             note_zh=msg("effect_not_applied", "zh", project=project_id,
                                         error=error_text(exc, "zh")))
    cols = ["name_zh", "name_en", "time_to_core_min_base", "time_to_core_min_scenario",
            "time_to_core_min_delta"]
    df = cmp[cols].copy()
    pop, year = _population(region)
    df["population"] = pop.reindex(df.index)
    changed = df[df["time_to_core_min_delta"].abs() > 1e-9].sort_values("time_to_core_min_delta")
    within: dict[int, dict[str, Any]] = {}
    for t in thresholds_min:
        base, new = df["time_to_core_min_base"], df["time_to_core_min_scenario"]
        mask = (new <= t) & ~(base <= t)
        codes = [str(c) for c in df.index[mask]]
        within[int(t)] = {"units": codes,
                          "population": float(df.loc[mask, "population"].fillna(0).sum())}
    return ProjectEffect(project_id, has_edits=True, mode=mode, changes=changed,
                         newly_within=within, population_year=year)


def _population(region: Region) -> tuple[pd.Series, int | None]:
    import pandas as pd

    stats = region.stats[region.stats["indicator"] == "population"]
    if stats.empty:
        return pd.Series(dtype=float), None
    year = int(stats["year"].max())
    latest = stats[stats["year"] == year]
    return latest.set_index("code")["value"].astype(float), year
