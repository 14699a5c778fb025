"""Atomic writes: a file or a folder appears whole, or the previous one stays untouched.

Every writer of metroscope goes through this module:

* :func:`atomic_file` yields a temporary path in the target's own folder (same file
  system, so the final rename is atomic); the caller writes there, then the file is
  fsynced and moved over the target with :func:`os.replace`. On any error, or when the
  process is killed, the target keeps its previous content.
* :func:`atomic_dir` does the same for a folder (a bundle): the new folder is built
  beside the target and swapped in at the end (``renameat2(RENAME_EXCHANGE)`` on Linux,
  two renames elsewhere).
* :func:`check_output_file` and :func:`check_output_dir` check a target *before* any
  computation (missing or unwritable folder, a folder where a file is wanted, a file
  where a folder is wanted, an input that would be overwritten), so a mistake is found in
  a second, not after minutes of work.

Temporary names start with ``.~<pid>-`` and keep the target's suffixes (``x.csv.gz``
stays compressed); leftovers of a killed process are removed by the next write to the
same target.

Method: the write-temp/fsync/rename protocol of POSIX ``rename(2)``; see also the
"atomic replace" notes of SQLite and the ``atomicwrites`` package.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import secrets
import shutil
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from ._errors import OutputError

_PREFIX = ".~"
_BUNDLE_MARKER = "region.toml"
_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def _temp_name(target: Path) -> Path:
    return target.parent / f"{_PREFIX}{os.getpid()}-{secrets.token_hex(4)}.{target.name}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _sweep(target: Path) -> None:
    """Remove temporaries left next to ``target`` by killed processes."""
    with contextlib.suppress(OSError):
        for p in target.parent.glob(f"{_PREFIX}*-*.{target.name}"):
            head = p.name[len(_PREFIX):].split("-", 1)[0]
            if head.isdigit() and int(head) != os.getpid() and not _alive(int(head)):
                if p.is_dir():
                    shutil.rmtree(p, ignore_errors=True)
                else:
                    p.unlink(missing_ok=True)


def _fsync_path(path: Path, *, directory: bool = False) -> None:
    flags = os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if directory else 0)
    try:
        fd = os.open(path, flags)
    except OSError:  # some file systems do not open folders; the data is still renamed
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _translate(exc: OSError, target: Path, what: str) -> OutputError:
    if exc.errno in _FULL:
        reason = ("the disk is full or a file-size limit was reached"
                  if exc.errno != errno.EDQUOT else "the disk quota is exhausted")
        return OutputError(f"Could not write {what} {target}: {reason} ({exc.strerror}). "
                           "Nothing was written and any previous file is unchanged; free "
                           "some space or write to another disk.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return OutputError(f"Could not write {what} {target}: permission denied "
                           f"({exc.strerror}). Choose a folder you can write to.")
    return OutputError(f"Could not write {what} {target}: {exc.strerror or exc}. "
                       "Nothing was written and any previous file is unchanged.")


def _nearest_existing(folder: Path) -> Path:
    p = folder
    while not p.exists():
        if p.parent == p:
            break
        p = p.parent
    return p


def _check_folder(folder: Path, target: Path, what: str) -> None:
    """The folder of ``target`` exists or can be created, and is writable."""
    base = _nearest_existing(folder)
    if not base.is_dir():
        msg = (f"Cannot write {what} {target}: {base} is a file, not a folder. "
               "Choose a path inside a folder.")
        raise OutputError(msg)
    probe = base / f"{_PREFIX}{os.getpid()}-{secrets.token_hex(4)}.probe"
    try:
        probe.touch(exist_ok=False)
    except OSError as exc:
        msg = (f"Cannot write {what} {target}: the folder {base} is not writable "
               f"({exc.strerror}). Choose a folder you can write to.")
        raise OutputError(msg) from None
    finally:  # also when an interrupt (Ctrl-C, SIGTERM) comes right after the touch
        _remove(probe)


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _inside(child: Path, folder: Path) -> bool:
    try:
        return child.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def check_output_file(
    path: str | Path,
    *,
    inputs: Iterable[str | Path | None] = (),
    suffixes: Iterable[str] | None = None,
    what: str = "the output",
) -> Path:
    """Check a file target before computing; returns it as a :class:`~pathlib.Path`.

    Missing parent folders are allowed (they are created when writing). ``suffixes``
    (lower-case, with the dot) restricts the file type; ``inputs`` are files the command
    reads, which the output must not replace.

    Raises
    ------
    OutputError
        When the target is a folder, lies under a file, is in a folder that cannot be
        written, has a suffix not in ``suffixes``, or is one of ``inputs``.
    """
    target = Path(path)
    if str(path) in ("", "."):
        msg = f"{what.capitalize()} path is empty. Give a file name."
        raise OutputError(msg)
    if target.is_dir():
        example = target / ("output" + (next(iter(suffixes), ".csv") if suffixes else ".csv"))
        msg = (f"Cannot write {what} to {target}: it is a folder. Give a file name, e.g. "
               f"{example}.")
        raise OutputError(msg)
    if suffixes is not None:
        allowed = tuple(suffixes)
        if not target.name.lower().endswith(allowed):
            extra = f" (or {', '.join(allowed[2:])})" if len(allowed) > 2 else ""
            msg = (f"Cannot write {what} {target}: the name must end in "
                   f"{' or '.join(allowed[:2])}{extra}.")
            raise OutputError(msg)
    for inp in inputs:
        if inp is not None and _same(target, Path(inp)):
            msg = (f"Cannot write {what} {target}: it is also an input of this command and "
                   "would be overwritten. Choose another output file.")
            raise OutputError(msg)
    _check_folder(target.parent, target, what)
    return target


def _foreign(folder: Path) -> list[str]:
    """Files in ``folder`` that are not part of the bundle its region.toml describes."""
    import tomllib

    try:
        spec = tomllib.loads((folder / _BUNDLE_MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return sorted(p.name for p in folder.iterdir() if p.name != _BUNDLE_MARKER)
    own = {_BUNDLE_MARKER}
    for section in ("tables", "extra"):
        for entry in (spec.get(section) or {}).values():
            if isinstance(entry, dict) and isinstance(entry.get("file"), str):
                own.add(entry["file"])
    return sorted(p.name for p in folder.iterdir()
                  if p.name not in own and not p.name.startswith(_PREFIX))


def check_output_dir(
    path: str | Path,
    *,
    force: bool = False,
    inputs: Iterable[str | Path | None] = (),
    what: str = "the bundle",
) -> Path:
    """Check a bundle-folder target before computing; returns it as a Path.

    A new or empty folder is always accepted. An existing bundle (a folder with
    ``region.toml`` and only the files it lists) is replaced only with ``force``; any other
    non-empty folder is refused even with ``force``, so that no unrelated file is deleted.

    Raises
    ------
    OutputError
        When the target is a file, a non-empty folder (without ``force``), a folder holding
        files that are not part of a bundle, cannot be written, or holds one of ``inputs``.
    """
    target = Path(path)
    if target.exists() and not target.is_dir():
        msg = (f"Cannot write {what} to {target}: a file of that name exists. A bundle is a "
               "folder; give a new folder name.")
        raise OutputError(msg)
    for inp in inputs:
        if inp is not None and (_inside(Path(inp), target) or _same(Path(inp), target)):
            msg = (f"Cannot write {what} to {target}: the input {inp} is inside it and would "
                   "be overwritten. Choose another output folder.")
            raise OutputError(msg)
    if target.is_dir():
        entries = [p for p in target.iterdir() if not p.name.startswith(_PREFIX)]
        if entries:
            if not (target / _BUNDLE_MARKER).is_file():
                shown = ", ".join(sorted(p.name for p in entries)[:5])
                msg = (f"Cannot write {what} to {target}: the folder is not empty ({shown}"
                       f"{', ...' if len(entries) > 5 else ''}) and is not a metroscope "
                       "bundle, so nothing in it is replaced. Give a new or empty folder.")
                raise OutputError(msg)
            foreign = _foreign(target)
            if foreign:
                msg = (f"Cannot write {what} to {target}: it holds files that are not part of "
                       f"the bundle ({', '.join(foreign[:5])}), which replacing it would "
                       "delete. Move them, or give a new folder.")
                raise OutputError(msg)
            if not force:
                msg = (f"{target} already holds a bundle. Pass --force (overwrite=True) to "
                       "replace it, or give a new folder.")
                raise OutputError(msg)
    _check_folder(target.parent, target, what)
    return target


@contextlib.contextmanager
def atomic_file(path: str | Path, *, what: str = "the output") -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success it replaces ``path`` atomically.

    The caller writes the whole file to the yielded path (any writer that takes a path).
    On an exception the temporary file is removed, ``path`` is left as it was, and an
    ``OSError`` from the write (disk full, permission) is raised as :class:`OutputError`.

    Raises
    ------
    OutputError
        When the file cannot be written (the previous file, if any, is unchanged).
    """
    target = Path(path)
    _check_folder(target.parent, target, what)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _translate(exc, target, what) from None
    _sweep(target)
    tmp = _temp_name(target)
    try:
        yield tmp
        if not tmp.exists():
            msg = f"Nothing was written to {what} {target} (internal error: no file produced)."
            raise OutputError(msg)
        _fsync_path(tmp)
        os.replace(tmp, target)
        _fsync_path(target.parent, directory=True)
    except OSError as exc:
        _remove(tmp)
        if isinstance(exc, OutputError):
            raise
        raise _translate(exc, target, what) from None
    except BaseException:
        _remove(tmp)
        raise


def _remove(p: Path) -> None:
    with contextlib.suppress(OSError):
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)


def write_text(path: str | Path, text: str, *, what: str = "the output") -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically; returns the path.

    Raises
    ------
    OutputError
        When the file cannot be written (the previous file, if any, is unchanged).
    """
    with atomic_file(path, what=what) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def copy_file(source: str | Path, path: str | Path, *, what: str = "the output") -> Path:
    """Copy ``source`` onto ``path`` atomically; returns the path.

    Raises
    ------
    OutputError
        When the file cannot be written (the previous file, if any, is unchanged).
    """
    with atomic_file(path, what=what) as tmp:
        shutil.copyfile(source, tmp)
    return Path(path)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2``); False when not supported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    rc = fn(at_fdcwd, os.fsencode(str(a)), at_fdcwd, os.fsencode(str(b)), rename_exchange)
    return bool(rc == 0)


def _fsync_tree(folder: Path, *, files: bool = True) -> None:
    if files:
        for p in folder.rglob("*"):
            if p.is_file():
                _fsync_path(p)
    _fsync_path(folder, directory=True)


def fsync_file(path: str | Path) -> None:
    """Flush a file written in place to disk (for a file inside an :func:`atomic_dir` folder
    opened with ``files_synced=True``: its writer syncs it, in parallel with the others)."""
    _fsync_path(Path(path))


@contextlib.contextmanager
def atomic_dir(path: str | Path, *, what: str = "the bundle",
               files_synced: bool = False) -> Iterator[Path]:
    """Yield a temporary folder next to ``path``; on success it takes the place of ``path``.

    An existing ``path`` is swapped out in one step (Linux) and then deleted; call
    :func:`check_output_dir` first to make sure it may be replaced. On an exception the
    temporary folder is removed and ``path`` is left as it was. Every file in the folder is
    flushed to disk before the swap, unless ``files_synced`` says that their writers did it
    (:func:`fsync_file`, e.g. in worker processes); the folder itself is flushed either way.

    Raises
    ------
    OutputError
        When the folder cannot be written (the previous folder, if any, is unchanged).
    """
    target = Path(path)
    _check_folder(target.parent, target, what)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _translate(exc, target, what) from None
    _sweep(target)
    tmp = _temp_name(target)
    try:
        tmp.mkdir()
        yield tmp
        _fsync_tree(tmp, files=not files_synced)
        if target.exists():
            if _exchange(tmp, target):
                _remove(tmp)  # now the old folder
            else:
                old = _temp_name(target)
                os.rename(target, old)
                try:
                    os.rename(tmp, target)
                except OSError:
                    os.rename(old, target)
                    raise
                _remove(old)
        else:
            os.rename(tmp, target)
        _fsync_path(target.parent, directory=True)
    except OSError as exc:
        _remove(tmp)
        if isinstance(exc, OutputError):
            raise
        raise _translate(exc, target, what) from None
    except BaseException:
        _remove(tmp)
        raise
