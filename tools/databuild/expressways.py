"""Expressways of the embedded ``changchun`` network (ne_expressways_facts.csv).

Part of the dataset builder ``tools/databuild`` (formerly ``tools/network_facts.py``, with the
intra-city leg now in ``roads.py``). Everything here is built from files in the shared data
folder:

- ``scout_curated/ne_expressways_facts.csv``: expressways and sections in Jilin with their places
  in route order, opening years, lengths, design speeds and sources.

No expressway section joins two seats of one city: consecutive places of a row whose seats are
of one prefecture and within ``URBAN_MAX_KM`` of each other (the seats the intra-city leg of
``roads.py`` joins) are one place of the route. The source lists the districts a road touches on
the urban edge, not a road between district centres (长太: 长春(绿园区);宽城区;...); a 120 km/h
link between two district seats would make the city's own trips faster than its streets. The
place kept is the route's terminus where the run of such places is at an end of the route
(长太 starts at 长春市绿园区(城西镇): 绿园区 is kept, 宽城区 reaches the road by the
intra-city leg), else the first listed.

The model assumptions are named constants in ``params.py``; each is written into ``region.toml`` as
``assumption_<name>`` and documented in ``datasets/DATA.md``. Speeds of ordinary roads and of
the intra-city leg are not data: the router takes them from ``metroscope.settings`` (calibrated
and documented there), so road and urban links carry no ``speed_kph``.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from metroscope.geo import great_circle_km

from . import facts
from .params import DETOUR_MAX, URBAN_MAX_KM

EXPRESSWAYS_CSV = "scout_curated/ne_expressways_facts.csv"


def gc_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle km between two (lon, lat) points (``metroscope.geo.great_circle_km``)."""
    return float(great_circle_km(a[0], a[1], b[0], b[1]))


# ============================================================================ expressways


_DEFAULT_LENGTH = r"^\s*(\d+(?:\.\d+)?)\s*(?:\||$)"  # the leading number


@dataclass(frozen=True)
class Opening:
    """Opening year of the sections between two located places (names as in the csv), checked
    against the row's ``opened`` text (``fact``)."""

    start: str | None  # None: every section of the row not otherwise dated
    end: str | None
    year: int | None
    fact: str  # must occur in the csv ``opened`` cell
    note: str = ""


@dataclass(frozen=True)
class ExpresswayRow:
    """How one row of ne_expressways_facts.csv is read (matched on name_zh and section_zh)."""

    name: str
    section: str
    openings: tuple[Opening, ...]
    status: str = "operating"
    length: str = _DEFAULT_LENGTH  # regex of the usable length (group 1)
    note: str = ""


def _rows(table: dict[str, Any]) -> tuple[ExpresswayRow, ...]:
    """The rows of data/expressways.toml (opening years with the text that must back them)."""
    return tuple(ExpresswayRow(
        e["name"], e["section"],
        tuple(Opening(o.get("start"), o.get("end"), o.get("year"), o["fact"], o.get("note", ""))
              for o in e["openings"]),
        status=e.get("status", "operating"), length=e.get("length", _DEFAULT_LENGTH))
        for e in table["expressways"])


# data/expressways.toml: the rows read (a row not listed is left out, named with the reason)
_TABLE = facts.toml("expressways.toml")
EXPRESSWAYS: tuple[ExpresswayRow, ...] = _rows(_TABLE)
LEFT_OUT_EXPRESSWAYS: Mapping[str, str] = MappingProxyType(_TABLE["left_out"])
_PLACE_SUFFIXES = ("枢纽", "互通", "收费站")
_DIRECTIONS = "东西南北"


@dataclass
class Place:
    """A place of a route located at a county seat (or not located)."""

    text: str
    code: str | None
    how: str
    index: int = -1  # position among the row's places


class Locator:
    """Locates route places at county seats.

    ``seats``: index county code; columns ``name_zh``, ``stem``, ``parent``, ``lon``, ``lat``
    (Jilin counties with a seat). ``prefectures``: stem -> (prefecture code, core county code).
    """

    def __init__(self, seats: pd.DataFrame, prefectures: dict[str, tuple[str, str]]) -> None:
        self.seats = seats
        self.prefectures = prefectures

    def _name(self, name: str) -> tuple[str | None, str]:
        """(county code, how) of a place name; (None, why) when it has no seat."""
        s = self.seats
        name = name.strip()
        for suf in _PLACE_SUFFIXES:
            if name.endswith(suf) and len(name) > len(suf) + 1:
                name = name[: -len(suf)]
        hits = list(s.index[s["name_zh"] == name])
        if len(hits) == 1:
            return str(hits[0]), "county name"
        cands = [(name, "")]
        if len(name) > 2 and name[-1] in _DIRECTIONS:  # 德惠西: an interchange of 德惠
            cands.append((name[:-1], "interchange named after "))
        for cand, how in cands:
            hits = list(s.index[s["stem"] == cand])
            if len(hits) == 1:
                return str(hits[0]), how + "county"
            if cand in self.prefectures:
                pref, core = self.prefectures[cand]
                return core, f"{how}prefecture {pref} (its core district)"
            pre = [c for c in s.index if len(cand) >= 2 and str(s.at[c, "stem"]).startswith(cand)
                   and len(str(s.at[c, "stem"])) > len(cand)]
            if len(pre) == 1 and not how:  # 前郭 -> 前郭尔罗斯蒙古族自治县
                return str(pre[0]), "county (its name starts with the place)"
        return None, "no coordinate in the data"

    def locate(self, raw: str) -> Place:
        text = raw.strip()
        m = re.match(r"^([^()（）]*)[(（](.*)[)）]\s*$", text)
        base, inner = (m.group(1).strip(), m.group(2)) if m else (text, "")
        if inner:  # a district named in brackets wins: 长春(绿园区)
            for part in re.split(r"[,/，、]", inner):
                code, how = self._name(part)
                if code is not None and how == "county name":
                    return Place(text, code, "county named in brackets")
        if base:
            code, how = self._name(base)
            if code is not None:
                return Place(text, code, how)
        if inner:
            if not base:  # (农安): a place the source inferred
                code, how = self._name(inner.split(",")[0])
                if code is not None:
                    return Place(text, code, how + " (inferred by the source)")
            for c in self.seats.index:  # 通化县快大茂: a town of a county
                full = str(self.seats.at[c, "name_zh"])
                if any(p.strip().startswith(full) for p in re.split(r"[,/，、]", inner)):
                    return Place(text, str(c), f"town of {full}")
        return Place(text, None, "no coordinate in the data")


def _usable_length(cell: Any, pattern: str) -> float | None:
    if not isinstance(cell, str):
        return None
    m = re.search(pattern, cell)
    return float(m.group(1)) if m and m.groups() else None


def _design_speed(cell: Any) -> tuple[float | None, str]:
    """Design speed (km/h) from the cell; where two sources conflict the opening release wins."""
    if not isinstance(cell, str) or not cell.strip():
        return None, ""
    alts = [a.strip() for a in cell.split("|")]
    pick = next((a for a in alts if "opening" in a), alts[0])
    m = re.match(r"(\d+)", pick)
    note = f"design speed cell: {cell}" if len(alts) > 1 or "(" in cell else ""
    return (float(m.group(1)) if m else None), note


def _drop_detours(chain: list[tuple[Place, tuple[float, float]]]) -> tuple[list[Any], list[str]]:
    """Drop intermediate places whose seat lengthens the route by more than DETOUR_MAX (the
    source names counties crossed, not seats passed): the worst first, until none is left."""
    dropped: list[str] = []
    while len(chain) > 2:
        ratios = []
        for i in range(1, len(chain) - 1):
            a, p, b = chain[i - 1][1], chain[i][1], chain[i + 1][1]
            direct = gc_km(a, b)
            ratios.append(((gc_km(a, p) + gc_km(p, b)) / direct) if direct > 0 else math.inf)
        worst = int(np.argmax(ratios))
        if ratios[worst] <= DETOUR_MAX:
            break
        dropped.append(chain[worst + 1][0].text)
        del chain[worst + 1]
    return chain, dropped


def joined_in_city(a: str, b: str, a_xy: tuple[float, float], b_xy: tuple[float, float]) -> bool:
    """Whether the intra-city leg joins the seats of counties ``a`` and ``b`` (as
    ``roads.urban_links``): one prefecture (the first four digits of the code) and at most
    URBAN_MAX_KM apart on the great circle."""
    return a[:4] == b[:4] and gc_km(a_xy, b_xy) <= URBAN_MAX_KM


def merge_city_places(chain: list[tuple[Place, tuple[float, float]]]) -> tuple[list[Any],
                                                                                 list[str]]:
    """Consecutive places whose seats the intra-city leg joins (:func:`joined_in_city`) become
    one place of the route, so that no expressway section runs between two seats of one city:
    of such a run the route's terminus is kept where the run is at an end of the route (the
    last place for the run that ends it), else its first place. Returns the chain and the texts
    of the places merged away."""
    runs: list[list[tuple[Place, tuple[float, float]]]] = []
    for item in chain:
        if runs and joined_in_city(str(runs[-1][-1][0].code), str(item[0].code),
                                   runs[-1][-1][1], item[1]):
            runs[-1].append(item)
        else:
            runs.append([item])
    kept: list[tuple[Place, tuple[float, float]]] = []
    merged: list[str] = []
    for k, run in enumerate(runs):
        keep = run[-1] if k == len(runs) - 1 and k > 0 else run[0]
        kept.append(keep)
        merged += [p.text for p, _ in run if p is not keep[0]]
    return kept, merged


def _opening_for(row: ExpresswayRow, span: tuple[int, int], order: list[str]) -> Opening:
    """The opening of the section from place ``span[0]`` to ``span[1]`` (indices into the
    row's places, names ``order``): the dated spans it overlaps (a section opens when its
    last part does: the latest year; unknown when one part's year is), else the row default."""
    hit: list[Opening] = []
    for op in row.openings:
        if op.start is None or op.end is None:
            continue
        at = {e: [k for k, n in enumerate(order) if n.startswith(e)] for e in (op.start, op.end)}
        if not at[op.start] or not at[op.end]:
            raise SystemExit(f"{row.name}: opening span {op.start}–{op.end} not in its places")
        lo, hi = min(at[op.start] + at[op.end]), max(at[op.start] + at[op.end])
        if span[0] < hi and lo < span[1]:
            hit.append(op)
    if len(hit) == 1:
        return hit[0]
    if hit:
        years = [op.year for op in hit]
        year = None if None in years else max(y for y in years if y is not None)
        return Opening(None, None, year, "; ".join(op.fact for op in hit),
                       "section spans several dated parts: " + "; ".join(
                           f"{op.start}–{op.end} {op.year or 'year unknown'}" for op in hit))
    default = [op for op in row.openings if op.start is None]
    if not default:
        raise SystemExit(f"{row.name} {row.section}: no opening for places {span}")
    return default[0]


def _plan(spec: ExpresswayRow, csv: pd.DataFrame, locator: Locator) -> tuple[Any, ...]:
    """One row read: its places located, detours dropped, lengths and speed parsed."""
    seats = locator.seats
    hits = csv[(csv["name_zh"] == spec.name) & csv["section_zh"].str.startswith(spec.section)]
    if len(hits) != 1:
        raise SystemExit(f"{spec.name} {spec.section}: {len(hits)} rows in {EXPRESSWAYS_CSV}")
    row = hits.iloc[0]
    for op in spec.openings:
        if op.fact not in str(row["opened"]):
            raise SystemExit(f"{spec.name}: {op.fact!r} not in its opened cell")
    places = [locator.locate(p) for p in str(row["places_in_order_jilin"]).split(";")]
    chain: list[tuple[Place, tuple[float, float]]] = []
    for k, p in enumerate(places):
        if p.code is None:
            continue
        if chain and chain[-1][0].code == p.code:
            continue
        p.index = k
        chain.append((p, (float(seats.at[p.code, "lon"]), float(seats.at[p.code, "lat"]))))
    ends_located = places[0].code is not None and places[-1].code is not None
    chain, in_city = merge_city_places(chain)
    chain, dropped = _drop_detours(chain)
    if len(chain) < 2:
        raise SystemExit(f"{spec.name}: fewer than two located places")
    gcs = [gc_km(a[1], b[1]) for a, b in pairwise(chain)]
    total = _usable_length(row["length_km"], spec.length)
    speed, speed_note = _design_speed(row["design_speed_kmh"])
    notes = []
    if dropped:
        notes.append(f"counties crossed, not passed at their seat: {', '.join(dropped)}")
    if in_city:
        notes.append("districts of a city on the route, reached by the intra-city leg (no "
                     f"expressway section between seats of one city): {', '.join(in_city)}")
    return (spec, row, places, chain, notes, gcs, total, ends_located, speed, speed_note)


def _length_note(share: bool, total: float | None, ends: bool, ratio: float, cell: Any,
                 places: list[Place]) -> str:
    """How a section's length was obtained (expressway_links)."""
    if share:
        return f"published length {total:g} km of the located stretch shared by great-circle distance"
    if total is None:
        return (f"no usable published length ({cell}): great circle x {ratio:.3f} (median "
                "published length / great circle)")
    if not ends:
        return (f"the published {total:g} km run to places without a coordinate "
                f"({places[0].text} … {places[-1].text}): great circle x {ratio:.3f}")
    return (f"the published {total:g} km are shorter than the great circle between the seats "
            f"(the road's ends are not the seats): great circle x {ratio:.3f}")


def expressway_links(shared: Path, locator: Locator, say: Callable[[str], None]) -> pd.DataFrame:
    """Expressway links between located places (county seats) in route order; never between
    two seats the intra-city leg joins (:func:`merge_city_places`, module doc).

    Length of a section: the published length of the located stretch shared by great-circle
    distance (flagged estimated) where the row's first and last places are located and the
    published length is not shorter than the great circle; otherwise great circle x the median
    ratio published length / great circle of the rows where sharing works (flagged).
    """
    csv = pd.read_csv(shared / EXPRESSWAYS_CSV, dtype=str)
    known = {r.name for r in EXPRESSWAYS} | set(LEFT_OUT_EXPRESSWAYS)
    for name in csv["name_zh"]:
        if name not in known:
            raise SystemExit(f"{EXPRESSWAYS_CSV}: row {name} neither read nor left out")
    plans = []
    for spec in EXPRESSWAYS:
        plans.append(_plan(spec, csv, locator))
    shareable = [(t, sum(g)) for (_s, _r, _p, _c, _d, g, t, e, _v, _n) in plans
                 if t is not None and e and t >= sum(g)]
    ratio = statistics.median(t / g for t, g in shareable)
    speeds = [v for *_x, v, _n in plans if v is not None]
    default_speed = statistics.median(speeds)
    say(f"  expressways: {len(plans)} rows; median length / great circle {ratio:.3f} "
        f"({len(shareable)} rows); median published design speed {default_speed:g} km/h")
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for spec, row, places, chain, notes, gcs, total, ends, speed, speed_note in plans:
        share = total is not None and ends and total >= sum(gcs)
        order = [re.split(r"[(（]", p.text)[0].strip() or p.text.strip("()（）")
                 for p in places]
        names_by_code = {p.code: p.text for p in places if p.code}
        key = row["code"] if isinstance(row["code"], str) and row["code"].startswith("G") \
            else spec.name
        for i, ((pa, _a), (pb, _b)) in enumerate(pairwise(chain)):
            a, b = str(pa.code), str(pb.code)
            pair = (min(a, b), max(a, b))
            if pair in seen:
                say(f"    {spec.name} {pa.text}–{pb.text}: section already built from an "
                    "earlier row; skipped")
                continue
            seen.add(pair)
            length = total * gcs[i] / sum(gcs) if share else gcs[i] * ratio
            lnote = _length_note(share, total, ends, ratio, row["length_km"], places)
            lnote += "".join(f"; {n}" for n in notes)
            op = _opening_for(spec, (pa.index, pb.index), order)
            rows.append({
                "link_id": f"expressway:{key}:{a}-{b}", "from_node": f"seat:{a}",
                "to_node": f"seat:{b}", "mode": "expressway", "line": spec.name,
                "line_en": str(row["name_en"]), "length_km": round(length, 1),
                "speed_kph": speed if speed is not None else default_speed,
                "minutes": math.nan, "status": spec.status, "open_year": op.year,
                "headway_min": math.nan,
                "design_speed_kph": speed if speed is not None else default_speed,
                "operating_speed_kph": math.nan, "published_operating_speed_kph": math.nan,
                "length_estimated": True, "length_note": lnote,
                "speed_estimated": speed is None,
                "speed_note": speed_note if speed is not None else (
                    f"no design speed in the source: median of the published ones "
                    f"({default_speed:g} km/h)"),
                "open_year_note": op.note or f"opened: {op.fact}",
                "headway_note": "",
                "source": str(row["sources"]),
                "section": f"{names_by_code.get(a, a)}–{names_by_code.get(b, b)} "
                           f"({row['section_zh']})",
            })
    return pd.DataFrame(rows)


