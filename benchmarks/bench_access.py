"""Hansen potential accessibility: metroscope beside PySAL ``access``, both conventions.

Input: N zones (default 3,000) drawn with a fixed seed (2026) in a 0.5° x 0.4° box (about
42 x 44 km, a metropolitan area's tracts), log-normal populations; the cost is the
great-circle km matrix (:func:`metroscope.geo.distance_matrix_km`), the same array for both.

Each round (``--repeat``, default 3) runs back to back: metroscope's
:func:`~metroscope.network.potential_accessibility` with its default convention (the zone
itself left out, no minimum), with ``access``'s convention (``include_self=True,
min_cost=0.5``), and ``access`` 1.1 ``weighted_catchment`` with ``weights.gravity(1, -1,
min_dist=0.5)`` in its side environment (``bash benchmarks/access_env.sh``; set
``METROSCOPE_ACCESS_PYTHON`` if it is not at /tmp/metroscope-access-peer). Medians are
printed with the load average, and the agreement: metroscope under ``access``'s convention vs
``access`` (max relative difference), and how far the two conventions are apart.

Usage: ``.venv/bin/python benchmarks/bench_access.py [--n 3000] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from metroscope.geo import distance_matrix_km
from metroscope.network import potential_accessibility

HERE = Path(__file__).parent
PEER_PY = Path(os.environ.get("METROSCOPE_ACCESS_PYTHON",
                              "/tmp/metroscope-access-peer/bin/python"))
MIN_KM = 0.5
ALPHA = 1.0


def zones(n: int) -> tuple[pd.DataFrame, pd.Series]:
    """The km matrix (codes x codes) and the populations of the benchmark zones."""
    rng = np.random.default_rng(2026)
    lon = rng.uniform(125.1, 125.6, n)
    lat = rng.uniform(43.7, 44.1, n)
    codes = pd.Index([f"{i:05d}" for i in range(n)], name="code")
    km = pd.DataFrame(distance_matrix_km(lon, lat), index=codes, columns=codes)
    return km, pd.Series(np.round(rng.lognormal(8.0, 1.0, n)), index=codes)


def main() -> int:
    """Time both libraries and print the medians and the agreement."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    km, mass = zones(args.n)
    close = int((km.to_numpy() < MIN_KM).sum() - args.n)
    print(f"N = {args.n} zones, {args.n ** 2:,} pairs with the zone itself, {close:,} ordered "
          f"pairs of distinct zones closer than {MIN_KM} km; load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    times: dict[str, list[float]] = {"metroscope default": [], "metroscope access-style": [],
                                     "access": []}
    peer: dict[str, object] | None = None
    ours = theirs_style = None
    with tempfile.TemporaryDirectory(prefix="metroscope-bench-access-") as tmp:
        inp, out = Path(tmp) / "in.npz", Path(tmp) / "out.json"
        np.savez(inp, km=km.to_numpy(), mass=mass.to_numpy(), alpha=ALPHA, min_km=MIN_KM)
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            ours = potential_accessibility(km, mass, decay_param=ALPHA)
            times["metroscope default"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            theirs_style = potential_accessibility(km, mass, decay_param=ALPHA,
                                                   include_self=True, min_cost=MIN_KM)
            times["metroscope access-style"].append(time.perf_counter() - t0)
            if PEER_PY.exists():
                subprocess.run([str(PEER_PY), str(HERE / "peers_access.py"), str(inp), str(out)],
                               check=True)
                peer = json.loads(out.read_text(encoding="utf-8"))
                times["access"].append(float(peer["seconds"]))  # type: ignore[arg-type]
    med = {k: statistics.median(v) for k, v in times.items() if v}
    for k, v in times.items():
        if v:
            print(f"{k:25s} median {med[k]:8.3f} s   runs {', '.join(f'{x:.3f}' for x in v)}")
    assert ours is not None and theirs_style is not None
    gap = ((theirs_style - ours) / ours).abs()
    print(f"default vs access-style convention: up to {gap.max():.1%} apart "
          f"(median {gap.median():.1%})")
    if peer is None:
        print(f"access: side environment not found at {PEER_PY} (bash benchmarks/access_env.sh)")
        return 0
    got = np.asarray(peer["potential"], dtype=float)
    rel = np.abs(theirs_style.to_numpy() - got) / np.abs(got)
    rel_default = np.abs(ours.to_numpy() - got) / np.abs(got)
    print(f"access {peer['versions']}: ratio access / metroscope (access-style) "
          f"{med['access'] / med['metroscope access-style']:.0f}x")
    print(f"agreement under access's convention: max relative difference {rel.max():.2e}; "
          f"under metroscope's default: {rel_default.max():.1%}")
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0 if rel.max() < 1e-9 else 1


if __name__ == "__main__":
    sys.exit(main())
