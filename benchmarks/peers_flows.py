"""The flow peers (scikit-mobility 1.3.1, spint 1.0.7), run in their side environment.

Never imported by metroscope or its tests. Build the environment with
``bash benchmarks/skmob_env.sh`` (default ``/tmp/metroscope-peers``), then:

* golden files for the tests (committed in ``tests/data/flows/``)::

    /tmp/metroscope-peers/bin/python benchmarks/peers_flows.py golden

* timings on the benchmark inputs written by ``benchmarks/bench_flows.py``::

    /tmp/metroscope-peers/bin/python benchmarks/peers_flows.py bench INPUT.npz OUTPUT.json
"""

from __future__ import annotations

import json
import sys
import time
import warnings
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")

ROOT = Path(__file__).resolve().parents[1]
PEERS = ROOT.parent / "shared" / "data" / "peer_examples"
OUT = ROOT / "tests" / "data" / "flows"


def versions() -> dict[str, str]:
    names = ("scikit-mobility", "spint", "spglm", "statsmodels", "numpy", "pandas", "geopandas",
             "shapely", "scipy")
    return {n: metadata.version(n) for n in names}


def spint_golden() -> dict[str, object]:
    from spint.gravity import Attraction, Doubly, Gravity, Production

    df = pd.read_csv(PEERS / "spint_austria" / "austria_migration_interzonal.csv")
    f = df["flow"].to_numpy().astype(np.int64)
    o = df["origin"].to_numpy()
    d = df["destination"].to_numpy()
    c = df["dij"].to_numpy().astype(float)
    ov = df["o_var"].to_numpy().astype(float).reshape(-1, 1)
    dv = df["d_var"].to_numpy().astype(float).reshape(-1, 1)
    out: dict[str, object] = {}
    for cf in ("pow", "exp"):
        models = {
            "none": Gravity(f, ov, dv, c, cf),
            "production": Production(f, o, dv, c, cf),
            "attraction": Attraction(f, d, ov, c, cf),
            "doubly": Doubly(f, o, d, c, cf),
        }
        for name, m in models.items():
            out[f"{name}/{cf}"] = {
                "params": np.asarray(m.params).ravel().tolist(),
                "std_err": np.asarray(m.std_err).ravel().tolist(),
                "yhat": np.asarray(m.yhat).ravel().tolist(),
                "llf": float(m.llf), "llnull": float(m.llnull), "aic": float(m.AIC),
                "deviance": float(m.deviance), "D2": float(m.D2),
                "pseudoR2": float(m.pseudoR2), "adj_pseudoR2": float(m.adj_pseudoR2),
                "SRMSE": float(m.SRMSE), "SSI": float(m.SSI),
            }
    return out


def _ny_tessellation() -> tuple[object, pd.DataFrame]:
    import geopandas as gpd
    import skmob

    tess = gpd.read_file(PEERS / "skmob_ny" / "NY_counties_2011.geojson")
    tess = tess.rename(columns={"tile_id": "tile_ID"})
    tess["population"] = tess["population"].astype("int64")
    fdf = skmob.FlowDataFrame.from_file(str(PEERS / "skmob_ny" / "NY_commuting_flows_2011.csv"),
                                        tessellation=tess, tile_id="tile_ID", sep=",")
    out = fdf[fdf["origin"] != fdf["destination"]].groupby("origin")[["flow"]].sum()
    tess = tess.merge(out, left_on="tile_ID", right_on="origin").rename(
        columns={"flow": "tot_outflow"})
    return tess, fdf


def skmob_golden() -> dict[str, object]:
    from skmob.models.gravity import Gravity
    from skmob.models.radiation import Radiation

    tess, fdf = _ny_tessellation()
    tables = {}
    for fmt in ("probabilities", "flows"):
        r = Radiation().generate(tess, tile_id_column="tile_ID", tot_outflows_column="tot_outflow",
                                 relevance_column="population", out_format=fmt)
        tables[f"radiation_{fmt}"] = pd.DataFrame(r)[["origin", "destination", "flow"]]
    for gtype in ("singly constrained", "globally constrained"):
        for det, args in (("power_law", [-2.0]), ("exponential", [0.01])):
            g = Gravity(deterrence_func_type=det, deterrence_func_args=args,
                        gravity_type=gtype)
            r = g.generate(tess, tile_id_column="tile_ID", tot_outflows_column="tot_outflow",
                           relevance_column="population", out_format="flows")
            key = f"gravity_{gtype.split()[0]}_{det}"
            tables[key] = pd.DataFrame(r)[["origin", "destination", "flow"]]
    for name, t in tables.items():
        t.to_csv(OUT / f"skmob_ny_{name}.csv", index=False, float_format="%.17g")
    fits = {}
    for det in ("power_law", "exponential"):
        for gtype in ("singly constrained", "globally constrained"):
            g = Gravity(deterrence_func_type=det, gravity_type=gtype)
            g.fit(fdf, relevance_column="population")
            fits[f"{gtype.split()[0]}/{det}"] = {
                "origin_exp": float(g.origin_exp), "destination_exp": float(g.destination_exp),
                "deterrence_args": [float(x) for x in g.deterrence_func_args]}
    # tile order and the total outflows skmob used
    tess[["tile_ID", "population", "tot_outflow"]].to_csv(OUT / "skmob_ny_tessellation.csv",
                                                         index=False)
    return {"tables": sorted(tables), "fits": fits}


def golden() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    record = {"command": "/tmp/metroscope-peers/bin/python benchmarks/peers_flows.py golden",
              "environment": "bash benchmarks/skmob_env.sh", "versions": versions(),
              "spint_austria": spint_golden(), "skmob_ny": skmob_golden()}
    (OUT / "peers_golden.json").write_text(json.dumps(record, indent=1) + "\n")
    print(f"wrote {OUT}")


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def bench(inp: str, out: str) -> None:
    data = np.load(inp)
    which = sys.argv[4].split(",") if len(sys.argv) > 4 else ["radiation", "doubly"]
    result: dict[str, object] = {"versions": versions()}
    if "radiation" in which:
        import geopandas as gpd
        from shapely.geometry import Point
        from skmob.models.radiation import Radiation

        lon, lat, pop = data["lon"], data["lat"], data["population"]
        tess = gpd.GeoDataFrame(
            {"tile_ID": [str(i) for i in range(len(lon))], "population": pop,
             "tot_outflow": data["outflow"]},
            geometry=[Point(x, y) for x, y in zip(lon, lat)], crs=4326)
        t0 = time.perf_counter()
        r = Radiation().generate(tess, tile_id_column="tile_ID", tot_outflows_column="tot_outflow",
                                 relevance_column="population", out_format="probabilities")
        result["radiation_s"] = time.perf_counter() - t0
        result["radiation_rows"] = len(r)
        frame = pd.DataFrame(r)
        np.savez(out.replace(".json", ".radiation.npz"),
                 o=frame["origin"].astype(int).to_numpy(),
                 d=frame["destination"].astype(int).to_numpy(),
                 p=frame["flow"].to_numpy(dtype=float))
        result["radiation_sum"] = float(np.asarray(r["flow"]).sum())
        result["radiation_peak_rss_mb"] = _peak_rss_mb()
    if "doubly" in which:
        from spint.gravity import Doubly

        o, d, f, c = data["od_o"], data["od_d"], data["od_flow"], data["od_cost"]
        t0, c0 = time.perf_counter(), time.process_time()
        m = Doubly(f.astype(np.int64), o, d, c, "exp")
        result["doubly_s"] = time.perf_counter() - t0
        result["doubly_cpu_s"] = time.process_time() - c0  # all threads of the process
        result["doubly_beta"] = float(np.asarray(m.params).ravel()[-1])
        result["doubly_beta_se"] = float(np.asarray(m.std_err).ravel()[-1])
        result["doubly_std_err"] = np.asarray(m.std_err).ravel().tolist()
        result["doubly_peak_rss_mb"] = _peak_rss_mb()
    Path(out).write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    if sys.argv[1] == "golden":
        golden()
    elif sys.argv[1] == "bench":
        bench(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(__doc__)
