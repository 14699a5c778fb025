"""Mutation testing of one numeric module at a time (``make mutate MODULE=name``; not in CI).

mutmut reads its settings from ``pyproject.toml`` in the folder it runs in, one set per run, so
each module gets a scratch folder ``.mutmut/<name>/`` with links to ``src`` and ``tests`` and a
generated ``pyproject.toml`` naming the one file to mutate and the few test files that cover it.
The scratch folder keeps mutmut's cache, so a second run only retries what changed.

Usage::

    python tools/mutate.py accessibility        # run, then print the summary
    python tools/mutate.py accessibility --show  # the surviving mutants as diffs
    python tools/mutate.py accessibility --mutants NAME ...  # re-run only these mutants
    python tools/mutate.py editing --tests tests/test_scenario_editing.py --mutants NAME ...
        # a narrower selection for one function's mutants (its own scratch folder)
    python tools/mutate.py gridknn --timeout-multiplier 3 --mutants NAME ...
        # a mutant that loops for ever is stopped (and counted as detected) sooner
    python tools/mutate.py --list

Scores and the documented equivalent mutants are in docs/testing.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: module name -> (file(s) to mutate, the test files that cover it); a module split into several
#: files keeps one entry, so that its score stays comparable
MODULES: dict[str, tuple[str | tuple[str, ...], list[str]]] = {
    "accessibility": (("src/metroscope/network/accessibility.py",
                       "src/metroscope/network/_access_compute.py"),
                      ["tests/test_network_access.py", "tests/test_access_conventions.py",
                       "tests/test_access_wrappers_by_hand.py", "tests/test_travel_options.py"]),
    "inequality": ("src/metroscope/indicators/inequality.py",
                   ["tests/test_indicators_gini_cv.py", "tests/test_indicators_inequality.py"]),
    "primacy": ("src/metroscope/indicators/primacy.py",
                ["tests/test_indicators_primacy_table.py", "tests/test_indicators_primacy.py"]),
    "theil": ("src/metroscope/indicators/theil.py",
              ["tests/test_indicators_theil.py", "tests/test_indicators_inequality.py"]),
    # _grid_radiation.py's Numba kernels (_rows, _pack) are decorated, which mutmut leaves
    # alone; its Python functions are checked by hand in tests/test_flows_grid_radiation_by_hand.py
    "radiation": (("src/metroscope/flows/radiation.py", "src/metroscope/flows/_radiation_blocks.py",
                   "src/metroscope/flows/_grid_radiation.py"),
                  ["tests/test_flows_radiation_options.py", "tests/test_flows_radiation.py",
                   "tests/test_flows_grid_radiation.py",
                   "tests/test_flows_grid_radiation_by_hand.py"]),
    "stream": ("src/metroscope/flows/_stream.py", ["tests/test_flows_stream.py"]),
    # the parameter checks called directly, with bounds worked out by hand; the models, the
    # datasets, the command line and the web API refusing the same values
    # (tests/test_flows_params.py) take 100 s a run here, most of it the Changchun region
    "params": ("src/metroscope/flows/_params.py", ["tests/test_flows_params_by_hand.py"]),
    # the tidying of observed flows on small hand-written tables (the fits that call it,
    # tests/test_flows_fit*.py, are scored as ``fit``)
    "observed": ("src/metroscope/flows/_observed.py",
                 ["tests/test_flows_observed_by_hand.py", "tests/test_flows_observed.py"]),
    # the locations table, cost matrix, pairs and flow-table index on hand-written tables
    "table": ("src/metroscope/flows/_table.py", ["tests/test_flows_table_by_hand.py"]),
    # the streamed dataset's block kernels: the parts against the in-memory models, the kept
    # share against dense row sums, the formula by hand (the dask test is left out, as always).
    # Run it on one core (`taskset -c 0 python tools/mutate.py dataset_blocks`): the local
    # engine then computes the blocks one after another; on several threads the blocks call
    # the Numba kernels at once, which the one-thread workqueue layer set below aborts on
    "dataset_blocks": ("src/metroscope/flows/_dataset_blocks.py",
                       ["tests/test_flows_dataset_blocks_by_hand.py",
                        "tests/test_flows_dataset.py"]),
    # the dataset's options, sampling, block sizes, metadata and kept-share file (run on one
    # core, as dataset_blocks: the blocks run through the same kernels)
    "dataset": (("src/metroscope/flows/dataset.py", "src/metroscope/flows/_dataset_io.py"),
                ["tests/test_flows_dataset_io_by_hand.py",
                 "tests/test_flows_dataset_options_by_hand.py",
                 "tests/test_flows_dataset_blocks_by_hand.py", "tests/test_flows_dataset.py"]),
    # the flow tables' writer: Parquet and CSV read back with pyarrow and pandas (the by-hand
    # tables first; tests/test_flows_output.py runs the models and the command line)
    "output": ("src/metroscope/flows/output.py",
               ["tests/test_flows_output_by_hand.py", "tests/test_flows_output.py"]),
    # mutmut leaves decorated functions alone, so the Numba kernels are not mutated: the
    # grid's construction and the pair functions of _pairs.py are; the brute-force checks are
    # the selection (tests/test_flows_pairs.py, 3 min a run, compares larger inputs)
    "gridknn": (("src/metroscope/flows/_grid_knn.py", "src/metroscope/flows/_pairs.py"),
                ["tests/test_flows_grid_knn_by_hand.py"]),
    "applied": ("src/metroscope/flows/applied.py",
                ["tests/test_flows_applied_by_hand.py", "tests/test_flows_applied.py"]),
    "gravity": ("src/metroscope/flows/gravity.py",
                ["tests/test_flows_gravity_by_hand.py", "tests/test_flows_gravity.py"]),
    # the peer comparisons (tests/test_flows_fit.py, spint's doubly/exp case alone takes
    # 10-20 s) make a full run of fit.py take hours here; this selection is the fast one
    "fit": ("src/metroscope/flows/fit.py",
            ["tests/test_flows_fit_by_hand.py", "tests/test_flows_fit_inputs.py"]),
    "glm": ("src/metroscope/flows/_glm.py",
            ["tests/test_flows_glm_by_hand.py", "tests/test_flows_fit_by_hand.py",
             "tests/test_flows_fit_inputs.py"]),
    "gof": ("src/metroscope/flows/gof.py", ["tests/test_flows_gof.py"]),
    "balancing": ("src/metroscope/flows/balancing.py",
                  ["tests/test_flows_balancing.py", "tests/test_flows_gravity.py"]),
    "truncation": ("src/metroscope/flows/truncation.py",
                   ["tests/test_flows_truncation.py", "tests/test_flows_gravity.py"]),
    "isochrone": ("src/metroscope/network/isochrone.py",
                  ["tests/test_network_isochrone.py", "tests/test_network_access.py",
                   "tests/test_travel_options.py"]),
    "editing": ("src/metroscope/scenario/editing.py",
                ["tests/test_scenario_editing.py", "tests/test_scenario_spec.py"]),
    # what a scenario changes: the hand-worked toy tests only (the Changchun ones in
    # tests/test_network_changchun.py route the embedded region, 1-2 min a mutant here)
    "effects": ("src/metroscope/scenario/effects.py",
                ["tests/test_scenario_effects_by_hand.py"]),
    "comparison": ("src/metroscope/scenario/comparison.py",
                   ["tests/test_scenario_effects_by_hand.py", "tests/test_scenario_spec.py"]),
    # the checks that run before an edit is applied (files, requests, project edits, hostile
    # YAML); Scenario.apply is editing.py's and is scored there
    "spec": (("src/metroscope/scenario/spec.py", "src/metroscope/scenario/_spec_yaml.py"),
             ["tests/test_scenario_spec_inputs.py"]),
    "engine": ("src/metroscope/engine.py",
               ["tests/test_engine_wiring.py", "tests/test_engine.py"]),
    "convergence": ("src/metroscope/indicators/convergence.py",
                    ["tests/test_indicators_convergence_hand.py",
                     "tests/test_indicators_convergence.py"]),
    "complexity": ("src/metroscope/indicators/complexity.py",
                   ["tests/test_indicators_complexity_hand.py",
                    "tests/test_indicators_complexity.py"]),
    "industry": ("src/metroscope/indicators/industry.py",
                 ["tests/test_indicators_industry_hand.py", "tests/test_indicators_industry.py",
                  "tests/test_findings_lq.py"]),
    "lq_evidence": ("src/metroscope/indicators/lq_evidence.py",
                    ["tests/test_indicators_lq_evidence_hand.py", "tests/test_findings_lq.py",
                     "tests/test_indicators_industry.py"]),
    "population": (("src/metroscope/indicators/population.py",
                    "src/metroscope/indicators/population_structure.py"),
                   ["tests/test_indicators_population_hand.py",
                    "tests/test_indicators_population.py", "tests/test_findings_core.py"]),
    "hinterland": ("src/metroscope/indicators/hinterland.py",
                   ["tests/test_indicators_hinterland_hand.py",
                    "tests/test_indicators_spillover.py"]),
    "spillover": ("src/metroscope/indicators/spillover.py",
                  ["tests/test_indicators_spillover_hand.py",
                   "tests/test_indicators_spillover.py"]),
    "rank_size": ("src/metroscope/indicators/rank_size.py",
                  ["tests/test_indicators_rank_size_hand.py", "tests/test_indicators_primacy.py",
                   "tests/test_indicators_primacy_table.py"]),
    "core_periphery": ("src/metroscope/indicators/core_periphery.py",
                       ["tests/test_indicators_core_periphery_hand.py",
                        "tests/test_findings_core.py"]),
    "consolidation": ("src/metroscope/indicators/consolidation.py",
                      ["tests/test_indicators_consolidation_hand.py",
                       "tests/test_findings_core.py"]),
    "similarity": ("src/metroscope/indicators/similarity.py",
                   ["tests/test_indicators_similarity_hand.py",
                    "tests/test_indicators_industry.py"]),
    "linkage": ("src/metroscope/indicators/linkage.py",
                ["tests/test_indicators_linkage_hand.py", "tests/test_indicators_spillover.py"]),
    "integration": (("src/metroscope/indicators/integration.py",
                     "src/metroscope/indicators/_integration_panel.py"),
                    ["tests/test_indicators_integration_hand.py",
                     "tests/test_indicators_integration.py"]),
    "coupling": ("src/metroscope/indicators/coupling.py",
                 ["tests/test_indicators_coupling_hand.py",
                  "tests/test_indicators_integration.py"]),
    # tests/test_network_changchun.py (the embedded region, 20-60 s a surviving mutant on the
    # shared cores) and tests/test_travel_options.py are left out to keep a run near 30 minutes
    "traveltime": (("src/metroscope/network/traveltime.py",
                    "src/metroscope/network/_matrix_units.py",
                    "src/metroscope/network/_result_notes.py"),
                   ["tests/test_network_traveltime_by_hand.py",
                    "tests/test_network_traveltime.py"]),
    # the report's own logic around the analyses (cache, scenario loading, missing-data notes,
    # source lines); the report builds over the Changchun data (tests/test_report.py) are left
    # out: every mutant of a function they reach would rebuild whole sections
    "report_inputs": (("src/metroscope/report/_inputs.py",
                       "src/metroscope/report/_analyses.py"),
                      ["tests/test_report_inputs.py"]),
    # the Changchun calibration tests (tests/test_network_changchun.py) route the embedded
    # region, minutes a mutant; the toy networks' hand tests are the selection
    "road_calibration": ("src/metroscope/network/road_calibration.py",
                         ["tests/test_network_road_calibration_hand.py"]),
    "calibration": ("src/metroscope/network/calibration.py",
                    ["tests/test_network_calibration_hand.py"]),
    # the graph on hand-built networks against hand sums and networkx; the routing tests on
    # the toy region (tests/test_travel_options.py and the calibration tests route the same
    # toy graphs through the command line and the fits, seconds a surviving mutant, no more)
    "graph": ("src/metroscope/network/graph.py",
              ["tests/test_network_graph_by_hand.py", "tests/test_network_traveltime.py",
               "tests/test_network_headway_pool.py", "tests/test_network_traveltime_by_hand.py"]),
    # the rail view's rule (a train ride takes the traveller somewhere): the two-component
    # toy by hand and the helpers against loops (tests/test_network_trips_by_hand.py); the
    # state-expanded graph and the scans of the Changchun matrix (test_network_rail_rule.py,
    # test_network_no_uturn.py, about 30 s a mutant) are left out
    "trips": ("src/metroscope/network/_trips.py", ["tests/test_network_trips_by_hand.py"]),
    "entropy": ("src/metroscope/indicators/entropy.py",
                ["tests/test_indicators_entropy_hand.py", "tests/test_indicators_integration.py"]),
    "flow": ("src/metroscope/indicators/flow.py",
             ["tests/test_indicators_flow_hand.py", "tests/test_indicators_spillover.py"]),
    "times": ("src/metroscope/network/_times.py",
              ["tests/test_network_times_by_hand.py", "tests/test_network_traveltime.py"]),
    # co-located units as one place in the radiation model: the hand-worked groups and splits,
    # then the merged model against one location per place built in plain pandas
    "colocated": ("src/metroscope/flows/_colocated.py",
                  ["tests/test_flows_colocated_by_hand.py", "tests/test_flows_colocated.py"]),
    # a level paired with a population on its own boundary (σ-convergence, Theil, CV): the toy
    # statistics table, then the Changchun figures of 2010 (公主岭's transfer)
    "same_boundary": ("src/metroscope/indicators/_same_boundary.py",
                      ["tests/test_same_boundary_hand.py", "tests/test_same_boundary.py"]),
    # the uncoded 2020 zones in an area's groups and a circle's sums: the toy tables only (the
    # national tests in tests/test_areas_uncoded_zones.py load all counties, 10-30 s a test)
    "areas_zones": ("src/metroscope/_areas_zones.py", ["tests/test_areas_zones_hand.py"]),
    # the fits' standard errors against sqrt(diag(inv(X'WX))) of a design built in the test,
    # then the fits against IRLS on the full design (tests/test_flows_fit.py's spint
    # comparisons take minutes a run and are left out, as for ``fit``)
    "stderr": ("src/metroscope/flows/_stderr.py",
               ["tests/test_flows_stderr_by_hand.py", "tests/test_flows_fit_by_hand.py"]),
    # the line of a key in a YAML or TOML scenario file: texts counted by hand, then the
    # problems of bad files with their lines
    "lines": ("src/metroscope/scenario/_lines.py",
              ["tests/test_scenario_lines_hand.py", "tests/test_scenario_spec_inputs.py"]),
    # the scenario tables of the command line and the web API: the shipped files read back,
    # the toy region's circle by hand (the Changchun doctests are left out: minutes a mutant)
    "scenario_tables": ("src/metroscope/scenario/tables.py",
                        ["tests/test_scenario_tables_hand.py"]),
    # one national area's row of the comparison on a toy china (tests/test_areas.py measures
    # the 18 areas on the national data, seconds a test: left out); _areas_measures.py is the
    # measures' table and has no function to mutate
    "areas_figures": (("src/metroscope/_areas_figures.py", "src/metroscope/_areas_measures.py"),
                      ["tests/test_areas_figures_hand.py"]),
    # the comparison's 60-minute shares and the networks that measure them, on hand tables and
    # the toy network
    "areas_access": ("src/metroscope/_areas_access.py", ["tests/test_areas_access_hand.py"]),
    # the data layer's reading of the uncoded 2020 zones (tables written in the test)
    "uncoded_zones": ("src/metroscope/_uncoded_zones.py", ["tests/test_uncoded_zones_hand.py"]),
    # the plumbing every indicator reads through (_base re-exports it): each against a toy
    # table written in its test file (the indicator tests would rerun whole indicators for
    # every mutant of a helper they all call)
    "stats_values": ("src/metroscope/indicators/_stats_values.py",
                     ["tests/test_indicators_stats_values_hand.py"]),
    "masses": ("src/metroscope/indicators/_masses.py", ["tests/test_indicators_masses_hand.py"]),
    "parent_total": ("src/metroscope/indicators/_parent_total.py",
                     ["tests/test_indicators_parent_total_hand.py"]),
    "employment": ("src/metroscope/indicators/_employment.py",
                   ["tests/test_indicators_employment_hand.py"]),
    "unit_codes": ("src/metroscope/indicators/_unit_codes.py",
                   ["tests/test_indicators_unit_codes_hand.py"]),
    # which links form a network, and the travel options built on it: a links table and every
    # rule written out by hand (tests/test_travel_options.py loads Changchun and runs the
    # command line, seconds a mutant, and is left out)
    "selection": ("src/metroscope/network/selection.py",
                  ["tests/test_network_selection_by_hand.py"]),
    "options": ("src/metroscope/network/options.py",
                ["tests/test_network_selection_by_hand.py"]),
    # the command line's and web API's travel-time tables on the toy network (the Changchun
    # tests of tests/test_travel_options.py and tests/test_network_year_note.py are left out)
    "tables": ("src/metroscope/network/tables.py", ["tests/test_network_tables_by_hand.py"]),
    # times from chosen units and the unreachable pairs: hand sums on the toy networks of
    # tests/test_network_subsets_by_hand.py (the two travel-time files, minutes a mutant on 2
    # shared cores, are left out)
    "subsets": ("src/metroscope/network/_subsets.py",
                ["tests/test_network_subsets_by_hand.py"]),
    # times from points: the hand sums of tests/test_network_points_by_hand.py (several
    # points, k seats, circuity, statuses, years, levels, the rail rule's note, the refusals);
    # the two travel-time files, minutes a mutant on 2 shared cores, are left out
    "points": ("src/metroscope/network/points.py", ["tests/test_network_points_by_hand.py"]),
    # the unit values, areas, labels and stand-in positions the accessibility and the
    # commuting circle weigh with: tables written in tests/test_network_unitdata_by_hand.py
    # (the accessibility and circle tests that call them rerun whole analyses, seconds a
    # mutant on 2 shared cores, and are left out)
    "unitdata": ("src/metroscope/network/_unitdata.py",
                 ["tests/test_network_unitdata_by_hand.py"]),
    # the large-matrix path of Hansen potentials and the 2SFCA (its Numba kernels in
    # _access_kernels.py are decorated, which mutmut leaves alone), against plain loops
    "access_fast": ("src/metroscope/network/_access_fast.py",
                    ["tests/test_access_conventions.py"]),
    # persons inside a commuting circle and the census zones' notes (split from isochrone.py)
    "circle_population": ("src/metroscope/network/_circle_population.py",
                          ["tests/test_network_circle_population_hand.py",
                           "tests/test_areas_zones_hand.py", "tests/test_network_isochrone.py"]),
    # the minimum n and verdict of every indicator against the published table of
    # docs/indicators.md and its rules at every boundary
    "verdict": ("src/metroscope/indicators/_verdict.py",
                ["tests/test_indicators_verdict_hand.py"]),
    # seats, haversine distances, travel-time matrices, pair indices and the gravity term of
    # the gravity-type indicators, on seats and matrices written in the test
    "geometry": ("src/metroscope/indicators/_geometry.py",
                 ["tests/test_indicators_geometry_hand.py"]),
    # the CLI's and web API's options of an indicator call, against the keyword arguments
    # written out by hand for each option
    "indicator_options": ("src/metroscope/indicators/_options.py",
                          ["tests/test_indicators_options_hand.py"]),
    # a Region from a plain table of values (the CLI's --data), on tables written in the test
    "values_table": ("src/metroscope/indicators/_table.py",
                     ["tests/test_indicators_values_table_hand.py"]),
}


def _paths(path: str | tuple[str, ...]) -> tuple[str, ...]:
    return (path,) if isinstance(path, str) else path


def _config(path: str | tuple[str, ...], tests: list[str],
            timeout_multiplier: float | None = None) -> str:
    # tests marked ``dask`` start a scheduler; in mutmut's forked children it hangs until the
    # timeout, which mutmut would count as a kill, so they are left out (make test runs them);
    # tests marked ``slow`` (a run over all Chinese counties, about a minute) are left out too,
    # since every mutant of the functions they reach would rerun them
    quoted = ", ".join(f'"{t}"' for t in tests)
    files = ", ".join(f'"{p}"' for p in _paths(path))
    # mutmut stops a mutant's tests after (their clean duration + 1 s) x this many seconds
    # (15 by default): a lower one ends a mutant that loops for ever sooner (a timeout counts
    # as detected)
    timeout = "" if timeout_multiplier is None else f"timeout_multiplier = {timeout_multiplier}\n"
    return f"""[tool.mutmut]
source_paths = ["src"]
only_mutate = [{files}]
pytest_add_cli_args_test_selection = [{quoted}]
pytest_add_cli_args = ["-q", "-p", "no:cacheprovider", "-x", "-m", "not dask and not slow"]
also_copy = []
{timeout}
{_pytest_section()}"""


def _pytest_section() -> str:
    """The project's own [tool.pytest.ini_options] (markers, warnings as errors), verbatim."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    start = text.index("[tool.pytest.ini_options]")
    end = text.find("\n[", start + 1)
    return text[start:end if end > 0 else None].strip() + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("module", nargs="?", choices=sorted(MODULES))
    ap.add_argument("--list", action="store_true", help="the modules and their tests")
    ap.add_argument("--show", action="store_true", help="print the surviving mutants")
    ap.add_argument("--mutants", nargs="+", metavar="NAME", default=[],
                    help="re-run only these mutants (names as --show prints them), e.g. the "
                         "survivors after new tests: mutmut keeps a survivor's result while "
                         "its function is unchanged, even when the tests changed")
    ap.add_argument("--tests", nargs="+", metavar="FILE", default=[],
                    help="run with only these test files instead of the module's selection, "
                         "e.g. the ones that exercise the function named by --mutants; the run "
                         "keeps its own scratch folder (<module>-<first file's stem>), since "
                         "mutmut resets its cache when the selection changes")
    ap.add_argument("--timeout-multiplier", type=float, default=None, metavar="X",
                    help="stop a mutant's tests after X times their clean duration (plus 1 s); "
                         "mutmut's default is 15, e.g. 3 for a function whose mutants can loop "
                         "for ever")
    args = ap.parse_args()
    if args.list or not args.module:
        for name, (path, tests) in MODULES.items():
            print(f"{name:14s} {' '.join(_paths(path))}  <- {' '.join(tests)}")
        return 0
    path, tests = MODULES[args.module]
    work = ROOT / ".mutmut" / args.module
    if args.tests:
        tests = list(args.tests)
        work = work.with_name(f"{args.module}-{Path(tests[0]).stem}")
    work.mkdir(parents=True, exist_ok=True)
    for link in ("src", "tests"):
        if not (work / link).exists():
            (work / link).symlink_to(ROOT / link)
    # mutmut runs copies in <work>/mutants/tests, so a test that finds the peers' published
    # examples two folders above itself (``parents[2] / "shared"``) looks in <work>
    peers = ROOT.parent / "shared"
    if peers.is_dir() and not (work / "shared").exists():
        (work / "shared").symlink_to(peers)
    (work / "pyproject.toml").write_text(_config(path, tests, args.timeout_multiplier),
                                         encoding="utf-8")
    mutmut = str(Path(sys.executable).parent / "mutmut")
    # mutmut forks each mutant's test run from a process whose Numba thread pool is already up;
    # the default threading layer does not survive the fork (the child dies with SIGTERM and
    # the mutant shows as "suspicious"), one workqueue thread does
    # the in-process cache of travel-time matrices is keyed by the network's content, not the
    # code: filled by mutmut's first (unmutated) pass, it would hand every forked mutant the
    # unmutated matrices; tests that exercise the cache ask for it in their own settings
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "NUMBA_THREADING_LAYER": "workqueue",
           "NUMBA_NUM_THREADS": "1", "METROSCOPE_TRAVEL_TIME_CACHE": "off"}
    if args.show:
        out = subprocess.run([mutmut, "results"], cwd=work, env=env, capture_output=True,
                             text=True, check=False).stdout
        for line in out.splitlines():
            name = line.split(":")[0].strip()
            if name and "survived" in line:
                subprocess.run([mutmut, "show", name], cwd=work, env=env, check=False)
        return 0
    rc = subprocess.run([mutmut, "run", "--max-children", "1", *args.mutants], cwd=work,
                        env=env, check=False).returncode
    subprocess.run([mutmut, "results"], cwd=work, env=env, check=False)
    return rc


if __name__ == "__main__":
    raise SystemExit(main())
