"""The rail network of ``changchun``: stations placed and coded, lines cut into sections."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

import pandas as pd
from pypinyin import lazy_pinyin

from .apportion import chainage_lengths, fastest_times, time_lengths
from .inputs import Inputs, core_county, haversine_km, rnd
from .names import level_of, pinyin, stem
from .params import DEFAULT_SERVICE_SPAN_MIN, LENGTH_APPORTIONING
from .rail_facts import (
    DIRECTIONS,
    OSM_SOURCE,
    RAIL_CSV,
    STATION_ALIASES,
    STATION_OVERRIDES,
    LineSpec,
    Station,
    _first_number,
    _parse_year,
    load_stations,
)


class Network:
    """Builds nodes, links and access for the changchun dataset."""

    def __init__(self, inp: Inputs, units: pd.DataFrame) -> None:
        self.inp = inp
        self.units = units
        self.csv = pd.read_csv(inp.shared / RAIL_CSV, dtype=str)
        self.osm = load_stations(inp.shared)
        self.cr = inp.stations.set_index("station_name")
        self.stations: dict[str, Station] = {}
        self.links: list[dict[str, Any]] = []
        cur = inp.cpca.current["name"]
        self.pref_names = {c: str(n) for c, n in cur.items() if level_of(c) == "prefecture"}
        self.county_names = {c: str(n) for c, n in cur.items() if level_of(c) == "county"}
        self.unit_codes = set(units.index)
        self.core = {p: core_county(p, units) for p in units.index
                     if p.startswith("22") and level_of(p) == "prefecture"}

    # ---------------------------------------------------------------- stations
    def _prefecture_of(self, city: str) -> str:
        hits = [c for c, n in self.pref_names.items() if stem(n) == city]
        if len(hits) != 1:
            raise SystemExit(f"12306 city {city!r} matches {hits}")
        return str(hits[0])

    def _seat(self, code: str) -> tuple[float, float, str]:
        return self.inp.cpca.seat(code)

    def station(self, name: str) -> Station:
        if name in self.stations:
            return self.stations[name]
        cr_name = STATION_ALIASES.get(name, name)
        cr = self.cr.loc[cr_name] if cr_name in self.cr.index else None
        base = name[:-1] if name[-1] in DIRECTIONS and len(name) > 2 else name
        direction = DIRECTIONS.get(name[-1], "") if base != name else ""
        if cr is not None:
            py = str(cr["pinyin"])
            if direction:
                py = py[: len(py) - len(lazy_pinyin(name[-1])[0])]
            telecode = str(cr["telecode"])
            pref: str | None = self._prefecture_of(str(cr["city"]))
        else:
            py = pinyin(base).lower().replace("'", "")
            telecode = None
            pref = None
        name_en = (py[:1].upper() + py[1:] + (f" {direction}" if direction else "")).strip()
        node_id = "st:" + (str(cr["pinyin"]) if cr is not None else pinyin(name).lower())
        node_id = node_id.replace("'", "")
        if name in self.osm.index:  # a real coordinate (OpenStreetMap): the county it falls in
            o = self.osm.loc[name]
            county = str(o["county_code"])
            code, note = self._served(county, pref or county[:4] + "00")
            st = Station(name=name, node_id=node_id, name_en=name_en, kind="osm", prefecture=pref,
                         code=code, code_note=note or "county the station's node falls in",
                         coord_code=county, telecode=telecode, lon=rnd(o["lon"]),
                         lat=rnd(o["lat"]), coord_method=OSM_SOURCE)
            if "FLAG" in str(o["note"]):
                st.notes.append("an independent geocode differs by more than 1 km "
                                "(rail_stations/PROVENANCE.md, Flags)")
            self.stations[name] = st
            return st
        kind, code, note, coord_code = self._classify(name, base, pref)
        st = Station(name=name, node_id=node_id, name_en=name_en, kind=kind, prefecture=pref,
                     code=code, code_note=note, coord_code=coord_code, telecode=telecode)
        if cr is None:
            st.notes.append("not in the 12306 station list (planned or new station)")
        if cr_name != name:
            st.notes.append(f"12306 name {cr_name}")
        self.stations[name] = st
        return st

    def _served(self, county: str | None, pref: str | None) -> tuple[str | None, str]:
        """(code of the served unit in this dataset, note)."""
        if county and county in self.unit_codes:
            return county, ""
        if pref and pref in self.unit_codes:
            extra = f" ({self.county_names.get(county, county)} is not a unit)" if county else ""
            return pref, "mapped to the prefecture" + extra
        place = self.county_names.get(county or "", "") or self.pref_names.get(pref or "", "")
        province = (county or pref or "")[:2] + "0000"
        if province in self.unit_codes:
            return province, (f"{place} {county or pref} is not a unit of this dataset: mapped "
                              "to its province")
        raise SystemExit(f"no unit serves {place} {county or pref}")

    def _classify(self, name: str, base: str, pref: str | None
                  ) -> tuple[str, str | None, str, str | None]:
        if name in STATION_OVERRIDES:
            county, why = STATION_OVERRIDES[name]
            return "override", county, why, county
        pool = {c: n for c, n in self.county_names.items()
                if (pref and c[:4] == pref[:4]) or (pref is None and c[:2] in ("21", "22"))}
        if pref is not None and base == stem(self.pref_names[pref]):
            kind = "city_main" if base == name else "city_other"
            if pref in self.core:
                core = self.core[pref]
                note = ("city station; district not in a source: mapped to the prefecture's core "
                        f"district {self.county_names.get(core, core)} (seat nearest the "
                        "prefecture seat)")
                return kind, core, note, core
            code, note = self._served(None, pref)
            return kind, code, ("city station; " + note).strip("; "), pref
        hits = [c for c, n in pool.items() if stem(n) == base]
        if len(hits) == 1:
            code, note = self._served(hits[0], pref or hits[0][:4] + "00")
            return "county", code, note or "county from the station name", hits[0]
        if pref is None:
            raise SystemExit(f"station {name}: no 12306 entry and no county of that name")
        code, note = self._served(None, pref)
        note = "county not identified; " + note if code else note
        return "prefecture", code, note, pref

    # ---------------------------------------------------------------- lines
    def row(self, spec: LineSpec) -> pd.Series:
        hits = self.csv[self.csv["line_zh"].str.startswith(spec.csv_prefix)]
        if len(hits) != 1:
            raise SystemExit(f"line {spec.csv_prefix}: {len(hits)} rows in {RAIL_CSV}")
        return hits.iloc[0]

    def station_list(self, spec: LineSpec, row: pd.Series) -> list[str]:
        if spec.stations:
            text = " ".join(str(row[c]) for c in ("termini", "stations_in_order"))
            for s in spec.stations:
                if s not in text and stem(s)[:2] not in text:
                    raise SystemExit(f"{s} not named in the {spec.line} row")
            return list(spec.stations)
        names = []
        for raw in str(row["stations_in_order"]).split(";"):
            raw = raw.strip()
            if "overtaking only" in raw:
                continue
            names.append(re.sub(r"\(.*?\)", "", raw).strip())
        for s in spec.prepend:
            if s not in str(row["termini"]):
                raise SystemExit(f"{s} not in the termini of {spec.line}")
        return [*spec.prepend, *names]

    def place(self, names: Sequence[str], chain: dict[str, float]) -> None:
        """Fix coordinates: anchors at seats, the rest interpolated along the line."""
        sts = [self.station(n) for n in names]
        last = len(sts) - 1
        for i, st in enumerate(sts):
            if not math.isnan(st.lon):
                continue
            # an override shares its county with a neighbour named after it: interpolate it
            shared = st.kind == "override" and any(
                sts[j].coord_code == st.coord_code for j in (i - 1, i + 1) if 0 <= j <= last)
            if (st.kind in ("county", "city_main") or (st.kind == "override" and not shared)
                    or i in (0, last)):
                code = st.coord_code or st.prefecture
                lon, lat, src = self._seat(code) if code else (math.nan, math.nan, "missing")
                if src == "missing" and st.prefecture:
                    lon, lat, src = self._seat(st.prefecture)
                    st.notes.append(f"no cpca coordinate for {code}; prefecture seat used")
                st.lon, st.lat, st.coord_code = lon, lat, src
                st.coord_method = ("estimated: no sourced coordinate (rail_stations/PROVENANCE.md, "
                               "Gaps); placed at the seat of the unit it serves")
        known = [i for i, st in enumerate(sts) if not math.isnan(st.lon)]
        for i, st in enumerate(sts):
            if not math.isnan(st.lon):
                continue
            a = max(k for k in known if k < i)
            b = min(k for k in known if k > i)
            names_abi = (sts[a].name, st.name, sts[b].name)
            if all(n in chain for n in names_abi) and chain[names_abi[0]] != chain[names_abi[2]]:
                t = (chain[st.name] - chain[sts[a].name]) / (chain[sts[b].name] - chain[sts[a].name])
                how = "by chainage"
            else:
                t = (i - a) / (b - a)
                how = "equal spacing"
            st.lon = rnd(sts[a].lon + t * (sts[b].lon - sts[a].lon))
            st.lat = rnd(sts[a].lat + t * (sts[b].lat - sts[a].lat))
            st.coord_method = (f"estimated: no sourced coordinate (rail_stations/PROVENANCE.md, "
                               f"Gaps); interpolated ({how}) between {sts[a].name} and "
                               f"{sts[b].name}")
            st.coord_code = None

    def add_line(self, spec: LineSpec) -> None:
        row = self.row(spec)
        names = self.station_list(spec, row)
        facts = str(row["other_facts"])
        chain = {k: float(v) for k, v in re.findall(
            r"([\u4e00-\u9fff]+) (\d+(?:\.\d+)?)",
            facts.split("chainage from Dalian (km):")[1].split(";", maxsplit=1)[0],
        )} if "chainage from Dalian" in facts else {}
        self.place(names, chain)
        for n in names:
            self.stations[n].lines.append(spec.line)
        total = _first_number(str(row["length_km"]))
        speed_text = str(row["design_speed_kmh"])
        m_design = re.search(r"(\d+) design", speed_text)
        m_oper = re.search(r"(\d+) operating", speed_text)
        design = float(m_design.group(1)) if m_design else _first_number(speed_text)
        operating = float(m_oper.group(1)) if m_oper else math.nan
        if spec.status == "planned":
            open_year = 2030 if "2030" in str(row["opened"]) else None
        else:
            open_year = _parse_year(str(row["opened"]))
        pairs = list(pairwise(names))
        gc = [haversine_km(self.stations[a].lon, self.stations[a].lat,
                           self.stations[b].lon, self.stations[b].lat) for a, b in pairs]
        fixed = [abs(chain[a] - chain[b]) if a in chain and b in chain else None for a, b in pairs]
        if min(gc) <= 0:
            raise SystemExit(f"{spec.line}: two consecutive stations share a coordinate")
        lengths, notes = chainage_lengths(total, gc, fixed, chainage=bool(chain))
        times = fastest_times(facts) if LENGTH_APPORTIONING == "fastest_times" else {}
        if times:
            if chain:
                raise SystemExit(f"{spec.line}: both chainage and fastest times; not handled")
            lengths, notes = time_lengths(spec.line, names, times, total, gc, self._straight_km)
        headways = self.headways(row, names)
        # the published operating speed of a line (长白乌: 160) is the speed its trains may run
        # at, not their average: it is kept for information, and the router uses the design
        # speed x the calibrated operating-speed factor of the mode (docs/network.md)
        for i, ((a, b), length, note) in enumerate(zip(pairs, lengths, notes, strict=True)):
            f = fixed[i]
            self.links.append({
                "link_id": f"{spec.key}:{i + 1:02d}",
                "from_node": self.stations[a].node_id, "to_node": self.stations[b].node_id,
                "mode": spec.mode, "line": spec.line, "line_en": spec.line_en,
                "length_km": round(length, 1), "speed_kph": design, "minutes": math.nan,
                "status": spec.status, "open_year": open_year,
                "headway_min": headways[i][0],
                "design_speed_kph": design, "operating_speed_kph": math.nan,
                "published_operating_speed_kph": operating,
                "length_estimated": f is None,
                "length_note": note,
                "headway_note": headways[i][1],
                "source": str(row["sources"]),
                "section": f"{a}–{b}",
            })

    def _straight_km(self, a: str, b: str) -> float:
        """Great-circle km between the (estimated) coordinates of two placed stations."""
        sa, sb = self.stations[a], self.stations[b]
        return haversine_km(sa.lon, sa.lat, sb.lon, sb.lat)

    def headways(self, row: pd.Series, names: Sequence[str]) -> list[tuple[float, str]]:
        """Minutes between departures per section, only where the source gives trains/day."""
        facts = str(row["other_facts"])
        n = len(names) - 1
        none = [(math.nan, "")] * n
        m = re.search(r"(\d+) train pairs/day (\d{2}):(\d{2})[–-](\d{2}):(\d{2})", facts)
        if m:
            pairs = int(m.group(1))
            span = (int(m.group(4)) * 60 + int(m.group(5))) - (int(m.group(2)) * 60 + int(m.group(3)))
            return [(round(span / pairs, 1),
                     f"{span} min service span / {pairs} pairs per day (source: at opening)")] * n
        m = re.search(r"(\d+) train pairs/day", facts)
        if m:
            pairs = int(m.group(1))
            return [(round(DEFAULT_SERVICE_SPAN_MIN / pairs, 1),
                     f"{pairs} pairs/day at opening over the assumed DEFAULT_SERVICE_SPAN_MIN "
                     "(span not in the source); not every train stops at every station")] * n
        m = re.search(r"(\d+) trains/day", facts)
        if m:
            per_dir = int(m.group(1)) / 2
            return [(round(DEFAULT_SERVICE_SPAN_MIN / per_dir, 1),
                     f"{m.group(1)} trains/day at opening = {per_dir:g} per direction over the "
                     "assumed DEFAULT_SERVICE_SPAN_MIN; not every train stops everywhere")] * n
        m = re.search(r"(\d+) EMU pairs at opening incl\. ([\d.]+) pairs Changchun–Songyuan", facts)
        if m:
            whole, short = float(m.group(1)), float(m.group(2))
            cut = names.index("松原")
            out = []
            for i in range(n):
                p = whole if i < cut else whole - short
                out.append((round(DEFAULT_SERVICE_SPAN_MIN / p, 1),
                            f"{p:g} EMU pairs/day at opening ({whole:g}, of which {short:g} only "
                            "Changchun–Songyuan) over the assumed DEFAULT_SERVICE_SPAN_MIN"))
            return out
        return none

    # ---------------------------------------------------------------- frames
    def nodes_frame(self) -> pd.DataFrame:
        rows = []
        for st in self.stations.values():
            rows.append({
                "node_id": st.node_id, "name_zh": st.name, "name_en": st.name_en,
                "code": st.code, "lon": rnd(st.lon), "lat": rnd(st.lat), "kind": "station",
                "coord_estimated": st.kind != "osm", "coord_method": st.coord_method,
                "coord_code": st.coord_code, "code_note": st.code_note,
                "prefecture_code": st.prefecture or (st.coord_code or "")[:4] + "00",
                "telecode": st.telecode, "in_cr_list": st.telecode is not None,
                "lines": ";".join(st.lines), "note": "; ".join(st.notes),
            })
        ids = [r["node_id"] for r in rows]
        if len(set(ids)) != len(ids):
            raise SystemExit("duplicate station node ids")
        return pd.DataFrame(rows)

    def seat_nodes(self, codes: Sequence[str]) -> pd.DataFrame:
        u = self.units
        return pd.DataFrame([{
            "node_id": f"seat:{c}", "name_zh": f"{u.loc[c, 'name_zh']}驻地",
            "name_en": f"{u.loc[c, 'name_en']} (seat)", "code": c,
            "lon": u.loc[c, "seat_lon"], "lat": u.loc[c, "seat_lat"], "kind": "seat",
            "coord_estimated": False, "coord_method": "seat", "coord_code": u.loc[c, "seat_source"],
            "code_note": "", "prefecture_code": c if level_of(c) == "prefecture" else c[:4] + "00",
            "telecode": None, "in_cr_list": False, "lines": "", "note": "",
        } for c in codes])
