"""The accessibility peer (PySAL ``access``), run in its side environment.

Never imported by metroscope or its tests. Build the environment with
``bash benchmarks/access_env.sh`` (default ``/tmp/metroscope-access-peer``), then, on the
inputs written by ``benchmarks/bench_access.py``::

    /tmp/metroscope-access-peer/bin/python benchmarks/peers_access.py INPUT.npz OUTPUT.json

Hansen potential with ``access``'s own tools: a long cost table of every pair (the zone itself
included, cost 0 km), ``Access.weighted_catchment`` with ``weights.gravity(scale=1, alpha=-a,
min_dist=0.5)``, i.e. ``Σ_j M_j max(d_ij, 0.5)^-a``. Only the ``weighted_catchment`` call is
timed (building the tables is not).
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


def main(inp: str, out: str) -> None:
    """Time one Hansen potential on the inputs and write the result and time as JSON."""
    from access import Access, weights

    data = np.load(inp)
    km, mass, alpha, min_km = data["km"], data["mass"], float(data["alpha"]), float(data["min_km"])
    n = len(mass)
    ids = np.arange(n)
    zones = pd.DataFrame({"geoid": ids, "pop": mass}).set_index("geoid")
    cost = pd.DataFrame({"origin": np.repeat(ids, n), "dest": np.tile(ids, n),
                         "cost": km.ravel()})
    model = Access(demand_df=zones, demand_index=True, demand_value="pop", supply_df=zones,
                   supply_index=True, supply_value="pop", cost_df=cost, cost_origin="origin",
                   cost_dest="dest", cost_name="cost")
    fn = weights.gravity(scale=1.0, alpha=-alpha, min_dist=min_km)
    t0 = time.perf_counter()
    res = model.weighted_catchment(name="hansen", weight_fn=fn)
    seconds = time.perf_counter() - t0
    values = res.iloc[:, 0].reindex(ids).to_numpy(dtype=float)
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"seconds": seconds, "potential": values.tolist(),
                   "versions": {p: metadata.version(p) for p in ("access", "numpy", "pandas")}},
                  f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
