#!/usr/bin/env bash
# Build the side environment of the accessibility peer (never committed, never used by
# `make test`): PySAL `access` from PyPI with what it resolves to, on a local CPython 3.12.
# `access` is not a dependency of metroscope; it lives apart like the flow peers
# (benchmarks/skmob_env.sh), so that its pins never touch the project's lock.
# Usage: bash benchmarks/access_env.sh [VENV_DIR]   (default /tmp/metroscope-access-peer)
# Then:  VENV_DIR/bin/python benchmarks/peers_access.py INPUT.npz OUTPUT.json
set -euo pipefail
VENV="${1:-/tmp/metroscope-access-peer}"
PY="${PEER_PYTHON:-}"
if [[ -z "$PY" ]]; then
  for p in /root/.pyenv/versions/3.12.*/bin/python3.12 /usr/local/bin/python3.12 /usr/bin/python3.12; do
    [[ -x "$p" ]] && PY="$p" && break
  done
fi
if [[ -z "$PY" ]]; then
  echo "Needs a local Python 3.12 (set PEER_PYTHON=/path/to/python3.12)." >&2
  exit 1
fi
uv venv --clear --python "$PY" "$VENV"
uv pip install --python "$VENV/bin/python" "access==1.1.10.post3"
"$VENV/bin/python" - <<'PY'
import importlib.metadata as m
for p in ("access", "numpy", "pandas", "geopandas", "scipy"):
    print(f"{p}=={m.version(p)}")
PY
