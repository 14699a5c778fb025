"""Region-bundle uploads: a valid zipped bundle is accepted with a write token only and then
served like a dataset; invalid tables get the same problem list as ``data validate``; zip
slip, symbolic links, zip bombs (ratio and total size, also when the archive lies about its
sizes), non-zips and oversized bodies are refused and leave nothing behind; downloads never
leave the bundle's folder."""

from __future__ import annotations

import io
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from metroscope.web import WebConfig, create_app
from metroscope.web.problems import KEYS
from metroscope.web.tokens import TokenStore
from metroscope.web.uploads import MAX_RATIO, bundles_dir


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The embedded Changchun area exported as a bundle folder (as a user would)."""
    import metroscope

    toml = metroscope.load("changchun").write(tmp_path_factory.mktemp("b") / "mine")
    return toml.parent if toml.is_file() else toml


def zipped(folder: Path, *, prefix: str = "", extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                z.write(p, prefix + p.relative_to(folder).as_posix())
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


class Site:
    def __init__(self, tmp: Path) -> None:
        tokens = TokenStore(tmp / "tokens.json")
        self.write = {"Authorization": f"Bearer {tokens.create('write')[1]}",
                      "Content-Type": "application/zip"}
        self.data = tmp
        self.client = TestClient(create_app(WebConfig(data_dir=tmp, max_body_bytes=4_000_000,
                                                      db_url=f"sqlite:///{tmp / 'm.sqlite'}")))

    def upload(self, data: bytes, name: str = "mine", **headers: Any) -> Any:
        return self.client.post(f"/api/v1/bundles?name={name}", content=data,
                                headers={**self.write, **headers})

    def leftovers(self) -> list[str]:
        folder = bundles_dir(self.data)
        return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    s = Site(tmp_path)
    with s.client:
        yield s


def test_upload_needs_a_write_token_then_the_bundle_is_served(site: Site, bundle: Path) -> None:
    data = zipped(bundle, prefix="mine/")
    r = site.client.post("/api/v1/bundles?name=mine", content=data,
                         headers={"Content-Type": "application/zip"})
    assert r.status_code == 401 and site.leftovers() == []
    r = site.upload(data)
    assert r.status_code == 201, r.text
    assert r.json() == {"name": "mine", "region": "mine"}
    assert site.leftovers() == ["mine"]
    assert [x["name"] for x in site.client.get("/api/v1/bundles").json()] == ["mine"]
    served = site.client.get("/api/v1/regions/mine/units").json()
    assert served == site.client.get("/api/v1/regions/changchun/units").json()
    assert site.client.get("/indicators?region=mine&lang=en").status_code == 200
    assert site.upload(data).status_code == 409  # the name is taken now
    assert site.upload(data, name="changchun").status_code == 409


def test_invalid_tables_get_the_data_validate_problem_list(site: Site, bundle: Path,
                                                          tmp_path: Path) -> None:
    import shutil

    from metroscope.cli import make_app

    bad = tmp_path / "bad"
    shutil.copytree(bundle, bad)
    units = next(bad.glob("units.*"))
    stats = bad / "stats.csv"
    lines = stats.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("year")] = "twenty"
    row[header.index("code")] = "999999"
    stats.write_text("\n".join([lines[0], ",".join(row), *lines[2:]]) + "\n", encoding="utf-8")
    assert units.exists()
    argv = ["data", "validate", str(bad)]
    cli = CliRunner().invoke(make_app(argv), argv, env={"COLUMNS": "400"})  # lines unwrapped
    assert cli.exit_code == 1
    r = site.upload(zipped(bad))
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "invalid_data" and len(err["details"]) >= 2
    for d in err["details"]:
        assert set(d) == set(KEYS) and d["expected"] and d["fix"] and d["location"]
        # the same problems as data validate prints, named inside the bundle
        assert d["message"] in cli.output.replace(f"{bad}/", "")
        assert str(site.data) not in d["message"]
    assert site.leftovers() == []


@pytest.mark.parametrize("entry", ["../evil.txt", "/etc/evil.txt", "a/../../evil.txt",
                                   "a\\..\\evil.txt", "C:/evil.txt"])
def test_zip_slip_is_refused(site: Site, bundle: Path, entry: str) -> None:
    r = site.upload(zipped(bundle, extra={entry: b"x"}))
    assert r.status_code == 422, r.text
    assert any("zip slip" in d["message"] for d in r.json()["error"]["details"])
    assert site.leftovers() == []
    assert not (site.data.parent / "evil.txt").exists()


def test_symlinks_are_refused(site: Site, bundle: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        info = zipfile.ZipInfo("region.toml")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(info, "/etc/passwd")
    r = site.upload(buf.getvalue())
    assert r.status_code == 422 and "symbolic" in r.json()["error"]["details"][0]["message"]


def test_zip_bombs_are_refused(site: Site, bundle: Path) -> None:
    ratio_bomb = zipped(bundle, extra={"pad.txt": b"0" * (MAX_RATIO * 2000)})
    r = site.upload(ratio_bomb)
    assert r.status_code == 422 and "zip bomb" in r.text
    # an archive that under-declares its sizes is stopped while unpacking
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr("region.toml", b"x" * 5000)
    raw = bytearray(buf.getvalue())
    for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # uncompressed size fields
        i = raw.index(sig)
        raw[i + off:i + off + 4] = (10).to_bytes(4, "little")
    r = site.upload(bytes(raw))
    assert r.status_code == 422
    assert "more than it declares" in r.text or "could not be unpacked" in r.text
    assert site.leftovers() == []


def test_not_a_zip_and_too_large_bodies(site: Site) -> None:
    r = site.upload(b"just text")
    assert r.status_code == 422 and "not a zip" in r.json()["error"]["message"]
    r = site.upload(b"0" * 4_100_000)
    assert r.status_code == 413
    r = site.upload(b"PK", name="../x")
    assert r.status_code == 422 and "Invalid bundle name" in r.json()["error"]["message"]
    empty = io.BytesIO()
    zipfile.ZipFile(empty, "w").close()
    r = site.upload(empty.getvalue())
    assert r.status_code == 422 and "region.toml" in r.text


def test_downloads_never_leave_the_bundle(site: Site, bundle: Path, tmp_path: Path) -> None:
    assert site.upload(zipped(bundle)).status_code == 201
    ok = site.client.get("/api/v1/bundles/mine/files/region.toml")
    assert ok.status_code == 200 and ok.content == (bundle / "region.toml").read_bytes()
    (site.data / "secret.txt").write_text("TOP-SECRET-CONTENT")
    (bundles_dir(site.data) / "mine" / "link.txt").symlink_to(site.data / "secret.txt")
    for path in ("../../secret.txt", "..%2F..%2Fsecret.txt", "%2E%2E/%2E%2E/secret.txt",
                 "link.txt", "/etc/passwd", "nope.csv"):
        r = site.client.get(f"/api/v1/bundles/mine/files/{path}")
        assert r.status_code == 404, (path, r.status_code)
        assert b"TOP-SECRET-CONTENT" not in r.content
    z = zipfile.ZipFile(io.BytesIO(site.client.get("/api/v1/bundles/mine.zip").content))
    assert "region.toml" in z.namelist() and "link.txt" not in z.namelist()
    assert site.client.get("/api/v1/bundles/other.zip").status_code == 404


def test_the_upload_form_needs_a_session_with_a_write_token(site: Site, bundle: Path) -> None:
    c = site.client
    page = c.get("/data?lang=en")
    assert page.status_code == 200 and 'id="upload-form"' in page.text
    files = {"archive": ("mine.zip", zipped(bundle), "application/zip")}
    assert c.post("/data/upload", data={"name": "mine"}, files=files).status_code == 401
    auth = {"Authorization": site.write["Authorization"]}
    ok = c.post("/data/upload?lang=en", data={"name": "mine"}, files=files, headers=auth)
    assert ok.status_code == 200 and "Uploaded and valid" in ok.text
    bad = c.post("/data/upload?lang=en", data={"name": "other"}, headers=auth,
                 files={"archive": ("x.zip", zipped(bundle, extra={"../x": b"1"}), "a/zip")})
    assert bad.status_code == 200 and 'id="upload-problems"' in bad.text and "zip slip" in bad.text
    assert 'data-bundle="mine"' in c.get("/data?lang=en").text
