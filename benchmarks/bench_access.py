"""Accessibility: metroscope beside PySAL ``access`` (Hansen potential, 2SFCA, E2SFCA).

Input: N zones (default 3,000) drawn with a fixed seed (2026) in a 0.5° x 0.4° box (about
42 x 44 km, a metropolitan area's tracts), log-normal populations (the demand); the supply of
the floating-catchment cases is Poisson(2) "doctors" per zone (seed 2027, about 14 % of zones
have none); the cost is the great-circle km matrix (:func:`metroscope.geo.distance_matrix_km`),
the same array for both libraries, the zone itself at 0 km.

Cases, each run in rounds (``--repeat``, default 3) alternating metroscope and ``access`` 1.1
in its side environment (``bash benchmarks/access_env.sh``; set ``METROSCOPE_ACCESS_PYTHON`` if
it is not at /tmp/metroscope-access-peer; ``benchmarks/peers_access.py``):

* ``hansen``: :func:`~metroscope.network.potential_accessibility` with ``access``'s convention
  (``include_self=True, min_cost=0.5``) against ``weighted_catchment`` with ``weights.gravity(1,
  -1, min_dist=0.5)``; metroscope's default convention (own zone out, no minimum) is timed too
  and its distance from ``access`` printed;
* ``2sfca``: :func:`~metroscope.network.two_step_fca` with ``max_cost=10`` km against
  ``two_stage_fca(max_cost=10)``;
* ``e2sfca``: the same with ``max_cost=20`` km and the Gaussian weight ``exp(-d² / (2 σ²))``,
  σ = 10 km, against ``enhanced_two_stage_fca(max_cost=20, weight_fn=weights.gaussian(10))``.

Conventions matched for the check (and stated because they differ in general): the catchment
is inclusive (cost ≤ max) in both; the zone itself counts (cost 0) in both; the weight applies
in both steps in both; where ``access`` leaves a zone out (no supply point in reach) metroscope
returns 0, so a missing ``access`` value is read as 0 (the count is printed). Agreement is the
largest ``|ours - theirs| / |theirs|`` (zones where both are 0 excluded; a zone where only one
is 0 counts as a relative difference of 1); the script exits 1 when any case exceeds
:data:`TOL` (summation orders differ, so equality to the last bit is not expected).

Usage: ``.venv/bin/python benchmarks/bench_access.py [--n 3000] [--repeat 3]
[--cases hansen,2sfca,e2sfca]``
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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from metroscope.geo import distance_matrix_km
from metroscope.network import potential_accessibility, two_step_fca

HERE = Path(__file__).parent
PEER_PY = Path(os.environ.get("METROSCOPE_ACCESS_PYTHON",
                              "/tmp/metroscope-access-peer/bin/python"))
MIN_KM = 0.5
ALPHA = 1.0
FCA_KM = 10.0
E2_KM = 20.0
SIGMA_KM = 10.0
TOL = 1e-9
CASES = ("hansen", "2sfca", "e2sfca")
LABELS = {"hansen": "Hansen accessibility", "2sfca": f"2SFCA ({FCA_KM:g} km)",
          "e2sfca": f"E2SFCA (Gaussian σ = {SIGMA_KM:g} km, {E2_KM:g} km)"}


def loadavg() -> str:
    """The 1-, 5- and 15-minute load averages from /proc/loadavg."""
    return " ".join(Path("/proc/loadavg").read_text(encoding="ascii").split()[:3])


def zones(n: int) -> tuple[pd.DataFrame, pd.Series]:
    """The km matrix (codes x codes) and the populations of the benchmark zones."""
    rng = np.random.default_rng(2026)
    lon = rng.uniform(125.1, 125.6, n)
    lat = rng.uniform(43.7, 44.1, n)
    codes = pd.Index([f"{i:05d}" for i in range(n)], name="code")
    km = pd.DataFrame(distance_matrix_km(lon, lat), index=codes, columns=codes)
    return km, pd.Series(np.round(rng.lognormal(8.0, 1.0, n)), index=codes)


def gaussian(c: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """The E2SFCA weight, written as ``access.weights.gaussian`` writes it."""
    return np.exp(-c * c / (2 * SIGMA_KM**2))


@dataclass
class Inputs:
    """The benchmark zones and the file the peer reads."""

    km: pd.DataFrame
    mass: pd.Series
    supply: pd.Series
    path: Path

    @property
    def n(self) -> int:
        return len(self.mass)


def write_inputs(folder: Path, n: int) -> Inputs:
    """Build the zones and write them (and every case's parameters) for the peer."""
    km, mass = zones(n)
    supply = pd.Series(np.random.default_rng(2027).poisson(2.0, n).astype(float),
                       index=km.index)
    path = folder / "in.npz"
    np.savez(path, km=km.to_numpy(), mass=mass.to_numpy(), supply=supply.to_numpy(),
             alpha=ALPHA, min_km=MIN_KM, fca_km=FCA_KM, e2_km=E2_KM, sigma_km=SIGMA_KM)
    return Inputs(km, mass, supply, path)


def ours(case: str, d: Inputs) -> dict[str, Callable[[], pd.Series]]:
    """metroscope's calls for ``case``; the first one follows ``access``'s convention."""
    if case == "hansen":
        return {"access-style": lambda: potential_accessibility(
                    d.km, d.mass, decay_param=ALPHA, include_self=True, min_cost=MIN_KM),
                "default": lambda: potential_accessibility(d.km, d.mass, decay_param=ALPHA)}
    if case == "2sfca":
        return {"": lambda: two_step_fca(d.km, d.mass, d.supply, max_cost=FCA_KM)}
    return {"": lambda: two_step_fca(d.km, d.mass, d.supply, max_cost=E2_KM, weight=gaussian)}


def run_peer(case: str, d: Inputs) -> dict[str, Any]:
    """One timed ``access`` call in the side environment (a fresh process)."""
    out = d.path.with_name(f"out-{case}.json")
    subprocess.run([str(PEER_PY), str(HERE / "peers_access.py"), str(d.path), str(out), case],
                   check=True)
    return dict(json.loads(out.read_text(encoding="utf-8")))


def max_rel_diff(got: np.ndarray[Any, Any], want: np.ndarray[Any, Any]) -> float:
    """Largest ``|got - want| / |want|``; pairs of zeros skipped, a lone zero counts 1."""
    both_zero = (got == 0) & (want == 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(want != 0, np.abs(got - want) / np.abs(want), 1.0)
    rel = rel[~both_zero]
    return float(rel.max()) if rel.size else 0.0


@dataclass
class CaseResult:
    """Times (s) of every round, the agreement and the load before and after."""

    case: str
    times: dict[str, list[float]] = field(default_factory=dict)
    peer_s: list[float] = field(default_factory=list)
    rel_diff: float = float("nan")
    missing: int = 0
    extra: str = ""
    versions: dict[str, str] = field(default_factory=dict)
    load_before: str = ""
    load_after: str = ""

    def median(self, key: str = "") -> float:
        return statistics.median(self.times[key])

    @property
    def peer_median(self) -> float:
        return statistics.median(self.peer_s) if self.peer_s else float("nan")


def measure(case: str, d: Inputs, repeat: int) -> CaseResult:
    """``repeat`` rounds of metroscope then ``access`` on ``case`` (after one untimed call of
    metroscope's); agreement checked."""
    res = CaseResult(case, load_before=loadavg())
    calls = ours(case, d)
    values: dict[str, pd.Series] = {}
    peer: dict[str, Any] | None = None
    for fn in calls.values():
        fn()  # not timed: Numba's first dispatch (loading the cached kernels)
    for _ in range(repeat):
        for key, fn in calls.items():
            t0 = time.perf_counter()
            values[key] = fn()
            res.times.setdefault(key, []).append(time.perf_counter() - t0)
        if PEER_PY.exists():
            peer = run_peer(case, d)
            res.peer_s.append(float(peer["seconds"]))
    res.load_after = loadavg()
    first = next(iter(calls))
    if case == "hansen":
        gap = ((values["access-style"] - values["default"]) / values["default"]).abs()
        res.extra = (f"the two conventions are up to {gap.max():.1%} apart "
                     f"(median {gap.median():.1%})")
    if peer is not None:
        raw = [np.nan if v is None else v for v in peer["values"]]
        want = np.asarray(raw, dtype=float)
        res.missing = int(np.isnan(want).sum())
        want = np.nan_to_num(want, nan=0.0)
        res.rel_diff = max_rel_diff(values[first].to_numpy(), want)
        res.versions = dict(peer["versions"])
        if case == "hansen":
            res.extra += (f"; metroscope's default differs from access by up to "
                          f"{max_rel_diff(values['default'].to_numpy(), want):.1%}")
    return res


def report(r: CaseResult) -> None:
    """Print one case's medians, runs, ratio and agreement."""
    print(f"\n{LABELS[r.case]}   load before {r.load_before}, after {r.load_after}")
    for key, runs in r.times.items():
        name = f"metroscope {key}".strip()
        print(f"  {name:26s} median {statistics.median(runs):8.3f} s   runs "
              f"{', '.join(f'{x:.3f}' for x in runs)}")
    if not r.peer_s:
        print(f"  access: side environment not found at {PEER_PY} (bash benchmarks/access_env.sh)")
    else:
        first = next(iter(r.times))
        print(f"  {'access ' + r.versions.get('access', ''):26s} median {r.peer_median:8.3f} s"
              f"   runs {', '.join(f'{x:.3f}' for x in r.peer_s)}")
        print(f"  ratio access / metroscope: {r.peer_median / r.median(first):.1f}x; agreement: "
              f"max relative difference {r.rel_diff:.2e} (tolerance {TOL:g}); zones access "
              f"leaves out (read as 0): {r.missing}")
    if r.extra:
        print(f"  {r.extra}")


def main() -> int:
    """Time the cases and print the medians and the agreement; exit 1 on disagreement."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cases", default=",".join(CASES))
    args = ap.parse_args()
    cases = [c for c in args.cases.split(",") if c]
    if unknown := sorted(set(cases) - set(CASES)):
        ap.error(f"unknown case(s) {', '.join(unknown)}; choose from {', '.join(CASES)}")
    with tempfile.TemporaryDirectory(prefix="metroscope-bench-access-") as tmp:
        d = write_inputs(Path(tmp), args.n)
        close = int((d.km.to_numpy() < MIN_KM).sum() - args.n)
        print(f"N = {args.n} zones, {args.n ** 2:,} pairs with the zone itself, {close:,} ordered "
              f"pairs of distinct zones closer than {MIN_KM} km; {os.cpu_count()} cores")
        results = [measure(c, d, args.repeat) for c in cases]
    for r in results:
        report(r)
    bad = [r.case for r in results if r.peer_s and not r.rel_diff <= TOL]
    if bad:
        print(f"\nDISAGREEMENT beyond {TOL:g}: {', '.join(bad)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
