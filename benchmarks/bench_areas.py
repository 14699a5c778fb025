"""Time ``metroscope areas compare`` for all 18 national areas (issue #14: < 20 s, cold CLI).

Run: ``.venv/bin/python benchmarks/bench_areas.py [--repeat N]``. Each repeat is a fresh CLI
process (imports, loading the china dataset, the comparison, printing), so every run is cold.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

BUDGET_S = 20.0
CLI = Path(sys.executable).parent / "metroscope"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    times, cpu = [], []
    for _ in range(args.repeat):
        c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run([str(CLI), "areas", "compare", "--quiet"], check=True,
                       capture_output=True)
        times.append(time.perf_counter() - t0)
        c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(c1.ru_utime - c0.ru_utime + c1.ru_stime - c0.ru_stime)
    best, med = min(times), statistics.median(times)
    ok = med < BUDGET_S
    # on a shared machine the wall time includes waiting for a core; the CPU time does not
    print(f"areas compare (18 areas, cold CLI): wall best {best:.1f} s, median {med:.1f} s; "
          f"CPU median {statistics.median(cpu):.1f} s (budget {BUDGET_S:.0f} s wall): "
          f"{'ok' if ok else 'OVER BUDGET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
