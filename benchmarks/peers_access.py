"""The accessibility peer (PySAL ``access``), run in its side environment.

Never imported by metroscope or its tests. Build the environment with
``bash benchmarks/access_env.sh`` (default ``/tmp/metroscope-access-peer``), then, on the
inputs written by ``benchmarks/bench_access.py``::

    /tmp/metroscope-access-peer/bin/python benchmarks/peers_access.py INPUT.npz OUTPUT.json [CASE]

Every case uses ``access``'s own tools on a long cost table of every pair (the zone itself
included, cost 0 km); only the measuring call is timed (building the tables and the ``Access``
object is not). CASE is one of:

* ``hansen`` (default): ``Access.weighted_catchment`` with ``weights.gravity(scale=1,
  alpha=-a, min_dist=0.5)``, i.e. ``Σ_j M_j max(d_ij, 0.5)^-a``;
* ``2sfca``: ``Access.two_stage_fca(max_cost=fca_km)`` (no weight);
* ``e2sfca``: ``Access.enhanced_two_stage_fca(max_cost=e2_km,
  weight_fn=weights.gaussian(sigma_km))``.

The output JSON holds the seconds, the values per zone in input order (``null`` where
``access`` leaves a zone out: nothing in reach) and the versions.
"""

from __future__ import annotations

import json
import sys
import time
import warnings
from importlib import metadata

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")


def main(inp: str, out: str, case: str = "hansen") -> None:
    """Time one ``case`` on the inputs and write the result and time as JSON."""
    from access import Access, weights

    data = np.load(inp)
    km, mass = data["km"], data["mass"]
    n = len(mass)
    ids = np.arange(n)
    zones = pd.DataFrame({"geoid": ids, "pop": mass}).set_index("geoid")
    cost = pd.DataFrame({"origin": np.repeat(ids, n), "dest": np.tile(ids, n),
                         "cost": km.ravel()})
    if case == "hansen":
        supply, supply_value = zones, "pop"
    else:
        supply = pd.DataFrame({"geoid": ids, "doc": data["supply"]}).set_index("geoid")
        supply_value = "doc"
    model = Access(demand_df=zones, demand_index=True, demand_value="pop", supply_df=supply,
                   supply_index=True, supply_value=supply_value, cost_df=cost,
                   cost_origin="origin", cost_dest="dest", cost_name="cost")
    t0 = time.perf_counter()
    if case == "hansen":
        fn = weights.gravity(scale=1.0, alpha=-float(data["alpha"]),
                             min_dist=float(data["min_km"]))
        res = model.weighted_catchment(name="hansen", weight_fn=fn)
    elif case == "2sfca":
        res = model.two_stage_fca(name="2sfca", max_cost=float(data["fca_km"]))
    elif case == "e2sfca":
        res = model.enhanced_two_stage_fca(
            name="e2sfca", max_cost=float(data["e2_km"]),
            weight_fn=weights.gaussian(sigma=float(data["sigma_km"])))
    else:
        raise SystemExit(f"unknown case {case!r}: hansen, 2sfca or e2sfca")
    seconds = time.perf_counter() - t0
    values = res.iloc[:, 0].reindex(ids).to_numpy(dtype=float)
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"case": case, "seconds": seconds,
                   "values": [None if np.isnan(v) else float(v) for v in values],
                   "versions": {p: metadata.version(p) for p in ("access", "numpy", "pandas")}},
                  f)


if __name__ == "__main__":
    main(*sys.argv[1:4])
