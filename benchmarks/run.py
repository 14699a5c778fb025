"""Run every ``benchmarks/bench_*.py`` in turn (``make bench``) and report which failed.

Each benchmark is a standalone script that times metroscope beside its peer library on the
same input and prints the ratios; see benchmarks/README.md.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent


def main() -> int:
    """Run the benchmarks named on the command line (default: all); return an exit code."""
    wanted = sys.argv[1:]
    # bench_table repeats the others' rows in one long run (20-40 min): only when named
    scripts = sorted(p for p in HERE.glob("bench_*.py")
                     if (any(w in p.stem for w in wanted) if wanted
                         else p.stem != "bench_table"))
    failed = []
    for script in scripts:
        print(f"\n=== {script.name} ===", flush=True)
        t0 = time.perf_counter()
        rc = subprocess.call([sys.executable, str(script)])
        print(f"--- {script.name}: exit {rc}, {time.perf_counter() - t0:.1f} s", flush=True)
        if rc != 0:
            failed.append(script.name)
    if failed:
        print(f"\nFailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
