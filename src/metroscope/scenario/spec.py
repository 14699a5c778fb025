"""Scenario specifications: YAML or TOML files validated with pydantic.

A scenario is a name, some descriptive text, an optional network ``year`` and a list of
``edits``; each edit has an ``op`` and the fields of that op (``docs/network.md`` lists them).
A bad file gets every problem listed at once, each with its line and key.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Final, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .. import _schema as S
from .._errors import ScenarioError, shorten, zh_context
from ..messages import CATALOGUE, LANGS, Message
from ._lines import locate
from ._spec_yaml import (
    MAX_SPEC_BYTES,
    MAX_YAML_ALIASES,
    load_yaml,
    shorten_text,
    syntax_problem,
)

__all__ = [
    "MAX_SPEC_BYTES",
    "MAX_YAML_ALIASES",
    "SPECS_DIR",
    "AddLink",
    "AddNode",
    "CompleteProject",
    "RemoveAccess",
    "RemoveLinks",
    "RemoveNode",
    "Scenario",
    "ScenarioSpecError",
    "SetAccess",
    "SetHeadway",
    "SetNetworkYear",
    "SetSpeed",
    "SetStat",
    "SetStatus",
    "ThroughService",
    "UnknownScenarioError",
    "UpdateLinks",
    "list_scenarios",
    "load_scenario",
    "load_yaml",
    "parse_edits",
    "scenario_from_dict",
    "shorten_text",
]

SPECS_DIR = Path(__file__).parent / "specs"

LinkMode = Literal["hsr", "intercity", "rail", "expressway", "road", "urban"]
Status = Literal["operating", "under_construction", "planned"]
Year = Annotated[int, Field(ge=S.USER_YEAR_MIN, le=S.USER_YEAR_MAX)]
#: A network year (a scenario's ``year``, ``set_network_year``): the range the command line,
#: the API and the editor take for --network-year (``YEAR_MIN``-``YEAR_MAX``).
NetworkYear = Annotated[int, Field(ge=S.YEAR_MIN, le=S.YEAR_MAX)]
Positive = Annotated[float, Field(gt=0)]
#: Highest speed an edit may set, km/h (:data:`metroscope._schema.MAX_SPEED_KPH`, which the
#: links table's validation also applies to speeds and to length / minutes).
MAX_SPEED_KPH: Final = S.MAX_SPEED_KPH
Speed = Annotated[float, Field(gt=0, le=MAX_SPEED_KPH)]


def _in(lang: str, text: str) -> str:
    return text.get(lang) if isinstance(text, Message) else str(text)


class ScenarioSpecError(ScenarioError):
    """A scenario that cannot be read, validated or applied; ``problems`` lists every one.

    ``problems`` (and ``context``) are catalogue messages where metroscope wrote them (as
    ``str`` they are the English text), so the error renders in Chinese too
    (:func:`metroscope._errors.error_text`).
    """

    def __init__(self, problems: Sequence[str], *, context: str) -> None:
        self.problems = list(problems)
        self.context = context
        listed = {lang: "\n".join(f"  - {_in(lang, p)}" for p in self.problems)
                  for lang in LANGS}
        where = {lang: _in(lang, context) for lang in LANGS}
        where["zh"] = zh_context(where["zh"])
        super().__init__(Message("scn_err_problems", n=len(self.problems), context=where,
                                 problems=listed))


class UnknownScenarioError(ScenarioSpecError):
    """A scenario name that is neither shipped nor an existing file (the command line exits
    with code 2, a usage error, for it)."""


class _Edit(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class _Selector(_Edit):
    """Which links an edit touches: every link matching all the given criteria."""

    link_ids: list[str] | None = None
    line: str | None = None
    mode: LinkMode | None = None
    status_is: Status | None = None

    @model_validator(mode="after")
    def _some_selector(self) -> _Selector:
        if not (self.link_ids or self.line or self.mode or self.status_is):
            msg = Message("scn_err_no_selector")
            raise ScenarioError(msg)
        return self


class AddLink(_Edit):
    """Add a link (two-way) between two existing or added nodes."""

    op: Literal["add_link"]
    link_id: str
    from_node: str
    to_node: str
    mode: LinkMode
    line: str | None = None
    length_km: Positive
    speed_kph: Speed | None = None
    operating_speed_kph: Speed | None = None
    minutes: Positive | None = None
    status: Status = "operating"
    open_year: Year | None = None
    headway_min: Positive | None = None

    @model_validator(mode="after")
    def _time(self) -> AddLink:
        if self.speed_kph is None and self.minutes is None and self.operating_speed_kph is None:
            msg = Message("scn_err_link_no_time")
            raise ScenarioError(msg)
        return self


class RemoveLinks(_Selector):
    """Remove the selected links."""

    op: Literal["remove_link", "remove_links"]


class UpdateLinks(_Selector):
    """Upgrade the selected links: any of speeds, minutes, headway, status, year, mode, line."""

    op: Literal["update_links", "upgrade_links"]
    speed_kph: Speed | None = None
    operating_speed_kph: Speed | None = None
    minutes: Positive | None = None
    headway_min: Positive | None = None
    length_km: Positive | None = None
    status: Status | None = None
    open_year: Year | None = None
    new_mode: LinkMode | None = None
    new_line: str | None = None
    clear: list[Literal["minutes", "operating_speed_kph", "headway_min"]] = []


class SetStatus(_Selector):
    """Set the status (and opening year) of the selected links."""

    op: Literal["set_status"]
    status: Status
    open_year: Year | None = None


class SetSpeed(_Selector):
    """Run the selected links at a design speed: sets ``speed_kph`` and clears timetable
    minutes and published operating speeds, so the operating-speed factor applies; or set
    ``operating_speed_kph`` directly."""

    op: Literal["set_speed"]
    speed_kph: Speed | None = None
    operating_speed_kph: Speed | None = None


class SetHeadway(_Selector):
    """Set the headway of the selected links, or scale it (``factor`` 0.5 = twice as often)."""

    op: Literal["set_headway"]
    headway_min: Positive | None = None
    factor: Positive | None = None


class ThroughService(_Edit):
    """Run ``line`` through over ``via_line`` between two of its nodes: the via line's links
    on that stretch are copied as links of ``line`` (``<link_id>@<line>``), so trains of
    ``line`` continue without a change (e.g. a new line that uses an existing one's track)."""

    op: Literal["through_service"]
    line: str
    via_line: str
    from_node: str
    to_node: str
    status: Status = "operating"
    open_year: Year | None = None
    headway_min: Positive | None = None


class AddNode(_Edit):
    """Add a station (or junction, hub, seat)."""

    op: Literal["add_node", "add_station"]
    node_id: str
    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)
    name_zh: str | None = None
    name_en: str | None = None
    code: str | None = None
    kind: Literal["station", "hub", "junction", "seat"] = "station"


class RemoveNode(_Edit):
    """Remove a node with every link and access row that uses it."""

    op: Literal["remove_node", "remove_station"]
    node_id: str


class SetAccess(_Edit):
    """Add or change the minutes from a unit's seat to a node."""

    op: Literal["set_access"]
    code: str
    node_id: str
    minutes: float = Field(ge=0)


class RemoveAccess(_Edit):
    """Remove the access row of a unit to a node."""

    op: Literal["remove_access"]
    code: str
    node_id: str


class CompleteProject(_Edit):
    """Apply the edits a project's completion implies (its ``edits`` column) and mark it
    ``completed``."""

    op: Literal["complete_project"]
    project_id: str


class SetNetworkYear(_Edit):
    """Open every link whose opening year is <= ``year`` (status becomes operating)."""

    op: Literal["set_network_year"]
    year: NetworkYear


class SetStat(_Edit):
    """Set (``value``) or scale (``factor``) a unit statistic, e.g. population."""

    op: Literal["set_stat"]
    code: str
    indicator: str
    year: Year
    value: float | None = None
    factor: float | None = None
    unit: str | None = None

    @model_validator(mode="after")
    def _one(self) -> SetStat:
        if (self.value is None) == (self.factor is None):
            msg = Message("scn_err_value_or_factor")
            raise ScenarioError(msg)
        return self


Edit = Annotated[
    AddLink | RemoveLinks | UpdateLinks | SetStatus | SetSpeed | SetHeadway | ThroughService
    | AddNode | RemoveNode | SetAccess | RemoveAccess | CompleteProject | SetNetworkYear | SetStat,
    Field(discriminator="op"),
]


class Scenario(BaseModel):
    """A named set of edits to a Region (see the module doc)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    title: str | None = None
    title_zh: str | None = None
    description: str = ""
    description_zh: str = ""
    base: str | None = None
    year: NetworkYear | None = None
    sources: list[str] = []
    edits: list[Edit] = []
    source_file: str | None = Field(default=None, exclude=True)

    def apply(self, region: Any) -> Any:
        """A new Region with the edits applied (see :func:`metroscope.scenario.apply`).

        Raises
        ------
        ScenarioSpecError
            Listing every edit that cannot be applied to ``region``.

        Examples
        --------
        >>> s = load_scenario("chang-si-liao-tong")
        >>> s.apply(region)
        Region('changchun+chang-si-liao-tong': 81 units, 5636 stats rows, 132 nodes, 340 links, 3 projects)
        """
        from .editing import apply_scenario

        return apply_scenario(self, region)


def parse_edits(raw: Any, *, context: str) -> list[Any]:
    """Validate a JSON/YAML list of edits (e.g. a project's ``edits`` column).

    Raises
    ------
    ScenarioSpecError
        When a string is not valid JSON, or an edit is invalid (every problem listed).

    Examples
    --------
    >>> parse_edits('[{"op": "complete_project", "project_id": "changsiliaotong_hsr"}]', context="example")
    [CompleteProject(op='complete_project', project_id='changsiliaotong_hsr')]
    """
    if isinstance(raw, str):
        try:
            raw = json.loads(raw) if raw.strip() else []
        except json.JSONDecodeError as exc:
            raise ScenarioSpecError([Message("scn_err_not_json", detail=str(exc))],
                                    context=context) from None
    try:
        holder = Scenario.model_validate({"name": "project", "edits": raw})
    except ValidationError as exc:
        raise ScenarioSpecError([_message(e) for e in exc.errors()], context=context) from None
    return list(holder.edits)


def _message(err: Any, line: int | None = None) -> Message:
    """One pydantic error as a catalogue message: its line (when known), its field path, what
    is wrong (in Chinese for pydantic's commonest complaints) and the value given."""
    loc = ".".join(str(x) for x in err["loc"] if not (isinstance(x, str) and x in _OPS)) or "-"
    got = "" if err.get("type") == "missing" else Message("scn_err_got",
                                                            value=shorten(err.get("input")))
    kind = str(err.get("type"))
    text: Any = err["msg"]
    cause = (err.get("ctx") or {}).get("error")
    ops = sorted(_OPS)  # a list: joined with ", " in English and 、 in Chinese
    if kind == "value_error" and cause is not None and cause.args \
            and isinstance(cause.args[0], Message):
        # the spec's own checks: pydantic prefixes the sentence with "Value error, " (kept in
        # English as before)
        text = {"zh": cause.args[0].zh, "en": err["msg"]}
    elif kind == "union_tag_not_found":  # pydantic's wording names its internals
        text = Message("scn_err_op_missing", ops=ops)
    elif kind == "union_tag_invalid":
        text = Message("scn_err_op_unknown", ops=ops)
    elif f"scn_err_pd_{kind}" in CATALOGUE:
        ctx = {k: {"zh": str(v).replace(" or ", ", ").replace(", ", "、"), "en": str(v)}
               for k, v in (err.get("ctx") or {}).items()}
        made = Message(f"scn_err_pd_{kind}", **ctx)
        # pydantic's own English wins should a release reword it
        text = made if str(made) == err["msg"] else {"zh": made.zh, "en": err["msg"]}
    at = Message("scn_err_line_at", line=line) if line else ""
    return Message("scn_err_field", line=at, loc=loc, text=text, got=got)


def _read(path: Path) -> tuple[Any, str]:
    try:
        size = path.stat().st_size
        if size > MAX_SPEC_BYTES:
            raise ScenarioSpecError([Message("scn_err_file_too_big", size=f"{size:,}",
                                             limit=f"{MAX_SPEC_BYTES:,}")], context=str(path))
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioSpecError([Message("scn_err_not_utf8", detail=str(exc))],
                                context=str(path)) from None
    try:
        if path.suffix.lower() == ".toml":
            return tomllib.loads(text), text
        if path.suffix.lower() in (".yaml", ".yml"):
            return load_yaml(text), text
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        # a limit of this loader is a catalogue message; the parsers' own reasons stay as they
        # wrote them, with the line and column of a syntax error
        raise ScenarioSpecError([syntax_problem(exc, path.suffix[1:].upper())],
                                context=str(path)) from None
    raise ScenarioSpecError([Message("scn_err_unknown_file_type", suffix=repr(path.suffix))],
                            context=str(path))


def load_scenario(name_or_path: str | Path) -> Scenario:
    """Read and validate a scenario: a shipped name (see :func:`list_scenarios`) or a file.

    Raises
    ------
    ScenarioSpecError
        Listing every problem with its line and key (e.g. ``line 12, edits.2.speed_kph:
        Input should be greater than 0``).

    Examples
    --------
    >>> s = load_scenario("chang-si-liao-tong")
    >>> s.title, len(s.edits)
    ('Changchun–Siping–Liaoyuan–Tonghua HSR opened', 2)
    """
    path = _resolve(name_or_path)
    data, text = _read(path)
    if not isinstance(data, dict):
        raise ScenarioSpecError([Message("scn_err_file_not_mapping")], context=str(path))
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        problems = []
        for e in exc.errors():
            keys = [x for x in e["loc"] if not (isinstance(x, str) and x in _OPS)]
            line = locate(text, path.suffix.lower(), keys)
            problems.append(_message(e, line))
        raise ScenarioSpecError(problems, context=str(path)) from None
    return scenario.model_copy(update={"source_file": str(path)})


# pydantic puts the union tag (the op name) in error locations; they are dropped.
_OPS = {"add_link", "remove_link", "remove_links", "update_links", "upgrade_links",
        "set_status", "set_speed", "set_headway", "through_service", "add_node", "add_station", "remove_node",
        "remove_station", "set_access", "remove_access", "complete_project",
        "set_network_year", "set_stat"}


def _resolve(name_or_path: str | Path) -> Path:
    shipped = {p.stem: p for p in SPECS_DIR.glob("*.yaml")}
    if isinstance(name_or_path, str) and name_or_path in shipped:
        return shipped[name_or_path]
    path = Path(name_or_path)
    if path.exists():
        return path
    raise UnknownScenarioError([Message("scn_err_unknown_scenario", name=repr(str(name_or_path)),
                                        shipped=", ".join(sorted(shipped)))],
                               context=Message("scn_ctx_scenario"))


def list_scenarios() -> list[str]:
    """Names of the scenarios shipped with metroscope.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> list_scenarios()
    ['chang-si-liao-tong', 'hsr-350', 'network-2030']
    """
    return sorted(p.stem for p in SPECS_DIR.glob("*.yaml"))


def scenario_from_dict(data: Any, *, context: str | None = None) -> Scenario:
    """Validate a scenario given as a mapping (e.g. a JSON request body); ``context`` names it
    in the error (default: "scenario", in the error's language).

    Raises
    ------
    ScenarioSpecError
        Listing every problem with its key (``edits.0.speed_kph: Input should be greater
        than 0 (got -5)``).

    Examples
    --------
    >>> s = scenario_from_dict({"name": "hsr-open", "title": "HSR open",
    ...                         "edits": [{"op": "complete_project", "project_id": "changsiliaotong_hsr"}]})
    >>> s.name, len(s.edits)
    ('hsr-open', 1)
    """
    context = context if context is not None else Message("scn_ctx_scenario")
    if not isinstance(data, dict):
        raise ScenarioSpecError([Message("scn_err_not_mapping")], context=context)
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioSpecError([_message(e) for e in exc.errors()], context=context) from None
