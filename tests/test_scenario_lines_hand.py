"""The line of a key in a scenario file (``scenario/_lines.py``), for error messages: YAML
and TOML texts written here, each expected line counted by hand (1-based)."""

from __future__ import annotations

from metroscope.scenario._lines import locate

YAML = ("# a comment\n"                      # 1
        "name: x\n"                          # 2
        "edits:\n"                           # 3
        "  - op: set_speed\n"                # 4
        "    mode: hsr\n"                    # 5
        "    speed_kph: -1\n"                # 6
        "  - op: complete_project\n"         # 7
        "    project_id:\n"                  # 8
        "      p1\n")                        # 9: the value under its key


def test_yaml_lines_by_hand() -> None:
    for loc, line in ((["edits", 0, "speed_kph"], 6), (["edits", 0, "mode"], 5),
                      (["edits", 1], 7), (["edits", 0], 4),
                      (["edits", 1, "project_id"], 8),  # the key's line, not its value's
                      (["edits"], 3), (["name"], 2),
                      ([], 2),  # the document starts at its first key
                      # a key or item that is not there: the deepest one found
                      (["edits", 2, "op"], 3), (["edits", 0, "missing"], 4),
                      (["missing", "x"], 2),
                      # a key asked of a list, an index of a mapping or of a scalar
                      (["edits", "op"], 3), ([0], 2), (["name", 0], 2),
                      (["name", "x"], 2)):
        assert locate(YAML, ".yaml", loc) == line, loc
    assert locate(YAML, ".yml", ["edits", 1, "project_id"]) == 8
    # a top-level list
    assert locate("- a\n- b\n-\n  c: 1\n", ".yaml", [2, "c"]) == 4
    assert locate("- a\n- b\n", ".yaml", [1]) == 2


def test_yaml_without_a_place() -> None:
    assert locate("", ".yaml", ["name"]) is None
    assert locate("# nothing but a comment\n", ".yaml", ["name"]) is None
    assert locate("name: [x\n", ".yaml", ["name"]) is None  # malformed
    assert locate("a: 1\n---\nb: 2\n", ".yaml", ["b"]) is None  # two documents


TOML = ('names = 2\n'                        # 1
        'name = "x"\n'                       # 2
        '  year = 2030\n'                    # 3: an indented key
        'axb = 0\n'                          # 4
        'a.b = 1\n'                          # 5: a dotted key, "." read as a dot
        '[[edits]]\n'                        # 6
        'op = "set_speed"\n'                 # 7
        'speed_kph = -1\n'                   # 8
        '[[ edits ]]\n'                      # 9
        'op = "complete_project"\n'          # 10
        '[other]\n'                          # 11
        'project_id = "p1"\n'                # 12
        '[[editsx]]\n'                       # 13
        'op = "x"\n')                        # 14


def test_toml_lines_by_hand() -> None:
    for loc, line in ((["edits", 0, "speed_kph"], 8), (["edits", 0, "op"], 7),
                      (["edits", 1, "op"], 10), (["edits", 0], 6), (["edits", 1], 9),
                      # a key after the next table header is not the edit's
                      (["edits", 1, "project_id"], 9), (["edits", 0, "missing"], 6),
                      (["name"], 2), (["year"], 3), (["a.b"], 5), (["axb"], 4),
                      (["name", "x"], 2), (["name", 0], 2),
                      # top-level keys only: none after the first header
                      (["project_id"], None), (["op"], None), (["missing"], None),
                      # an array table with too few entries: no place
                      (["edits", 2, "op"], None), (["editsx", 1], None), ([], None)):
        assert locate(TOML, ".toml", loc) == line, loc
    assert locate(TOML, ".toml", ["editsx", 0, "op"]) == 14
    # "." in an array table's name is a dot too
    assert locate('[[xzy]]\nk = 2\n[[x.y]]\nk = 1\n', ".toml", ["x.y", 0, "k"]) == 4
    # a TOML text is never read as YAML, whatever it holds
    assert locate("a: 1\nb = 2\n", ".toml", ["b"]) == 2
    assert locate("a: 1\nb = 2\n", ".yaml", ["b"]) is None
