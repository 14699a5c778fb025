"""Result provenance (``attrs["metroscope"]``) is one structure, written only by
``metroscope._provenance.annotate``, with ``notes`` always a list (issue 16, item 5)."""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest

from metroscope._provenance import annotate, provenance
from metroscope.messages import Message

SRC = Path(__file__).parent.parent / "src" / "metroscope"


def test_annotate_merges_and_keeps_notes_a_list() -> None:
    df = pd.DataFrame({"x": [1.0]})
    annotate(df, indicator="a", year=2020, notes=("one", Message("ind_no_seats", codes=["1"])))
    annotate(df, level=None, notes=None)  # None leaves a key as it was
    meta = provenance(df)
    assert meta == {"indicator": "a", "year": 2020,
                    "notes": ["one", "left out for lack of seat coordinates: 1"]}
    assert isinstance(meta["notes"], list)
    annotate(df, notes="alone")  # one note given alone becomes a list of one
    assert provenance(df)["notes"] == ["alone"]
    with pytest.raises(TypeError, match="notes must be a list"):
        annotate(df, notes={"no_seat": ["1"]})  # type: ignore[typeddict-item]
    meta["year"] = 1999  # provenance() returns a copy
    assert provenance(df)["year"] == 2020


def test_only_annotate_writes_provenance() -> None:
    """No module builds ``attrs["metroscope"]`` by hand (an assignment to it, or to one of
    its keys), so every result has the one structure."""
    writes = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "_provenance.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = node.targets if isinstance(node, ast.Assign) else (
                [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else [])
            for t in targets:
                text = ast.unparse(t)
                if "attrs['metroscope']" in text or "attrs[KEY]" in text:
                    writes.append(f"{path.relative_to(SRC)}:{node.lineno}: {text}")
    assert writes == []


def test_flow_notes_are_catalogue_messages_in_a_list() -> None:
    import metroscope
    from metroscope.flows.applied import locations_from_region
    from metroscope.flows.radiation import radiation

    loc = locations_from_region(metroscope.load("changchun"), year=2020)
    out = radiation(loc, k_nearest=5)
    notes = out.attrs["metroscope"]["notes"]
    assert isinstance(notes, list) and [n.key for n in notes] == ["flow_mean_kept_probability",
                                                                  "flow_merged_colocated"]
    assert notes[0].zh.startswith("截断后")
