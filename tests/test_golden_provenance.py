"""Every file under tests/data says where its numbers come from (issue 16, item 2).

``tests/data/README.md`` has one row per file: its kind (a peer library's output, a regression
pin that metroscope wrote itself, or the generator of such a file), its source, and the test
that checks it independently. A new golden file without a row, a row for a file that is gone,
a regression pin without an independent check, or a check naming a test that does not exist
fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).parent
DATA = TESTS / "data"
KINDS = {"peer output", "regression pin", "generator"}


def _rows() -> dict[str, tuple[str, str, str]]:
    rows: dict[str, tuple[str, str, str]] = {}
    for line in (DATA / "README.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\| `([^`]+)` \| ([^|]+) \| (.+) \| (.+) \|$", line)
        if m:
            rows[m.group(1)] = (m.group(2).strip(), m.group(3).strip(), m.group(4).strip())
    return rows


def test_every_data_file_says_where_its_numbers_come_from() -> None:
    files = {p.relative_to(DATA).as_posix() for p in DATA.rglob("*")
             if p.is_file() and p.name != "README.md" and "__pycache__" not in p.parts}
    rows = _rows()
    assert sorted(files - set(rows)) == [], "add a row to tests/data/README.md"
    assert sorted(set(rows) - files) == [], "a row names a file that no longer exists"
    for name, (kind, source, _) in rows.items():
        assert kind in KINDS, (name, kind)
        assert len(source) > 20, name


def test_every_check_named_is_a_test_that_exists() -> None:
    for name, (kind, _, check) in _rows().items():
        refs = re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", check)
        if kind == "generator":
            continue
        assert refs, f"{name}: a {kind} needs the test that checks it"
        for path, test in refs:
            text = (TESTS.parent / path).read_text(encoding="utf-8")
            assert re.search(rf"^def {test}\(", text, re.MULTILINE), (name, path, test)
