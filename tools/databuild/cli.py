"""Build the embedded datasets ``changchun`` and ``china`` from ``../shared/data``.

Run from the repository root::

    .venv/bin/python tools/build_datasets.py [--shared PATH] [--out PATH] [--only NAME]

Every value comes from a file in the shared data folder (see each folder's PROVENANCE.md and
``src/metroscope/datasets/DATA.md``). Model assumptions (speeds, circuity, access minutes) are
named parameters (``params.py``); each is written into the bundle metadata. The build is
deterministic: rows are sorted and nothing depends on time or on dictionary order.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from .changchun import build_changchun
from .china import build_china
from .inputs import load_inputs
from .write import summary, write


def main(argv: Sequence[str] | None = None) -> None:
    root = Path(__file__).resolve().parents[2]
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--shared", type=Path, default=root.parent / "shared" / "data",
                    help="the shared data folder (default ../shared/data)")
    ap.add_argument("--out", type=Path, default=root / "src" / "metroscope" / "datasets",
                    help="output folder for the bundles")
    ap.add_argument("--only", choices=("changchun", "china"), default=None)
    args = ap.parse_args(argv)
    inp = load_inputs(args.shared.resolve())
    for build in (build_changchun, build_china):
        if args.only and build.__name__ != f"build_{args.only}":
            continue
        bundle = build(inp)
        path = write(bundle, args.out)
        summary(bundle, path)

