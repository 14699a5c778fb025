#!/usr/bin/env bash
# Build the side environment of the flow peers (never committed, never used by `make test`):
#   scikit-mobility 1.3.1 needs pandas < 2 and geopandas < 0.11, so it lives in its own venv on
#   Python 3.10 with numpy 1.26 / pandas 1.5.3 / geopandas 0.10.2 / shapely 1.8.5;
#   spint 1.0.7 is installed beside it (it is the version whose tests ship the Austria example);
#   scipy is pinned < 1.12 because libpysal 4.7 still imports `scipy.inf`, and spreg to 1.3.2
#   because spreg >= 1.5 imports `libpysal.graph`, absent from the libpysal that fits here;
#   fiona < 1.10 because geopandas 0.10 calls `fiona.path`.
# Usage: bash benchmarks/skmob_env.sh [VENV_DIR]   (default /tmp/metroscope-peers)
# Then:  VENV_DIR/bin/python benchmarks/peers_flows.py ...
set -euo pipefail
VENV="${1:-/tmp/metroscope-peers}"
PY="${PEER_PYTHON:-}"
if [[ -z "$PY" ]]; then
  # pyenv shims exist even for versions that are not active: use real interpreters only
  for p in /root/.pyenv/versions/3.10.*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10; do
    [[ -x "$p" ]] && PY="$p" && break
  done
fi
if [[ -z "$PY" ]]; then
  echo "Needs a local Python 3.10 (set PEER_PYTHON=/path/to/python3.10)." >&2
  exit 1
fi
uv venv --clear --python "$PY" "$VENV"
uv pip install --python "$VENV/bin/python" \
  "numpy==1.26.4" "pandas==1.5.3" "geopandas==0.10.2" "shapely==1.8.5.post1" \
  "scipy==1.11.4" "spreg==1.3.2" "fiona==1.9.6" "scikit-mobility==1.3.1" "spint==1.0.7" "psutil"
"$VENV/bin/python" - <<'PY'
import importlib.metadata as m
for p in ("scikit-mobility", "spint", "numpy", "pandas", "geopandas", "shapely", "scipy",
          "statsmodels", "libpysal", "spreg"):
    try:
        print(f"{p}=={m.version(p)}")
    except m.PackageNotFoundError:
        print(f"{p}: not installed")
PY
