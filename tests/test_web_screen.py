"""``/api/v1/screen``: the same cells as ``metroscope screen --format json``, the sensitivity and
component tables of the library, and one error envelope for contradictory options."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from _web import cli_json, client, same_as_cli


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with client(tmp_path_factory.mktemp("web-screen")) as c:
        yield c


def test_screen_cells_equal_the_cli(api: Any) -> None:
    r = api.get("/api/v1/screen")
    assert r.status_code == 200, r.text
    rows = r.json()
    same_as_cli(rows, cli_json("screen", "-q"))
    ranked = [x for x in rows if x["rank"] is not None]
    assert ranked and min(x["rank"] for x in ranked) == 1


def test_sensitivity_and_components_are_the_library_tables(api: Any) -> None:
    import metroscope
    from metroscope import screen as S

    result = S.screen(metroscope.load("changchun"))
    sens = api.get("/api/v1/screen/sensitivity?top=5").json()
    assert len(sens) == len(S.sensitivity(result, top=5)) > 0
    comps = {c["component"]: c for c in api.get("/api/v1/screen/components").json()}
    lib = S.components_table(result).set_index("component")
    assert set(comps) == set(lib.index)
    for name, row in lib.iterrows():
        assert comps[name]["scored"] == bool(row["scored"])


def test_weights_with_entropy_is_one_clear_error(api: Any) -> None:
    r = api.get("/api/v1/screen?weights=growth%3D1&entropy=true")
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "invalid_parameters" and "entropy" in err["message"]
    assert "Traceback" not in r.text
