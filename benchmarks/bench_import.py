"""Large input: import a 2-million-row stats CSV (about 240 MB) with full validation.

The promise (issue 11): the checks added for bad input (ragged lines, non-finite values,
negatives by unit, mixed units, line numbers of problems) keep a 2 M-row import under the
29.7 s and 1.8 GB peak measured before them. The import runs in a child process so that its
peak resident memory (``ru_maxrss``) is its own.

    python benchmarks/bench_import.py [--rows 2000000]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TIME_LIMIT_S = 29.7
MEMORY_LIMIT_GB = 1.8

CHILD = """
import sys, time
from metroscope.importers import import_region
t0 = time.perf_counter()
region = import_region("big", sys.argv[1], stats=sys.argv[2])
print(f"{time.perf_counter() - t0:.2f} {len(region.stats)}")
"""


def write_inputs(folder: Path, rows: int) -> tuple[Path, Path]:
    """2,000 units and ``rows`` stats rows (code, year, indicator, value, unit, source,
    quality): 50 indicators x 20 years per unit, values with 6 significant digits."""
    import numpy as np

    n_units = 2000
    codes = [f"{110000 + i:06d}" for i in range(n_units)]
    lon = 100 + np.arange(n_units) % 30 + 0.5
    lat = 25 + (np.arange(n_units) // 30) % 25 + 0.5
    units = folder / "units.csv"
    with units.open("w", encoding="utf-8") as f:
        f.write("code,name_zh,level,role,lon,lat\n")
        for c, x, y in zip(codes, lon, lat, strict=True):
            f.write(f"{c},单位{c},county,member,{x:.4f},{y:.4f}\n")
    rng = np.random.default_rng(0)
    per_unit = max(rows // n_units, 1)
    years = 2000 + np.arange(per_unit) % 20
    inds = [f"indicator_{k:02d}" for k in range(50)]
    stats = folder / "stats.csv"
    source = "Statistical yearbook of the province; table 3-1 (https://example.org/yearbook)"
    with stats.open("w", encoding="utf-8") as f:
        f.write("code,year,indicator,value,unit,source,quality\n")
        for c in codes:
            vals = rng.lognormal(8, 1, per_unit)
            f.writelines(f"{c},{y},{inds[j // 20]},{v:.6g},persons,{source},B\n"
                         for j, (y, v) in enumerate(zip(years, vals, strict=True)))
    return units, stats


def main() -> int:
    """Write the inputs, import them in a child process, print time and peak memory."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=2_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="metroscope-bench-import-") as tmp:
        units, stats = write_inputs(Path(tmp), args.rows)
        size_mb = stats.stat().st_size / 1e6
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", CHILD, str(units), str(stats)],
                             capture_output=True, text=True, check=False)
        if out.returncode != 0:
            print(out.stderr[-2000:], file=sys.stderr)
            return 1
        wall = time.perf_counter() - t0
    inner, n = out.stdout.split()
    peak_gb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1e6  # kB -> GB
    ok = float(inner) < TIME_LIMIT_S and peak_gb < MEMORY_LIMIT_GB
    print(f"import of {int(n):,} stats rows ({size_mb:.0f} MB): {float(inner):.1f} s "
          f"(process {wall:.1f} s), peak {peak_gb:.2f} GB; limits {TIME_LIMIT_S} s, "
          f"{MEMORY_LIMIT_GB} GB: {'OK' if ok else 'TOO SLOW OR TOO BIG'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
