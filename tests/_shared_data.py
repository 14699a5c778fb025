"""The data directory shared beside the repository (``../shared/data``), for every test that needs it.

Tests that read it must skip, not fail, when it is absent (a clone elsewhere): mark the whole test
with ``needs_shared``, or resolve each file through ``shared_file`` (which skips the calling test
when the file is missing), so that helpers called from many tests skip them all the same way.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
PEERS = SHARED / "peer_examples"
REASON = "../shared/data not present"

needs_shared = pytest.mark.skipif(not SHARED.exists(), reason=REASON)


def shared_file(path: Path) -> Path:
    """``path`` (inside ``SHARED``) if it exists; otherwise skip the calling test."""
    if not path.exists():
        pytest.skip(f"{REASON}: ../{path.relative_to(SHARED.parents[1]).as_posix()} is missing")
    return path
