"""Imports run one way: data -> Region -> analyses -> views (DESIGN: one-way imports).

Every ``from``/``import`` statement of the package (at module level or inside a function) is
read with :mod:`ast`; a module of the data layer may not import an analysis or a view, and an
analysis may not import a view. Every top-level module and package must be placed in a layer,
so that a new one is placed on purpose.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "metroscope"

#: the data model, its checks, reading and writing, settings and the shared plumbing
DATA = {"region", "_region_tables", "_validate", "_schema", "bundle", "_readers", "_csv_quotes", "_records",
        "_precision",
        "settings", "_errors", "_options", "geo", "_units", "_atomic", "_provenance",
        "messages", "sources", "measures", "datasets", "_metro", "importers", "engine",
        "_uncoded_zones"}
#: analyses of a Region
ANALYSES = {"network", "flows", "indicators", "scenario", "screen", "monitor", "areas",
            "overview", "_areas_access", "_areas_zones", "_areas_figures", "_areas_measures"}
#: what shows the analyses: the report, the web app and the command line
VIEWS = {"report", "web", "cli"}
ENTRY = {"__init__", "__main__"}


def _imports() -> dict[str, set[str]]:
    """Module name -> the ``metroscope`` modules and names it imports."""
    out: dict[str, set[str]] = {}
    for f in PACKAGE.rglob("*.py"):
        parts = list(f.relative_to(PACKAGE.parent).with_suffix("").parts)
        is_pkg = parts[-1] == "__init__"
        if is_pkg:
            parts = parts[:-1]
        name = ".".join(parts)
        pkg = name if is_pkg else name.rsplit(".", 1)[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = pkg.split(".")
                    base = base[:len(base) - (node.level - 1)]
                    mod = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    mod = node.module or ""
                if mod.split(".")[0] == "metroscope":
                    found.add(mod)
                    found.update(f"{mod}.{a.name}" for a in node.names)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.split(".")[0] == "metroscope")
        out[name] = found
    return out


def _layer_of(module: str) -> str | None:
    """The top-level part of ``metroscope.x.y`` (``x``), or None for the package itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


@pytest.fixture(scope="module")
def imports() -> dict[str, set[str]]:
    return _imports()


def test_every_top_level_module_has_a_layer() -> None:
    names = {p.stem for p in PACKAGE.iterdir()
             if (p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists()))}
    unplaced = sorted(names - DATA - ANALYSES - VIEWS - ENTRY)
    assert not unplaced, f"place these in a layer of tests/test_layers.py: {unplaced}"


def test_the_scan_sees_imports(imports: dict[str, set[str]]) -> None:
    # relative, nested-relative and function-level imports are all resolved
    assert "metroscope._region_tables.empty_table" in imports["metroscope.region"]
    assert "metroscope.bundle.write_bundle" in imports["metroscope.region"]  # inside a method
    assert "metroscope.network.options.TravelOptions" in imports["metroscope.network.accessibility"]
    assert "metroscope._provenance.annotate" in imports["metroscope.network.accessibility"]


def test_data_imports_no_analysis_or_view(imports: dict[str, set[str]]) -> None:
    bad = sorted(f"{m} -> {i}" for m, found in imports.items() if _layer_of(m) in DATA
                 for i in found if _layer_of(i) in ANALYSES | VIEWS)
    assert not bad, "the data layer imports upwards:\n  " + "\n  ".join(bad)


def test_analyses_import_no_view(imports: dict[str, set[str]]) -> None:
    bad = sorted(f"{m} -> {i}" for m, found in imports.items() if _layer_of(m) in ANALYSES
                 for i in found if _layer_of(i) in VIEWS)
    assert not bad, "an analysis imports a view:\n  " + "\n  ".join(bad)
