"""Region bundles uploaded as zip files: unpacked safely, validated like ``metroscope data
validate``, kept in the server's data folder and served like the embedded datasets.

An archive is refused, with every problem listed, when it

- is not a zip file, or holds more than :data:`MAX_FILES` entries;
- names a path that would leave the bundle folder (absolute, ``..``, a drive letter or a
  backslash: "zip slip"), a symbolic link, or the same file twice;
- declares more than :data:`MAX_TOTAL_BYTES` uncompressed, or any entry compresses better than
  :data:`MAX_RATIO` : 1 ("zip bomb"); sizes are counted again while unpacking, so an archive
  that lies about them is stopped at the cap;
- has no ``region.toml`` at its top (or in one top folder), or its tables fail the bundle checks
  (:func:`metroscope.bundle.read_bundle`: file, line, column, value, expected, fix).

Unpacking happens in a temporary folder next to the destination, which is renamed into place
(``os.replace``) only when the bundle is valid: a failed upload leaves nothing behind.
Downloads (:func:`bundle_file`, :func:`bundle_zip`) resolve every path and refuse any that is
not a regular file inside the bundle's folder.
"""

from __future__ import annotations

import dataclasses
import io
import os
import re
import shutil
import stat
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from .._errors import DataValidationError, MetroscopeError, NotFoundError, Problem, error_text
from ..messages import LANGS, Message

MAX_FILES = 200
MAX_TOTAL_BYTES = 64 * 1024 * 1024
MAX_RATIO = 100
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
CHUNK = 64 * 1024


class UploadError(ValueError, MetroscopeError):
    """An archive that cannot be accepted; ``problems`` lists every reason. The message and
    the problems are catalogue messages (as ``str`` the English text), so a Chinese page
    shows them in Chinese; a reason from the zip library stays its own (English) text."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        self.problems = problems or []
        super().__init__(message)


def bundles_dir(data_dir: Path) -> Path:
    """Where uploaded bundles live: ``data_dir/bundles/NAME``."""
    return data_dir / "bundles"


def uploaded_names(data_dir: Path) -> list[str]:
    """Names of the uploaded bundles (folders with a ``region.toml``)."""
    folder = bundles_dir(data_dir)
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir()
                  if NAME_RE.match(p.name) and (p / "region.toml").is_file())


def entry_problems(infos: list[zipfile.ZipInfo]) -> list[str]:
    """Every reason to refuse the archive's entries before unpacking anything."""
    problems: list[str] = []
    if len(infos) > MAX_FILES:
        problems.append(Message("err_upload_too_many", n=len(infos), limit=MAX_FILES))
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        parts = PurePosixPath(name).parts
        if ("\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name)
                or ".." in parts or "\x00" in name):
            problems.append(Message("err_upload_zip_slip", name=repr(name)))
            continue
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            problems.append(Message("err_upload_symlink", name=repr(name)))
            continue
        key = name.rstrip("/").casefold()
        if key in seen:
            problems.append(Message("err_upload_twice", name=repr(name)))
        seen.add(key)
        if info.is_dir():
            continue
        total += info.file_size
        if info.file_size > 0 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            problems.append(Message("err_upload_ratio", name=repr(name),
                                    packed=info.compress_size, size=info.file_size,
                                    ratio=MAX_RATIO))
    if total > MAX_TOTAL_BYTES:
        problems.append(Message("err_upload_total", total=total, limit=MAX_TOTAL_BYTES))
    return problems


def _extract(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], dest: Path) -> None:
    """Unpack ``infos`` under ``dest``, counting the bytes really written."""
    written = 0
    root = dest.resolve()
    for info in infos:
        target = (dest / info.filename).resolve()
        if not target.is_relative_to(root):  # checked above; never write outside
            msg = Message("err_upload_leaves", name=repr(info.filename))
            raise UploadError(Message("err_upload_refused"), [msg])
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        size = 0
        with archive.open(info) as src, open(target, "wb") as out:
            while chunk := src.read(CHUNK):
                size += len(chunk)
                written += len(chunk)
                if size > info.file_size or written > MAX_TOTAL_BYTES:
                    msg = Message("err_upload_lies", name=repr(info.filename),
                                  size=info.file_size, limit=MAX_TOTAL_BYTES)
                    raise UploadError(Message("err_upload_refused"), [msg])
                out.write(chunk)


def _bundle_root(folder: Path) -> Path:
    """The folder holding ``region.toml``: the top, or its single sub-folder."""
    if (folder / "region.toml").is_file():
        return folder
    subs = [p for p in folder.iterdir() if p.is_dir()]
    if len(subs) == 1 and not any(p.is_file() for p in folder.iterdir()) \
            and (subs[0] / "region.toml").is_file():
        return subs[0]
    msg = Message("err_upload_not_bundle")
    raise UploadError(msg, [Message("err_upload_no_toml")])


def install_bundle(data: bytes, name: str, data_dir: Path) -> Path:
    """Unpack, validate and keep the zipped bundle ``data`` as ``name``; returns its folder.

    Raises
    ------
    UploadError
        Bad name, existing name, not a zip, unsafe entries or no ``region.toml`` (every
        problem listed).
    DataValidationError
        The bundle's tables fail the checks of ``metroscope data validate`` (every problem).
        Any other error of reading the bundle (e.g. a region.toml that is not TOML) is an
        ``UploadError`` naming the file inside the bundle.
    """
    from ..bundle import read_bundle
    from ..datasets import list_datasets

    if not NAME_RE.match(name):
        raise UploadError(Message("err_upload_bad_name", name=repr(name)))
    if name in list_datasets() or name in uploaded_names(data_dir):
        raise UploadError(Message("err_upload_exists", name=repr(name)))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise UploadError(Message("err_upload_not_zip"), [str(exc)]) from None
    with archive:
        infos = archive.infolist()
        problems = entry_problems(infos)
        if problems:
            raise UploadError(Message("err_upload_refused_n", n=len(problems)), problems)
        parent = bundles_dir(data_dir)
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".upload-", dir=parent))
        try:
            try:
                _extract(archive, infos, tmp)
            except (zipfile.BadZipFile, OSError, RuntimeError) as exc:  # bad CRC, encrypted
                raise UploadError(Message("err_upload_unpack"), [str(exc)]) from None
            root = _bundle_root(tmp)
            try:
                read_bundle(root)
            except DataValidationError as exc:  # every problem, paths inside the bundle
                raise DataValidationError(
                    [_relative(p, root) for p in exc.problems],
                    context=Message("val_ctx_uploaded_bundle", name=repr(name))) from None
            except MetroscopeError as exc:  # an unreadable region.toml, a file format...
                # the message names the server's temporary folder: name the bundle's file
                said = {lang: _inside(error_text(exc, lang), root, tmp) for lang in LANGS}
                raise UploadError(Message("err_upload_unreadable", reason=said)) from None
            final = parent / name
            os.replace(root, final)
            return final
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def _inside(message: str, *folders: Path) -> str:
    """``message`` with every path under ``folders`` written relative to them (no server
    paths leak into an answer)."""
    for folder in folders:
        for form in {str(folder), str(folder.resolve())}:
            message = message.replace(form + os.sep, "").replace(form, ".")
    return message


def _relative(problem: Problem, root: Path) -> Problem:
    """``problem`` with its file named relative to the bundle (no server paths leak)."""
    if not problem.file:
        return problem
    try:
        rel = Path(problem.file).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        rel = Path(problem.file).name
    return dataclasses.replace(problem, file=rel)


def bundle_file(data_dir: Path, name: str, relative: str) -> Path:
    """The regular file ``relative`` inside uploaded bundle ``name``.

    Raises
    ------
    NotFoundError
        Unknown bundle, or a path that is not a regular file inside its folder (``..``,
        absolute paths and symbolic links pointing outside are all refused the same way).
    """
    if name not in uploaded_names(data_dir):
        msg = Message("err_upload_no_bundle", name=repr(name))
        raise NotFoundError(msg)
    root = (bundles_dir(data_dir) / name).resolve()
    target = (root / relative).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        msg = Message("err_upload_no_file", relative=repr(relative), name=repr(name))
        raise NotFoundError(msg)
    return target


def bundle_zip(data_dir: Path, name: str) -> bytes:
    """The uploaded bundle ``name`` zipped again (regular files inside its folder only)."""
    if name not in uploaded_names(data_dir):
        msg = Message("err_upload_no_bundle", name=repr(name))
        raise NotFoundError(msg)
    root = (bundles_dir(data_dir) / name).resolve()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for path in sorted(root.rglob("*")):
            real = path.resolve()
            if path.is_symlink() or not real.is_relative_to(root) or not real.is_file():
                continue
            out.write(real, path.relative_to(root).as_posix())
    return buf.getvalue()
