"""Time the full Changchun report with the three shipped scenarios (issue #6: < 15 s, < 8 MB).

Run: ``.venv/bin/python benchmarks/bench_report.py [--repeat N] [--pdf]``. The repeats run in
one process: the first is cold (imports, travel-time matrices), later ones reuse the network's
in-memory cache, so both times are printed. The budget applies to the cold run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

BUDGET_S = 15.0
BUDGET_BYTES = 8_000_000
SCENARIOS = ("chang-si-liao-tong", "hsr-350", "network-2030")


def one_run(out: Path) -> tuple[dict[str, float], int]:
    """Load, build (analyses + layout) and write once; returns stage times and file size."""
    t0 = time.perf_counter()
    import metroscope
    from metroscope.report import build_report, write_html

    t1 = time.perf_counter()
    region = metroscope.load("changchun")
    t2 = time.perf_counter()
    ctx = build_report(region, scenarios=list(SCENARIOS), lang="zh")
    t3 = time.perf_counter()
    path = write_html(ctx, out)
    t4 = time.perf_counter()
    missing = [n.text.en for s in ctx.sections for n in s.missing()]
    if missing:
        print(f"  note: {len(missing)} missing item(s): {missing[:3]}")
    return ({"import": t1 - t0, "load": t2 - t1, "build": t3 - t2, "write": t4 - t3,
             "total": t4 - t0}, path.stat().st_size)


def main() -> int:
    """Print the times; exit 1 when the cold run or the file size is over budget."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pdf", action="store_true", help="also time the PDF printing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "changchun.html"
        runs = [one_run(out) for _ in range(max(1, args.repeat))]
        size = runs[0][1]
        for i, (t, _s) in enumerate(runs):
            label = "cold" if i == 0 else "warm"
            print(f"run {i + 1} ({label}): " + ", ".join(f"{k} {v:.2f} s" for k, v in t.items()))
        cold = runs[0][0]["total"]
        warm = [r[0]["total"] for r in runs[1:]]
        print(f"report with {len(SCENARIOS)} scenarios: cold {cold:.2f} s"
              + (f", warm median {statistics.median(warm):.2f} s" if warm else "")
              + f" (budget {BUDGET_S:.0f} s, ratio {cold / BUDGET_S:.2f}); "
              f"HTML {size / 1e6:.2f} MB (budget {BUDGET_BYTES / 1e6:.0f} MB)")
        if args.pdf:
            from metroscope import load
            from metroscope.report import build_report, write_pdf

            ctx = build_report(load("changchun"), scenarios=list(SCENARIOS), lang="zh")
            start = time.perf_counter()
            pdf = write_pdf(ctx, Path(tmp) / "changchun.pdf")
            print(f"PDF: {time.perf_counter() - start:.2f} s, {pdf.stat().st_size / 1e6:.2f} MB")
    return 0 if cold < BUDGET_S and size < BUDGET_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())
