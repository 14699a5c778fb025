"""Applying a scenario's edits to a Region: a new Region, the input left untouched.

Every problem of every edit is collected (unknown links, nodes, units or projects, selectors
that match nothing, duplicates) together with the problems the edited tables have under the
data-model checks of :mod:`metroscope._validate` (only those the base Region did not already
have), and raised once as a :class:`~metroscope.scenario.spec.ScenarioSpecError`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .. import _validate as V
from ..messages import Message
from ..network._times import HEADWAY_POOL_META, headway_pool, line_label, line_names
from . import spec as E
from ._notes import base_notes, year_notes

if TYPE_CHECKING:
    from ..region import Region

logger = logging.getLogger(__name__)
_MAX_DEPTH = 4


@dataclass
class _State:
    links: pd.DataFrame
    nodes: pd.DataFrame
    access: pd.DataFrame
    stats: pd.DataFrame
    projects: pd.DataFrame
    units: list[str]
    scenario: str
    problems: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)
    added_links: list[tuple[str, str, str, str]] = field(default_factory=list)


def _select(st: _State, e: E._Selector, where: str) -> pd.Series:
    links = st.links
    mask = pd.Series(True, index=links.index)
    if e.link_ids:
        unknown = sorted(set(e.link_ids) - set(links["link_id"]))
        if unknown:
            st.problems.append(Message("scn_err_unknown_link_ids", where=where, ids=repr(unknown)))
        mask &= links["link_id"].isin(e.link_ids)
    if e.line is not None:
        mask &= (links["line"] == e.line).fillna(False).astype(bool)
    if e.mode is not None:
        mask &= links["mode"] == e.mode
    if e.status_is is not None:
        mask &= links["status"] == e.status_is
    if not mask.any():
        crit = {k: v for k, v in e.model_dump().items()
                if k in ("link_ids", "line", "mode", "status_is") and v}
        st.problems.append(Message("scn_err_no_link_matches", where=where, crit=repr(crit)))
    return mask.astype(bool)


def _set(st: _State, mask: pd.Series, values: dict[str, Any]) -> None:
    for col, val in values.items():
        if col not in st.links.columns:
            # a Region's links have every schema column; only a speed column outside the
            # schema (operating_speed_kph) can be new, and it holds numbers
            st.links[col] = np.nan
        st.links.loc[mask, col] = val


def _headway_replaced(st: _State, mask: pd.Series) -> None:
    """A headway the scenario sets is no longer the data's: its ``headway_note`` (the basis of
    the data's value, e.g. a count at the line's opening) no longer applies."""
    if "headway_note" in st.links.columns:
        st.links.loc[mask, "headway_note"] = pd.NA


def _add_link(st: _State, e: E.AddLink, where: str) -> None:
    if e.link_id in set(st.links["link_id"]):
        st.problems.append(Message("scn_err_link_exists", where=where, link_id=repr(e.link_id)))
        return
    row = e.model_dump(exclude={"op"})
    if e.speed_kph is not None and "design_speed_kph" in st.links.columns:
        row["design_speed_kph"] = e.speed_kph
    st.links = pd.concat([st.links, pd.DataFrame([row])], ignore_index=True)
    st.added_links.append((where, e.link_id, e.from_node, e.to_node))


def _update(st: _State, e: E.UpdateLinks, where: str) -> None:
    mask = _select(st, e, where)
    values: dict[str, Any] = {k: v for k, v in e.model_dump().items()
                              if k in ("speed_kph", "operating_speed_kph", "minutes",
                                       "headway_min", "length_km", "status", "open_year")
                              and v is not None}
    if e.new_mode is not None:
        values["mode"] = e.new_mode
    if e.new_line is not None:
        values["line"] = e.new_line
    if "speed_kph" in values and "design_speed_kph" in st.links.columns:
        values["design_speed_kph"] = values["speed_kph"]
    for col in e.clear:
        values[col] = np.nan
    if "speed_kph" in values or "operating_speed_kph" in values:
        # minutes (and an operating speed) win over a design speed: a speed edit on links
        # that carry them would change nothing, so say so instead of logging an update
        winners = [c for c in ("minutes", "operating_speed_kph")
                   if c not in values and c in st.links.columns]
        shadowed = [c for c in winners if st.links.loc[mask, c].notna().any()]
        if shadowed:
            ids = st.links.loc[mask & st.links[shadowed].notna().any(axis=1), "link_id"]
            st.problems.append(Message(
                "scn_err_speed_shadowed", where=where, ids=repr(ids.tolist()[:10]),
                shadowed={"zh": "、".join(shadowed), "en": " and ".join(shadowed)},
                clear=repr(shadowed)))
    _set(st, mask, values)
    if "headway_min" in values:
        _headway_replaced(st, mask)
    st.log.append(Message("scn_log_updated", where=where, n=int(mask.sum()),
                          fields=repr(sorted(values))))


def _set_speed(st: _State, e: E.SetSpeed, where: str) -> None:
    if e.speed_kph is None and e.operating_speed_kph is None:
        st.problems.append(Message("scn_err_give_speed", where=where))
        return
    mask = _select(st, e, where)
    values: dict[str, Any] = {"minutes": np.nan}
    if e.speed_kph is not None:
        values["speed_kph"] = e.speed_kph
        if "design_speed_kph" in st.links.columns:
            values["design_speed_kph"] = e.speed_kph
    values["operating_speed_kph"] = (np.nan if e.operating_speed_kph is None
                                     else e.operating_speed_kph)
    _set(st, mask, values)
    operating = (str(e.operating_speed_kph) if e.operating_speed_kph
                 else Message("scn_log_factor_design"))
    st.log.append(Message("scn_log_speed", where=where, n=int(mask.sum()),
                          design=str(e.speed_kph or "-"), operating=operating))


def _set_headway(st: _State, e: E.SetHeadway, where: str) -> None:
    if (e.headway_min is None) == (e.factor is None):
        st.problems.append(Message("scn_err_headway_one_of", where=where))
        return
    mask = _select(st, e, where)
    if e.headway_min is not None:
        _set(st, mask, {"headway_min": e.headway_min})
        _headway_replaced(st, mask)
    else:  # a Region's links always have the (optional) headway_min column; a factor keeps
        # the data's basis (the headway is a multiple of the count it was taken from)
        cur = pd.to_numeric(st.links.loc[mask, "headway_min"], errors="coerce")
        if cur.isna().any():
            ids = st.links.loc[mask & st.links["headway_min"].isna(), "link_id"].tolist()
            st.problems.append(Message("scn_err_no_headway_to_scale", where=where, ids=repr(ids)))
        st.links.loc[mask, "headway_min"] = cur * e.factor
    st.log.append(Message("scn_log_headway", where=where, n=int(mask.sum())))


def _network_year(st: _State, year: int, where: str, depth: int) -> None:
    p = st.projects
    due = p[(pd.to_numeric(p["target_year"], errors="coerce") <= year).fillna(False).astype(bool)
            & p["status"].isin(["planned", "under_construction"])]
    for pid in due["project_id"]:
        _complete(st, E.CompleteProject(op="complete_project", project_id=str(pid)),
                  Message("scn_where_project", where=where, project_id=str(pid)), depth + 1)
    opened = pd.to_numeric(st.links["open_year"], errors="coerce")
    mask = ((opened <= year).fillna(False).astype(bool)
            & (st.links["status"] != "operating"))
    st.links.loc[mask, "status"] = "operating"
    st.log.append(Message("scn_log_network_year", where=where, year=year, projects=len(due),
                          links=int(mask.sum())))


def _complete(st: _State, e: E.CompleteProject, where: str, depth: int) -> None:
    rows = st.projects.index[st.projects["project_id"] == e.project_id]
    if len(rows) == 0:
        known = ", ".join(map(str, st.projects["project_id"]))
        st.problems.append(Message("scn_err_unknown_project", where=where,
                                   project_id=repr(e.project_id), known=known))
        return
    if depth > _MAX_DEPTH:
        st.problems.append(Message("scn_err_projects_too_deep", where=where, depth=_MAX_DEPTH))
        return
    raw = st.projects.loc[rows[0], "edits"]  # a Region's projects always have the column
    try:
        edits = E.parse_edits("" if pd.isna(raw) else str(raw),
                              context=Message("scn_ctx_project_edits", project_id=e.project_id))
    except E.ScenarioSpecError as exc:
        st.problems += [Message("scn_err_project_edits", where=where, project_id=e.project_id,
                                problem=p) for p in exc.problems]
        return
    for i, sub in enumerate(edits):
        _apply_one(st, sub, Message("scn_where_sub", where=where, i=i, op=sub.op), depth + 1)
    st.projects.loc[rows, "status"] = "completed"
    st.log.append(Message("scn_log_project", where=where, project_id=e.project_id,
                          n=len(edits)))


def _set_stat(st: _State, e: E.SetStat, where: str) -> None:
    if e.code not in st.units:
        st.problems.append(Message("scn_err_unit_not_in_units", where=where, code=repr(e.code)))
        return
    s = st.stats
    hit = (s["code"] == e.code) & (s["indicator"] == e.indicator) & (s["year"] == e.year)
    if hit.any():
        old = pd.to_numeric(s.loc[hit, "value"])
        new = old * e.factor if e.factor is not None else e.value
        s.loc[hit, "value"] = new
        s.loc[hit, "source"] = f"scenario {st.scenario} (was {old.iloc[0]:g})"
        s.loc[hit, "quality"] = "D"
        return
    if e.factor is not None:
        st.problems.append(Message("scn_err_no_stat_to_scale", where=where, code=e.code,
                                   indicator=e.indicator, year=e.year))
        return
    units = s.loc[s["indicator"] == e.indicator, "unit"].dropna()
    unit = e.unit or (str(units.mode().iloc[0]) if not units.empty else None)
    if unit is None:
        st.problems.append(Message("scn_err_new_indicator_unit", where=where,
                                   indicator=repr(e.indicator)))
        return
    row = {"code": e.code, "year": e.year, "indicator": e.indicator, "value": e.value,
           "unit": unit, "source": f"scenario {st.scenario}", "quality": "D", "break": False}
    st.stats = pd.concat([s, pd.DataFrame([row])], ignore_index=True)


def _nodes_and_access(st: _State, e: Any, where: str) -> None:
    ids = set(st.nodes["node_id"])
    if isinstance(e, E.AddNode):
        if e.node_id in ids:
            st.problems.append(Message("scn_err_node_exists", where=where, node_id=repr(e.node_id)))
        elif e.code is not None and e.code not in st.units:
            st.problems.append(Message("scn_err_code_not_in_units", where=where, code=repr(e.code)))
        else:
            st.nodes = pd.concat([st.nodes, pd.DataFrame([e.model_dump(exclude={"op"})])],
                                 ignore_index=True)
    elif isinstance(e, E.RemoveNode):
        if e.node_id not in ids:
            st.problems.append(Message("scn_err_unknown_node", where=where, node_id=repr(e.node_id)))
            return
        touch = (st.links["from_node"] == e.node_id) | (st.links["to_node"] == e.node_id)
        acc = st.access["node_id"] == e.node_id
        st.log.append(Message("scn_log_removed_node", where=where, node_id=e.node_id,
                              links=repr(st.links.loc[touch, "link_id"].tolist()),
                              n=int(acc.sum())))
        st.links = st.links[~touch].reset_index(drop=True)
        st.access = st.access[~acc].reset_index(drop=True)
        st.nodes = st.nodes[st.nodes["node_id"] != e.node_id].reset_index(drop=True)
    elif isinstance(e, E.SetAccess | E.RemoveAccess):
        bad = ([Message("scn_err_unit_not_in_units", where=where, code=repr(e.code))]
               if e.code not in st.units else [])
        bad += ([Message("scn_err_node_not_in_nodes", where=where, node_id=repr(e.node_id))]
                if e.node_id not in ids else [])
        hit = (st.access["code"] == e.code) & (st.access["node_id"] == e.node_id)
        if isinstance(e, E.RemoveAccess) and not hit.any() and not bad:
            bad.append(Message("scn_err_no_access_row", where=where, code=e.code,
                               node_id=e.node_id))
        if bad:
            st.problems += bad
        elif isinstance(e, E.RemoveAccess):
            st.access = st.access[~hit].reset_index(drop=True)
        elif hit.any():
            st.access.loc[hit, "minutes"] = e.minutes
        else:
            row = {"code": e.code, "node_id": e.node_id, "minutes": e.minutes}
            st.access = pd.concat([st.access, pd.DataFrame([row])], ignore_index=True)


def _apply_one(st: _State, e: Any, where: str, depth: int = 0) -> None:
    if isinstance(e, E.AddLink):
        _add_link(st, e, where)
    elif isinstance(e, E.RemoveLinks):
        mask = _select(st, e, where)
        st.links = st.links[~mask].reset_index(drop=True)
        st.log.append(Message("scn_log_removed_links", where=where, n=int(mask.sum())))
    elif isinstance(e, E.UpdateLinks):
        _update(st, e, where)
    elif isinstance(e, E.SetStatus):
        mask = _select(st, e, where)
        values: dict[str, Any] = {"status": e.status}
        if e.open_year is not None:
            values["open_year"] = e.open_year
        _set(st, mask, values)
        st.log.append(Message("scn_log_status", where=where, n=int(mask.sum()), status=e.status))
    elif isinstance(e, E.SetSpeed):
        _set_speed(st, e, where)
    elif isinstance(e, E.SetHeadway):
        _set_headway(st, e, where)
    elif isinstance(e, E.ThroughService):
        _through_service(st, e, where)
    elif isinstance(e, E.CompleteProject):
        _complete(st, e, where, depth)
    elif isinstance(e, E.SetNetworkYear):
        _network_year(st, e.year, where, depth)
    elif isinstance(e, E.SetStat):
        _set_stat(st, e, where)
    else:
        _nodes_and_access(st, e, where)


def _through_service(st: _State, e: E.ThroughService, where: str) -> None:
    """Copy the via line's links between two of its nodes as links of ``line``."""
    via = st.links[(st.links["line"] == e.via_line).fillna(False).astype(bool)]
    if via.empty:
        st.problems.append(Message("scn_err_no_link_of_line", where=where, line=repr(e.via_line)))
        return
    adj: dict[str, list[tuple[str, int]]] = {}
    for i, a, b in zip(via.index, via["from_node"], via["to_node"], strict=True):
        adj.setdefault(str(a), []).append((str(b), int(i)))
        adj.setdefault(str(b), []).append((str(a), int(i)))
    prev: dict[str, tuple[str, int] | None] = {e.from_node: None}
    queue = [e.from_node]
    while queue:
        cur = queue.pop(0)
        for nxt, i in adj.get(cur, []):
            if nxt not in prev:
                prev[nxt] = (cur, i)
                queue.append(nxt)
    if e.to_node not in prev or e.from_node not in adj:
        st.problems.append(Message("scn_err_line_does_not_join", where=where,
                                   line=repr(e.via_line), a=e.from_node, b=e.to_node))
        return
    path: list[int] = []
    node = e.to_node
    while (step := prev[node]) is not None:
        node, i = step
        path.append(i)
    copies = st.links.loc[path].copy()
    copies["link_id"] = [f"{lid}@{e.line}" for lid in copies["link_id"]]
    copies["line"] = e.line
    if "line_en" in copies.columns:  # the English name of the line, not of the via line
        own = st.links.loc[(st.links["line"] == e.line).fillna(False).astype(bool), "line_en"]
        copies["line_en"] = own.dropna().iloc[0] if own.notna().any() else pd.NA
    copies["status"] = e.status
    copies["open_year"] = e.open_year
    # Without a published frequency for the through trains, the copies keep the via line's
    # headway: boarding them on the shared stretch is never easier than boarding the via
    # line's own trains (a zero wait there made trips that use only the via line faster).
    if e.headway_min is not None:
        copies["headway_min"] = e.headway_min
        if "headway_note" in copies.columns:
            copies["headway_note"] = pd.NA
    st.links = pd.concat([st.links, copies], ignore_index=True)
    names = line_names(st.links)
    st.log.append(Message("scn_log_through", where=where, line=line_label(e.line, names),
                          n=len(path), via=line_label(e.via_line, names)))


def apply_scenario(scenario: E.Scenario, region: Region) -> Region:
    """Apply ``scenario`` to ``region`` and return the new Region (see the module doc).

    Raises
    ------
    ScenarioSpecError
        Listing every problem of every edit at once.

    Examples
    --------
    >>> from metroscope.scenario import load_scenario
    >>> new = apply_scenario(load_scenario("chang-si-liao-tong"), region)
    >>> len(new.links) - len(region.links)
    2
    """
    st = _State(links=region.links.copy(), nodes=region.nodes.copy(),
                access=region.access.copy(), stats=region.stats.copy(),
                projects=region.projects.copy(), units=[str(c) for c in region.units.index],
                scenario=scenario.name)
    edits: list[Any] = list(scenario.edits)
    if scenario.year is not None:
        edits.append(E.SetNetworkYear(op="set_network_year", year=scenario.year))
    for i, e in enumerate(edits):
        where = (f"edits.{i} ({e.op})" if i < len(scenario.edits)
                 else Message("scn_where_year", year=scenario.year))
        _apply_one(st, e, where)
    node_ids = set(st.nodes["node_id"])
    reported: set[tuple[str, str]] = set()  # (column, node) told by the edit that added it
    for where, lid, a, b in st.added_links:
        missing = [n for n in (a, b) if n not in node_ids]
        if missing:
            st.problems.append(Message("scn_err_link_unknown_nodes", where=where,
                                       link_id=repr(lid), missing=repr(missing)))
            reported |= {(col, str(n)) for col, n in (("from_node", a), ("to_node", b))
                         if n in missing}
    # tables the edits left equal cannot bring new problems: check only the changed ones
    changed = {name: not getattr(st, name).equals(getattr(region, name))
               for name in ("links", "nodes", "access", "stats")}
    before = {str(p) for p in _checks(region.links, region.nodes, region.access, region.stats,
                                      st.units, changed)}
    after = [p for p in _checks(st.links, st.nodes, st.access, st.stats, st.units, changed)
             if str(p) not in before
             and not (p.table == "links" and (p.column, str(p.value)) in reported)]
    st.problems += [Message("scn_err_after_edits",
                            problem={lang: p.text(lang) for lang in ("zh", "en")})
                    for p in after]
    if st.problems:
        raise E.ScenarioSpecError(st.problems, context=Message(
            "scn_err_applied", scenario=scenario.name, region=region.name))
    meta = dict(region.meta)
    # assumed headways stay those of the base data: a scenario's lines and headway edits do
    # not move the median that lines without a published frequency are given
    meta[HEADWAY_POOL_META] = headway_pool(region)
    meta["scenario"] = {"name": scenario.name, "title": scenario.title,
                        "source_file": scenario.source_file, "log": st.log}
    notes = base_notes(scenario, region) + year_notes(scenario, region)
    if notes:
        meta["scenario"]["notes"] = notes
    for line in st.log:
        logger.info("scenario %s: %s", scenario.name, line)
    return replace(region, name=f"{region.name}+{scenario.name}", links=st.links,
                   nodes=st.nodes, access=st.access, stats=st.stats, projects=st.projects,
                   meta=meta, validate=False)


def _checks(links: pd.DataFrame, nodes: pd.DataFrame, access: pd.DataFrame,
            stats: pd.DataFrame, units: list[str], changed: dict[str, bool]) -> list[Any]:
    """The validation problems of the tables marked in ``changed`` (links and access are
    checked too when the nodes they refer to changed)."""
    ids = list(nodes["node_id"].dropna())
    out: list[Any] = []
    if changed["links"] or changed["nodes"]:
        out += V.check_links(links, ids)
    if changed["nodes"]:
        out += V.check_nodes(nodes, units)
    if changed["access"] or changed["nodes"]:
        out += V.check_access(access, units, ids)
    if changed["stats"]:
        out += V.check_stats(stats, units)
    return out
