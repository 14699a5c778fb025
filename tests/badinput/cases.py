"""The bad-input corpus: every entry point fed malformed, hostile or unusual input.

Each :class:`Case` writes its input files into a fresh folder, runs one command in-process
(``CliRunner`` on the real root app, so the error mapping is the one users get) and states the
expected outcome: an exit code, text the output must contain (file, line, column, value, fix;
or a note naming what was excluded), and, for a correct result, what the result must hold.
The runner (``test_corpus.py``) also checks on every case: no traceback, no raw NumPy warning,
no existing file changed or lost by a refused command.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

# --------------------------------------------------------------------------- inputs
UNITS = ("code,name_zh,name_en,level,parent,role,lon,lat\n"
         "220100,长春市,Changchun,prefecture,,core,125.32,43.82\n"
         "220200,吉林市,Jilin,prefecture,,member,126.55,43.84\n"
         "220300,四平市,Siping,prefecture,,member,124.35,43.17\n"
         "220400,辽源市,Liaoyuan,prefecture,,member,125.14,42.89\n")
STATS_HEAD = "code,year,indicator,value,unit,source,quality\n"
STATS = (STATS_HEAD
         + "220100,2020,population,9066906,persons,census,A\n"
           "220200,2020,population,3623713,persons,census,A\n"
           "220300,2020,population,1814733,persons,census,A\n"
           "220400,2020,population,996903,persons,census,A\n"
           "220100,2020,gdp,6638,cny_100m,yearbook,A\n"
           "220200,2020,gdp,1452,cny_100m,yearbook,A\n"
           "220300,2020,gdp,1223,cny_100m,yearbook,A\n"
           "220400,2020,gdp,470,cny_100m,yearbook,A\n")
NODES = ("node_id,lon,lat,kind,code\n"
         "A,125.32,43.82,station,220100\nB,126.55,43.84,station,220200\n"
         "C,124.35,43.17,station,220300\n")
LINKS = ("link_id,from_node,to_node,mode,length_km,speed_kph,status\n"
         "l1,A,B,hsr,110,250,operating\nl2,A,C,hsr,115,300,operating\n")
ACCESS = "code,node_id,minutes\n220100,A,10\n220200,B,12\n220300,C,8\n"
TOML = """name = "toy"
[meta]
title_en = "Toy"
[tables.units]
file = "units.csv"
[tables.stats]
file = "stats.csv"
[tables.nodes]
file = "nodes.csv"
[tables.links]
file = "links.csv"
[tables.access]
file = "access.csv"
"""
BUNDLE = {"b/region.toml": TOML, "b/units.csv": UNITS, "b/stats.csv": STATS,
          "b/nodes.csv": NODES, "b/links.csv": LINKS, "b/access.csv": ACCESS}
BOWTIE = '{"type":"Polygon","coordinates":[[[125,43],[126,44],[126,43],[125,44],[125,43]]]}'
SQUARE = '{"type":"Polygon","coordinates":[[[125,43],[126,43],[126,44],[125,44],[125,43]]]}'
SWAPPED = '{"type":"Polygon","coordinates":[[[43,125],[43,126],[44,126],[44,125],[43,125]]]}'
LAT95 = '{"type":"Polygon","coordinates":[[[125,93],[126,93],[126,95],[125,95],[125,93]]]}'
PARIS = '{"type":"Polygon","coordinates":[[[2,48],[3,48],[3,49],[2,49],[2,48]]]}'


def geojson(*geoms: str, codes: tuple[str, ...] = ("220100", "220200", "220300",
                                                   "220400")) -> str:
    """Units as GeoJSON: the given geometries, then a valid square for the other codes."""
    geoms = (*geoms, *[SQUARE] * (len(codes) - len(geoms)))
    feats = [{"type": "Feature", "geometry": json.loads(g),
              "properties": {"code": c, "name_zh": f"u{c}", "name_en": f"u{c}",
                             "level": "prefecture", "role": "core" if i == 0 else "member"}}
             for i, (c, g) in enumerate(zip(codes, geoms, strict=True))]
    return json.dumps({"type": "FeatureCollection", "features": feats})


def bundle(**changes: str | bytes | None) -> dict[str, str | bytes]:
    """The toy bundle with some files replaced (``None`` removes one)."""
    out: dict[str, str | bytes] = dict(BUNDLE)
    for name, text in changes.items():
        key = f"b/{name.replace('__', '.')}"
        if text is None:
            out.pop(key, None)
        else:
            out[key] = text
    return out


def toml_with(old: str, new: str) -> str:
    assert old in TOML
    return TOML.replace(old, new)


FLOWS_OK = ("origin,destination,flow,cost\n"
            "A,B,120,10\nA,C,40,25\nA,D,30,30\nB,A,100,10\nB,C,35,18\nB,D,20,26\n"
            "C,A,30,25\nC,B,45,18\nC,D,60,12\nD,A,20,30\nD,B,25,26\nD,C,70,12\n")
LOC = ("code,lon,lat,population\nA,125.3,43.8,9000\nB,126.5,43.8,3600\nC,124.3,43.2,1800\n"
       "D,125.1,42.9,1000\n")
MEXICO = ("state,pcgdp1940,pcgdp2000\n" + "".join(
    f"s{i:02d},{1000 + 97 * i},{8000 + 311 * i}\n" for i in range(1, 33)))
MEXICO_LONG = "state,year,income\n" + "".join(
    f"s{i:02d},{y},{1000 + 97 * i + 50 * (y - 1940)}\n" for i in range(1, 33)
    for y in (1940, 1950, 1960, 1970, 1980, 1990, 2000))


@dataclass
class Case:
    """One input and its expected outcome (``{d}`` in ``argv`` is the case's folder)."""

    id: str
    argv: list[str]
    files: dict[str, str | bytes] = field(default_factory=dict)
    code: int = 1
    says: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()          # text that must not appear (a wrong number, ...)
    creates: tuple[str, ...] = ()         # files a successful run must leave
    not_created: tuple[str, ...] = ()     # paths a refused run must not create
    check: str | None = None              # name of an extra check in test_corpus.CHECKS
    extra: dict[str, Any] = field(default_factory=dict)


def imp(units: str | bytes = UNITS, *extra: str, out: str = "out", **files: str | bytes,
        ) -> tuple[list[str], dict[str, str | bytes]]:
    """argv and files of a `data import` of ``units`` (+ stats/network files)."""
    argv = ["data", "import", "mine", f"{{d}}/{out}", "--units", "{d}/u.csv", *extra]
    return argv, {"u.csv": units, **{k.replace("__", "."): v for k, v in files.items()}}


def stats_case(cid: str, rows: str, code: int = 1, says: tuple[str, ...] = (),
               extra: tuple[str, ...] = (), head: str = STATS_HEAD, **kw: Any) -> Case:
    argv, files = imp(UNITS, "--stats", "{d}/s.csv", *extra, s__csv=head + rows)
    return Case(cid, argv, files, code=code, says=says,
                not_created=("out",) if code else (), **kw)


def units_case(cid: str, text: str | bytes, code: int = 1, says: tuple[str, ...] = (),
               extra: tuple[str, ...] = (), **kw: Any) -> Case:
    argv, files = imp(text, *extra)
    return Case(cid, argv, files, code=code, says=says,
                not_created=("out",) if code else (), **kw)


def net_case(cid: str, nodes: str = NODES, links: str = LINKS, access: str | None = None,
             code: int = 1, says: tuple[str, ...] = (), **kw: Any) -> Case:
    extra = ["--nodes", "{d}/n.csv", "--links", "{d}/l.csv"]
    files = {"n__csv": nodes, "l__csv": links}
    if access is not None:
        extra += ["--access", "{d}/a.csv"]
        files["a__csv"] = access
    argv, f = imp(UNITS, *extra, **files)
    return Case(cid, argv, f, code=code, says=says, not_created=("out",) if code else (), **kw)


def validate(cid: str, files: dict[str, str | bytes], code: int = 1,
             says: tuple[str, ...] = (), **kw: Any) -> Case:
    return Case(cid, ["data", "validate", "{d}/b"], files, code=code, says=says, **kw)


def fit(cid: str, flows: str, code: int = 1, says: tuple[str, ...] = (),
        extra: tuple[str, ...] = (), files_extra: dict[str, str] | None = None,
        **kw: Any) -> Case:
    return Case(cid, ["flows", "fit", "--observed", "{d}/f.csv", *extra],
                {"f.csv": flows, **(files_extra or {})}, code=code, says=says, **kw)


def data(cid: str, text: str, args: tuple[str, ...], code: int = 1,
         says: tuple[str, ...] = (), name: str = "gini", **kw: Any) -> Case:
    return Case(cid, ["analyze", name, "--data", "{d}/t.csv", *args], {"t.csv": text},
                code=code, says=says, **kw)


def spec(cid: str, text: str | bytes, code: int = 1, says: tuple[str, ...] = (),
         suffix: str = "yaml", **kw: Any) -> Case:
    return Case(cid, ["scenario", "show", f"{{d}}/s.{suffix}"], {f"s.{suffix}": text},
                code=code, says=says, **kw)


ROW = "220200,2020,population,{v},persons,census,A\n"
LEVEL_ROWS = "".join(ROW.format(v=v) for v in ("5",))

CASES: list[Case] = [
    # ---------------------------------------------------------------- import: units
    units_case("units-missing-columns", "code,name_zh,lon,lat\n220100,长春,125.3,43.8\n",
               says=("u.csv", "column 'level'", "column 'role'", "add a 'level' column")),
    units_case("units-duplicate-code", UNITS + "220100,长春市,Changchun,prefecture,,core,125.3,"
               "43.8\n", says=("line 6", "'220100'", "remove or merge the duplicate")),
    units_case("units-swapped-seat", UNITS.replace("126.55,43.84", "43.84,126.55"),
               says=("line 3", "column 'lon'", "look swapped")),
    units_case("units-lat-95", UNITS.replace("126.55,43.84", "126.55,95"),
               says=("line 3", "-90..90")),
    units_case("units-lon-225", UNITS.replace("126.55,43.84", "225.5,43.84"),
               says=("line 3", "-180..180")),
    units_case("units-seat-in-paris", UNITS.replace("126.55,43.84", "2.35,48.85"),
               says=("line 3", "a point in China", "--outside-china")),
    units_case("units-outside-china-opt-out", UNITS.replace("126.55,43.84", "2.35,48.85"),
               code=0, extra=("--outside-china",), creates=("out/region.toml",)),
    units_case("units-bad-level", UNITS.replace("Siping,prefecture", "Siping,city"),
               says=("line 4", "column 'level'", "'city'", "one of province")),
    units_case("units-bad-role", UNITS.replace(",member,124.35", ",boss,124.35"),
               says=("line 4", "column 'role'", "'boss'")),
    units_case("units-empty-file", "", says=("u.csv is empty",)),
    units_case("units-header-only", "code,name_zh,level,role,lon,lat\n",
               says=("header but no data rows",)),
    units_case("units-binary-garbage", b"\xff\xfe\x00\x01\x80\x81\x82" * 20,
               says=("not valid text", "CSV UTF-8")),
    units_case("units-gbk-accepted", UNITS.encode("gbk"), code=0, creates=("out/region.toml",)),
    units_case("units-utf8-bom-accepted", "\ufeff" + UNITS, code=0, creates=("out/units.geojson",)),
    units_case("units-ragged-too-many", UNITS + "220500,通化市,Tonghua,prefecture,,member,125.9,"
               "41.7,extra,more\n", says=("line 6", "8 fields like the header, found 10")),
    units_case("units-ragged-too-few", UNITS + "220500,通化市,Tonghua\n",
               says=("line 6", "found 3")),
    units_case("units-truncated-mid-line", UNITS + "220500,通化市,Tong",
               says=("line 6", "cut off")),
    units_case("units-unclosed-quote", UNITS + '220500,"通化市,Tonghua,prefecture,,member,1,2\n',
               says=("u.csv", "quot")),
    units_case("units-text-coordinate", UNITS.replace("126.55,43.84", "east,43.84"),
               says=("line 3", "column 'lon'", "'east'", "a number")),
    units_case("units-inf-coordinate", UNITS.replace("126.55,43.84", "inf,43.84"),
               says=("line 3", "a finite number")),
    units_case("units-one-coordinate", UNITS.replace("126.55,43.84", "126.55,"),
               says=("line 3", "both longitude and latitude")),
    units_case("units-unknown-extension", UNITS, says=("Unknown units file type",),
               extra=("--units", "{d}/u.xlsx")),
    units_case("units-duplicate-column-names", "code,name_zh,level,role,lon,lat,lat\n"
               "220100,长春,prefecture,core,125.3,43.8,43.8\n", says=("duplicate column",)),
    units_case("units-leading-zero-codes-kept", "code,name_zh,level,role,lon,lat\n"
               "010100,甲,prefecture,core,125.3,43.8\n020200,乙,prefecture,member,126,44\n",
               code=0, check="codes_kept"),
    units_case("units-parent-unknown", UNITS.replace(",Siping,prefecture,,", ",Siping,"
               "prefecture,999999,"), says=("line 4", "column 'parent'", "'999999'")),
    Case("units-file-missing", ["data", "import", "x", "{d}/out", "--units", "{d}/nope.csv"],
         says=("No such", "nope.csv"), not_created=("out",)),
    Case("units-path-is-folder", ["data", "import", "x", "{d}/out", "--units", "{d}/sub.csv"],
         {"sub.csv/keep.txt": "x"}, says=("is a folder",), not_created=("out",)),
    # ---------------------------------------------------------------- import: stats
    stats_case("stats-inf", "220100,2020,gdp,inf,cny_100m,yb,A\n",
               says=("line 2", "column 'value'", "'inf'", "a finite number")),
    stats_case("stats-minus-inf", "220100,2020,gdp,-inf,cny_100m,yb,A\n",
               says=("line 2", "'-inf'", "a finite number")),
    stats_case("stats-1e400", "220100,2020,gdp,1e400,cny_100m,yb,A\n",
               says=("line 2", "'1e400'", "a finite number")),
    stats_case("stats-negative-persons-any-name", "220100,2020,resident_population,-7,persons,"
               "yb,A\n", says=("line 2", "column 'value'", "a value >= 0")),
    stats_case("stats-negative-households", "220100,2020,hh_total,-1,households,yb,A\n",
               says=("line 2", "a value >= 0")),
    stats_case("stats-negative-gdp", "220100,2020,gdp,-5,cny_100m,yb,A\n",
               says=("line 2", "a value >= 0")),
    stats_case("stats-negative-area", "220100,2020,built_area,-3,km2,yb,A\n",
               says=("a value >= 0",)),
    stats_case("stats-negative-growth-ok", "220100,2020,gdp_growth_pct,-2.5,pct,yb,A\n",
               code=0, creates=("out/stats.csv",)),
    stats_case("stats-negative-balance-ok", "220100,2020,fiscal_balance,-12,cny_100m,yb,A\n",
               code=0, creates=("out/stats.csv",)),
    stats_case("stats-mixed-units-converted", "220100,2020,gdp,6638,cny_100m,yb,A\n"
               "220200,2020,gdp,14520000,cny_10k,yb,A\n220300,2020,gdp,122300000000,yuan,yb,A\n",
               code=0, says=("converted from cny_10k to cny_100m", "from yuan to cny_100m"),
               check="gdp_converted"),
    stats_case("stats-mixed-dimensions", "220100,2020,jobs,10,persons,yb,A\n"
               "220200,2020,jobs,5,cny_100m,yb,A\n",
               says=("one unit per indicator", "persons", "cny_100m", "measure different")),
    stats_case("stats-gdp-in-persons", "220100,2020,gdp,10,persons,yb,A\n",
               says=("cny_100m for the registered measure gdp",)),
    stats_case("stats-year-typo", "220100,20200,population,1,persons,yb,A\n",
               says=("line 2", "column 'year'", "20200", "between 1000 and 2999")),
    stats_case("stats-two-digit-year", "220100,20,population,1,persons,yb,A\n",
               says=("column 'year'", "two-digit")),
    stats_case("stats-year-1940-ok", "220100,1940,population,1,persons,yb,A\n", code=0,
               creates=("out/stats.csv",)),
    stats_case("stats-fractional-year", "220100,2020.5,population,1,persons,yb,A\n",
               says=("a whole number",)),
    stats_case("stats-thousands-separator", '220100,2020,population,"1,234",persons,yb,A\n',
               says=("line 2", "'1,234'", "thousands separators")),
    stats_case("stats-text-value", "220100,2020,population,many,persons,yb,A\n",
               says=("line 2", "'many'", "a number")),
    stats_case("stats-empty-value", "220100,2020,population,,persons,yb,A\n",
               says=("line 2", "column 'value'", "a value")),
    stats_case("stats-unknown-code", "999999,2020,population,5,persons,yb,A\n",
               says=("line 2", "'999999'", "exists in units")),
    stats_case("stats-duplicate-key", "220100,2020,population,5,persons,yb,A\n"
               "220100,2020,population,6,persons,yb,A\n", says=("line 3", "unique")),
    stats_case("stats-bad-quality", "220100,2020,population,5,persons,yb,Z\n",
               says=("line 2", "column 'quality'", "'Z'")),
    stats_case("stats-each-bad-cell-once", "220100,2020,population,x,persons,yb,A\n",
               says=("1 problem(s)",)),
    stats_case("stats-wide-year-headers", "220100,10,20\n220200,30,40\n", code=0,
               head="code,2020年,2021年\n", extra=("--indicator", "population", "--unit",
                                                     "persons", "--source", "yb", "--quality",
                                                     "A"), check="wide_years"),
    stats_case("stats-wide-bad-cell-line-and-column", "220100,10,20\n220200,30,x\n",
               head="code,2020,2021\n", extra=("--indicator", "population", "--unit",
                                                "persons", "--source", "yb", "--quality", "A"),
               says=("line 3 (data row 2), column '2021'", "'x'"), absent=("column 'value'",)),
    stats_case("stats-wide-ragged", "220100,10,20,30\n", head="code,2020,2021\n",
               extra=("--indicator", "population"),
               says=("line 2", "3 fields like the header, found 4")),
    stats_case("stats-wide-no-indicator", "220100,10,20\n", head="code,2020,2021\n",
               says=("an indicator name for a wide table", "--indicator")),
    stats_case("stats-no-year-column", "220100,population,5,persons,yb,A\n",
               head="code,indicator,value,unit,source,quality\n",
               says=("a 'year' column", "--year")),
    stats_case("stats-no-year-column-with-year", "220100,population,5,persons,yb,A\n",
               head="code,indicator,value,unit,source,quality\n", code=0,
               extra=("--year", "2020"), creates=("out/stats.csv",)),
    stats_case("stats-wide-headers-unrecognised", "220100,5\n", head="code,FY-2020-21\n",
               says=("a 'value' column",)),
    stats_case("stats-all-problems-at-once", "220100,2020,population,x,persons,yb,A\n"
               "999999,2020,population,5,persons,yb,A\n220200,20200,population,5,persons,yb,A\n",
               says=("3 problem(s)", "line 2", "line 3", "line 4")),
    Case("stats-two-files-conflict", ["data", "import", "m", "{d}/out", "--units", "{d}/u.csv",
                                       "--stats", "{d}/s1.csv", "--stats", "{d}/s2.csv"],
         {"u.csv": UNITS, "s1.csv": STATS_HEAD + "220100,2020,population,5,persons,y,A\n",
          "s2.csv": STATS_HEAD + "220100,2020,population,6,persons,y,A\n"},
         says=("taken together", "unique"), not_created=("out",)),
    # ---------------------------------------------------------------- import: network
    net_case("net-negative-length", links=LINKS.replace(",110,", ",-110,"),
             says=("l.csv", "line 2", "column 'length_km'", "a number > 0")),
    net_case("net-zero-speed", links=LINKS.replace(",250,", ",0,"),
             says=("line 2", "column 'speed_kph'")),
    net_case("net-speed-text", links=LINKS.replace(",250,", ",fast,"),
             says=("line 2", "column 'speed_kph'", "'fast'", "1 problem(s)")),
    net_case("net-unknown-node", links=LINKS.replace("l2,A,C", "l2,A,Z"),
             says=("line 3", "'Z'", "nodes.node_id")),
    net_case("net-self-loop", links=LINKS.replace("l2,A,C", "l2,A,A"),
             says=("line 3", "different from from_node")),
    net_case("net-bad-mode", links=LINKS.replace("l1,A,B,hsr", "l1,A,B,maglev"),
             says=("line 2", "'maglev'")),
    net_case("net-node-in-paris", nodes=NODES.replace("126.55,43.84", "2.35,48.85"),
             says=("n.csv", "line 3", "a point in China")),
    net_case("net-access-negative", access=ACCESS.replace("220100,A,10", "220100,A,-10"),
             says=("a.csv", "line 2", "negative")),
    net_case("net-ok", access=ACCESS, code=0, creates=("out/links.csv",)),
    Case("net-nodes-without-links", ["data", "import", "m", "{d}/out", "--units", "{d}/u.csv",
                                      "--nodes", "{d}/n.csv"], {"u.csv": UNITS, "n.csv": NODES},
         says=("both nodes and links",), not_created=("out",)),
    # ---------------------------------------------------------------- import / export targets
    Case("import-into-existing-bundle", ["data", "import", "m", "{d}/b", "--units", "{d}/u.csv"],
         {**BUNDLE, "u.csv": UNITS}, says=("already holds a bundle", "--force")),
    Case("import-into-existing-bundle-force", ["data", "import", "m", "{d}/b", "--units",
                                                "{d}/u.csv", "--force"],
         {**BUNDLE, "u.csv": UNITS}, code=0, check="replaced_bundle"),
    Case("import-into-foreign-folder-force", ["data", "import", "m", "{d}/o", "--units",
                                               "{d}/u.csv", "--force"],
         {"u.csv": UNITS, "o/thesis.docx": "mine"}, says=("not empty", "not a metroscope bundle")),
    Case("import-output-is-input-folder", ["data", "import", "m", "{d}", "--units", "{d}/u.csv",
                                            "--force"], {"u.csv": UNITS},
         says=("inside it and would be overwritten",)),
    Case("import-output-onto-file", ["data", "import", "m", "{d}/u.csv", "--units",
                                      "{d}/u.csv"], {"u.csv": UNITS}, says=("a file of that name",)),
    Case("import-bundle-with-extra-file-force", ["data", "import", "m", "{d}/b", "--units",
                                                  "{d}/u.csv", "--force"],
         {**BUNDLE, "b/notes.txt": "keep", "u.csv": UNITS}, says=("not part of", "notes.txt")),
    Case("export-onto-file", ["data", "export", "{d}/b", "{d}/x.csv"], {**BUNDLE, "x.csv": "1"},
         says=("a file of that name",)),
    Case("export-into-nonempty-folder", ["data", "export", "{d}/b", "{d}/o"],
         {**BUNDLE, "o/a.txt": "x"}, says=("not empty",)),
    Case("export-onto-itself", ["data", "export", "{d}/b", "{d}/b", "--force"], BUNDLE,
         says=("inside it",)),
    Case("export-bundle-ok", ["data", "export", "{d}/b", "{d}/o2"], BUNDLE, code=0,
         creates=("o2/region.toml", "o2/stats.csv")),
    Case("export-existing-bundle-needs-force", ["data", "export", "{d}/b", "{d}/o3"],
         {**BUNDLE, **{k.replace("b/", "o3/"): v for k, v in BUNDLE.items()}},
         says=("--force",)),
    Case("export-unknown-dataset", ["data", "export", "nowhere", "{d}/o4"],
         code=2, says=("neither an embedded dataset",), not_created=("o4",)),
    Case("export-bad-format", ["data", "export", "{d}/b", "{d}/o5", "--format", "xlsx"], BUNDLE,
         says=("Unknown bundle format",), not_created=("o5",)),
    # ---------------------------------------------------------------- validate
    validate("validate-ok", BUNDLE, code=0, says=("OK",)),
    validate("validate-truncated-csv", bundle(stats__csv=STATS[:150]),
             says=("stats.csv", "cut off")),
    validate("validate-table-without-file", bundle(region__toml=toml_with(
        '[tables.links]\nfile = "links.csv"', '[tables.links]\nfiles = "links.csv"')),
        says=("[tables.links] with file",)),
    validate("validate-truncated-geojson", {**bundle(region__toml=toml_with(
        "units.csv", "units.geojson")), "b/units.geojson": geojson(SQUARE, SQUARE)[:-30]},
        says=("units.geojson", "not valid JSON", "line 1, column", "cut off")),
    validate("validate-non-utf8", bundle(nodes__csv=NODES.encode() + b"D,1,2,st\xff\xfe\x80,x\n"),
             says=("nodes.csv", "not valid text")),
    validate("validate-gbk-ok", bundle(units__csv=UNITS.encode("gbk")), code=0, says=("OK",)),
    validate("validate-speed-text", bundle(links__csv=LINKS.replace(",250,", ",fast,")),
             says=("links.csv, line 2", "column 'speed_kph'", "'fast'", "1 problem(s)")),
    validate("validate-renamed-section", bundle(region__toml=toml_with("[tables.links]",
                                                                        "[tables.link]")),
             says=("[tables.link]", "did you mean [tables.links]")),
    validate("validate-path-outside", bundle(region__toml=toml_with('"nodes.csv"',
                                                                     '"../../etc/passwd"')),
             says=("../../etc/passwd", "inside the bundle folder"), absent=("root:",)),
    validate("validate-absolute-path", bundle(region__toml=toml_with('"nodes.csv"',
                                                                      '"/etc/hostname"')),
             says=("inside the bundle folder",)),
    validate("validate-missing-file", bundle(access__csv=None), says=("access.csv",
                                                                      "an existing file")),
    validate("validate-invalid-toml", bundle(region__toml="name = \n[tables"),
             says=("not valid UTF-8 TOML",)),
    validate("validate-no-toml", bundle(region__toml=None), says=("No region.toml",)),
    validate("validate-garbage-parquet", {**bundle(region__toml=toml_with(
        '"stats.csv"', '"stats.parquet"')), "b/stats.parquet": b"PAR1 not really"},
        says=("stats.parquet", "not a readable Parquet")),
    validate("validate-inf-stats", bundle(stats__csv=STATS.replace("9066906", "inf")),
             says=("stats.csv, line 2", "a finite number")),
    validate("validate-negative-persons", bundle(stats__csv=STATS + "220100,2020,pop_x,-1,"
                                                 "persons,y,A\n"), says=("line 10",
                                                                         "a value >= 0")),
    validate("validate-mixed-units", bundle(stats__csv=STATS.replace(
        "220400,2020,gdp,470,cny_100m", "220400,2020,gdp,4700000,cny_10k")),
        says=("one unit per indicator", "data import")),
    validate("validate-bowtie", {**bundle(region__toml=toml_with("units.csv", "units.geojson")),
                                 "b/units.geojson": geojson(SQUARE, BOWTIE)},
             says=("a valid polygon", "Self-intersection", "make_valid")),
    validate("validate-swapped-polygon", {**bundle(region__toml=toml_with(
        "units.csv", "units.geojson")), "b/units.geojson": geojson(SQUARE, SWAPPED)},
        says=("look swapped",)),
    validate("validate-lat95-polygon", {**bundle(region__toml=toml_with(
        "units.csv", "units.geojson")), "b/units.geojson": geojson(SQUARE, LAT95)},
        says=("-90..90",)),
    validate("validate-paris-polygon", {**bundle(region__toml=toml_with(
        "units.csv", "units.geojson")), "b/units.geojson": geojson(SQUARE, PARIS)},
        says=("a boundary inside China", "outside_china")),
    validate("validate-paris-opt-out", {**bundle(region__toml=toml_with(
        'title_en = "Toy"', 'title_en = "Toy"\noutside_china = true').replace(
        "units.csv", "units.geojson")), "b/units.geojson": geojson(PARIS, PARIS)},
        code=0, says=("OK",)),
    validate("validate-header-only-table", bundle(access__csv="code,node_id,minutes\n"), code=0,
             says=("OK",)),
    validate("validate-no-parent-column", bundle(units__csv=UNITS.replace(",parent", "")
                                                 .replace(",,", ",")), code=0, says=("OK",)),
    validate("validate-dtype-in-extra", {**bundle(region__toml=TOML + '[extra.t]\nfile = "t.csv"'
                                                  '\ndtypes = { v = "float64" }\n'),
                                         "b/t.csv": "v\n1\nabc\n"},
             says=("t.csv, line 3", "'abc'", "a number")),
    validate("validate-extra-without-file", bundle(region__toml=TOML + "[extra.t]\n"
                                                   'dtypes = { v = "float64" }\n'),
             says=("[extra.t] with file",)),
    validate("validate-bundle-path-is-file", {"b": "not a folder"}, says=("not valid UTF-8 TOML",)),
    validate("validate-ragged-links", bundle(links__csv=LINKS + "l3,A,B,hsr,1\n"),
             says=("links.csv", "line 4", "found 5")),
    validate("validate-year-1940-ok", bundle(stats__csv=STATS.replace(",2020,", ",1940,")), code=0,
             says=("OK",)),
    # ---------------------------------------------------------------- analyze on bundles
    Case("analyze-primacy-no-parent", ["analyze", "primacy", "--region", "{d}/b", "--measure",
                                        "population", "--level", "prefecture"],
         bundle(units__csv=UNITS.replace(",parent", "").replace(",,", ",")), code=0,
         says=("primacy",)),
    Case("analyze-gini-no-seats", ["analyze", "gini", "--region", "{d}/b", "--level",
                                    "prefecture"],
         bundle(units__csv="\n".join(",".join(line.split(",")[:6]) for line in
                                     UNITS.splitlines()) + "\n",
                nodes__csv="node_id,lon,lat,kind\n", links__csv=LINKS.split("\n", maxsplit=1)[0] + "\n",
                access__csv="code,node_id,minutes\n"), code=0, says=("gini",)),
    Case("analyze-unknown-indicator", ["analyze", "nosuch"], code=2, says=("nosuch",)),
    Case("analyze-bad-format", ["analyze", "gini", "--format", "xml"], code=2,
         says=("--format",)),
    Case("analyze-unknown-region", ["analyze", "gini", "--region", "{d}/nowhere"],
         code=2, says=("nowhere",)),
    Case("analyze-unknown-set-key", ["analyze", "gini", "--set", "nope=1"],
         code=2, says=("no parameter 'nope'",)),
    Case("analyze-set-without-equals", ["analyze", "gini", "--set", "nope"],
         code=2, says=("KEY=VALUE",)),
    # ---------------------------------------------------------------- analyze --data
    data("data-mexico-1940-2000-wide", MEXICO, ("--id", "state", "--value", "pcgdp1940",
                                                "--weight", "none", "--year", "1940"),
         code=0, check="mexico_gini"),
    data("data-mexico-long-year-col", MEXICO_LONG, ("--id", "state", "--value", "income",
                                                    "--year-col", "year", "--weight", "none",
                                                    "--year", "1940"), code=0,
         says=("gini",)),
    data("data-cross-section-no-year", "city,gdp\na,1\nb,2\nc,3\nd,10\n",
         ("--id", "city", "--value", "gdp", "--weight", "none"), code=0, check="gini_1_2_3_10"),
    data("data-negative-named", "city,gdp\na,1\nb,-2\nc,3\nd,10\n",
         ("--id", "city", "--value", "gdp", "--weight", "none"), code=0,
         says=("negative gdp", "b"), absent=("for lack of",)),
    data("data-all-zero", "city,gdp\na,0\nb,0\nc,0\n", ("--id", "city", "--value", "gdp",
                                                         "--weight", "none"),
         says=("zero mean", "could not be computed")),
    data("data-theil-all-zero", "city,gdp\na,0\nb,0\nc,0\n", ("--id", "city", "--value", "gdp",
                                                               "--weight", "none"),
         name="theil", says=("zero mean",)),
    data("data-inf-refused", "city,gdp\na,1\nb,inf\nc,3\n", ("--id", "city", "--value", "gdp",
                                                              "--weight", "none"),
         says=("a finite number",)),
    data("data-thousands", 'city,gdp\na,1\nb,"1,234"\nc,3\n', ("--id", "city", "--value", "gdp",
                                                                "--weight", "none"),
         says=("non-numeric", "row(s) [2]")),
    data("data-missing-id", "city,gdp\na,1\n", ("--id", "town", "--value", "gdp"),
         says=("not in the table",)),
    data("data-no-id", "city,gdp\na,1\n", ("--value", "gdp"), code=2, says=("--id",)),
    data("data-duplicate-ids", "city,gdp\na,1\na,2\nb,3\n", ("--id", "city", "--value", "gdp",
                                                              "--weight", "none"),
         says=("duplicate",)),
    data("data-missing-file", "x", ("--id", "city", "--value", "gdp"),
         extra={"argv": ["analyze", "gini", "--data", "{d}/nope.csv", "--id", "c", "--value",
                         "v"]}, says=("No such file",)),
    data("data-bad-encoding", "city,gdp\n", ("--id", "city", "--value", "gdp"),
         extra={"bytes": b"city,gdp\n\xff\xfe,1\n"}, says=("UTF-8",)),
    data("data-cv-all-zero", "city,gdp\na,0\nb,0\nc,0\n", ("--id", "city", "--value", "gdp",
                                                            "--weight", "none"),
         name="cv", says=("zero mean",)),
    # ---------------------------------------------------------------- scenario specs
    spec("spec-duplicate-key", "name: d\nedits:\n  - op: set_speed\n    line: x\n"
         "    speed_kph: 350\n    speed_kph: 35\n", says=("duplicate key 'speed_kph'", "line 6")),
    spec("spec-duplicate-top-key", "name: a\nname: b\nedits: []\n",
         says=("duplicate key 'name'",)),
    spec("spec-alias-bomb", "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi",
                                                                     strict=True))
        + "name: bomb\nedits: [*i]\n", says=("aliases",)),
    spec("spec-huge-file", "name: big\nedits: []\n# " + "x" * 1_100_000 + "\n",
         says=("at most 1,000,000",)),
    spec("spec-unknown-op", "name: u\nedits:\n  - op: teleport\n", says=("line 3",)),
    spec("spec-speed-zero", "name: z\nedits:\n  - op: set_speed\n    line: x\n"
         "    speed_kph: 0\n", says=("line 5", "greater than 0")),
    spec("spec-unknown-key", "name: k\nedits: []\ncolour: red\n",
         says=("colour", "Extra inputs")),
    spec("spec-long-value-cut", "name: l\nedits:\n  - op: set_speed\n    line: x\n"
         "    speed_kph: '" + "9" * 5000 + "'\n", says=("finite number", "..."),
         absent=("9" * 200,)),
    spec("spec-not-utf8", b"name: \xff\xfe\nedits: []\n", says=("UTF-8",)),
    spec("spec-invalid-yaml", "name: [unclosed\n", says=("YAML syntax error",)),
    spec("spec-not-mapping", "- 1\n- 2\n", says=("mapping",)),
    spec("spec-toml-duplicate", 'name = "a"\nname = "b"\n', suffix="toml",
         says=("line 2, column 11: TOML syntax error", "Cannot overwrite a value")),
    spec("spec-unknown-suffix", "name: x\n", suffix="json", says=("unknown file type",)),
    Case("spec-missing-file", ["scenario", "show", "{d}/nope.yaml"],
         code=2, says=("neither a shipped scenario",)),
    # a scenario year takes the network years' range, 1949-2100 (as --network-year)
    spec("spec-year-1940-refused", "name: old\nyear: 1940\nedits: []\n",
         says=("1949", "1940")),
    spec("spec-year-1949-ok", "name: old\nyear: 1949\nedits: []\n", code=0, says=("old",)),
    # ---------------------------------------------------------------- flows fit
    fit("fit-ok", FLOWS_OK, code=0, says=("cost",)),
    fit("fit-duplicates-aggregated", FLOWS_OK.replace("A,B,120,10", "A,B,70,10\nA,B,50,10"),
        code=0, says=("summed into one observation", "A->B"), check="dup_same_as_total"),
    fit("fit-duplicates-aggregated-zh", FLOWS_OK.replace("A,B,120,10", "A,B,70,10\nA,B,50,10"),
        code=0, extra=("--lang", "zh"),
        says=("2 行重复了 1 个起讫点对(A->B);每个起讫点对的流量已相加为一个观测值",),
        absent=("summed into", "origin-destination")),
    fit("fit-duplicates-different-costs", FLOWS_OK.replace("A,B,120,10", "A,B,70,10\nA,B,50,11"),
        says=("different values", "A->B (cost)")),
    fit("fit-zero-inflow-destination", FLOWS_OK.replace("B,A,100,", "B,A,0,").replace(
        "C,A,30,", "C,A,0,").replace("D,A,20,", "D,A,0,"), code=0,
        says=("zero observed inflow", ": A"), absent=("-inf", " inf ")),
    fit("fit-zero-inflow-destination-zh", FLOWS_OK.replace("B,A,100,", "B,A,0,").replace(
        "C,A,30,", "C,A,0,").replace("D,A,20,", "D,A,0,"), code=0, extra=("--lang", "zh"),
        says=("1 个观测流入量为 0 的终点未参与拟合(其固定效应没有有限的估计值):A",),
        absent=("zero observed", "were left out")),
    fit("fit-zero-outflow-origin", FLOWS_OK.replace("D,A,20,", "D,A,0,").replace(
        "D,B,25,", "D,B,0,").replace("D,C,70,", "D,C,0,"), code=0,
        says=("zero observed outflow", ": D")),
    fit("fit-zero-outflow-production", FLOWS_OK.replace("D,A,20,", "D,A,0,").replace(
        "D,B,25,", "D,B,0,").replace("D,C,70,", "D,C,0,"), code=0,
        extra=("--constraint", "production", "--locations", "{d}/l.csv"),
        says=("zero observed outflow",), absent=("-inf",), files_extra={"l.csv": LOC}),
    fit("fit-thousands-separator", FLOWS_OK.replace("A,B,120,", 'A,B,"1,234",'),
        says=("row 1", "'1,234'", "write 1234")),
    fit("fit-text-flow", FLOWS_OK.replace("A,B,120,", "A,B,many,"), says=("row 1", "'many'")),
    fit("fit-negative-flow", FLOWS_OK.replace("A,B,120,", "A,B,-3,"), says=("a flow >= 0",)),
    fit("fit-empty-flow", FLOWS_OK.replace("A,B,120,", "A,B,,"), says=("fill in the flow",)),
    fit("fit-all-zero", "origin,destination,flow,cost\nA,B,0,1\nB,A,0,1\nA,C,0,2\n",
        says=("Every observed flow is 0",)),
    fit("fit-unknown-codes", FLOWS_OK.replace("A,B,120,10", "A,Q,120,10"),
        extra=("--locations", "{d}/l.csv"), says=("not in the locations", "Q"),
        files_extra={"l.csv": LOC}),
    fit("fit-no-cost", "origin,destination,flow\nA,B,1\nB,A,2\n",
        says=("locations",)),
    fit("fit-missing-column", "origin,flow\nA,1\n", says=("lack column",)),
    fit("fit-symmetric-3-nodes", "origin,destination,flow,cost\nA,B,100,10\nA,C,50,20\n"
        "B,A,20,10\nB,C,30,15\nC,A,10,20\nC,B,20,15\n", says=("not identified",)),
    fit("fit-same-cost-everywhere", "origin,destination,flow,cost\nA,B,1,5\nB,A,2,5\nA,C,3,5\n"
        "C,A,4,5\n", says=("same cost",)),
    fit("fit-inf-cost", FLOWS_OK.replace("A,B,120,10", "A,B,120,inf"),
        says=("a finite cost", "A->B")),
    fit("fit-zero-cost-power", FLOWS_OK.replace("A,B,120,10", "A,B,120,0"),
        says=("log(cost)",)),
    fit("fit-out-is-folder", FLOWS_OK, extra=("--out", "{d}/dir"),
        says=("it is a folder",), check="mkdir_dir"),
    fit("fit-out-bad-suffix", FLOWS_OK, extra=("--out", "{d}/x.xlsx"), says=(".csv or .parquet",),
        not_created=("x.xlsx",)),
    fit("fit-out-is-input", FLOWS_OK, extra=("--out", "{d}/f.csv"), says=("also an input",)),
    fit("fit-out-unwritable", FLOWS_OK, extra=("--out", "/proc/metroscope/x.csv"),
        says=("not writable",)),
    fit("fit-out-missing-folder-created", FLOWS_OK, code=0,
        extra=("--out", "{d}/new/sub/fit.csv"), creates=("new/sub/fit.csv",)),
    fit("fit-bad-constraint", FLOWS_OK, extra=("--constraint", "triple"), code=2,
        says=("Unknown constraint",)),  # a bad option value is a usage error
    # ---------------------------------------------------------------- flows radiation/gravity
    Case("rad-bad-lat", ["flows", "radiation", "-l", "{d}/l.csv"],
         {"l.csv": LOC.replace("126.5,43.8", "126.5,95")}, says=("lat", "line 3", "95")),
    Case("rad-duplicate-codes", ["flows", "radiation", "-l", "{d}/l.csv"],
         {"l.csv": LOC + "A,125,43,5\n"}, says=("unique codes",)),
    Case("rad-one-location", ["flows", "radiation", "-l", "{d}/l.csv"],
         {"l.csv": "code,lon,lat,population\nA,125,43,5\n"}, says=("at least 2",)),
    Case("rad-no-population", ["flows", "radiation", "-l", "{d}/l.csv"],
         {"l.csv": "code,lon,lat\nA,125,43\nB,126,44\n"}, says=("population",)),
    Case("rad-out-folder", ["flows", "radiation", "-l", "{d}/l.csv", "--out", "{d}"],
         {"l.csv": LOC}, says=("it is a folder",)),
    Case("rad-out-is-input", ["flows", "radiation", "-l", "{d}/l.csv", "--out", "{d}/l.csv"],
         {"l.csv": LOC}, says=("also an input",)),
    Case("rad-ok-parquet", ["flows", "radiation", "-l", "{d}/l.csv", "--out", "{d}/r.parquet"],
         {"l.csv": LOC}, code=0, creates=("r.parquet",)),
    Case("grav-exp-needs-beta", ["flows", "gravity", "-l", "{d}/l.csv", "--deterrence", "exp"],
         {"l.csv": LOC}, code=2, says=("--beta",)),
    Case("rad-region-and-locations", ["flows", "radiation", "-l", "{d}/l.csv", "-r", "changchun"],
         {"l.csv": LOC}, code=2, says=("not both",)),
    # ---------------------------------------------------------------- report targets
    Case("report-pdf-existing-dir", ["report", "{d}/b", "--out", "{d}/r.html", "--pdf",
                                     "{d}/pdfdir"], {**BUNDLE, "pdfdir/keep.txt": "x"},
         says=("it is a folder",), not_created=("r.html",)),
    Case("report-out-dir", ["report", "{d}/b", "--out", "{d}/o"], {**BUNDLE, "o/keep.txt": "x"},
         says=("it is a folder",)),
    Case("report-out-under-file", ["report", "{d}/b", "--out", "{d}/f.txt/r.html"],
         {**BUNDLE, "f.txt": "x"}, says=("is a file, not a folder",)),
    Case("report-bad-lang", ["report", "{d}/b", "--lang", "fr"], BUNDLE, code=2,
         says=("--lang",)),
    Case("report-pdf-same-as-out", ["report", "{d}/b", "--out", "{d}/r.html", "--pdf",
                                    "{d}/r.html"], BUNDLE, code=2, says=("same file",)),
    # ---------------------------------------------------------------- usage
    Case("usage-unknown-option", ["data", "validate", "--frobnicate"], code=2,
         says=("No such option",)),
    Case("usage-unknown-command", ["frobnicate"], code=2, says=("No such command",)),
    Case("usage-show-bad-table", ["data", "show", "changchun", "--table", "nope"], code=2,
         says=("--table must be one of",)),
]
