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
  where a folder is wanted, an input that would be overwritten, a read-only file), so a
  mistake is found in a second, not after minutes of work.

Rules for an existing target file: it keeps its permission bits (a file made ``0600`` or
``0664`` stays so after being rewritten); a *read-only* file (no owner write bit) is never
replaced: the write is refused with a message saying to make it writable or choose another
file (none of the file writers has an overwrite option; a bundle folder is replaced only
with ``--force``). Missing folders above a target are created when writing; the command line
says so on stderr (:func:`metroscope.cli._output.make_folders`). Every error is an
:class:`~metroscope.OutputError` with a catalogue message (Chinese with ``--lang zh``).

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
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ._errors import OutputError
from .messages import Message

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


#: the outputs the writers name (``what=``), as catalogue keys
_WHAT = {"the output": "err_what_output", "the report": "err_what_report",
         "the PDF": "err_what_pdf", "the flow table": "err_what_flow_table",
         "the digest": "err_what_digest", "the bundle": "err_what_bundle",
         "the flow dataset": "err_what_flow_dataset",
         "the dataset metadata": "err_what_dataset_metadata", "the cache": "err_what_cache",
         "the token store": "err_what_token_store", "the scenario": "err_what_scenario"}


def _what(what: str) -> str:
    """``what`` as a catalogue message when it is one of :data:`_WHAT` (else as written)."""
    key = _WHAT.get(what)
    return Message(key) if key else what


def _reason(exc: OSError) -> Any:
    """The operating system's reason: in Chinese from the catalogue for the usual errno
    values, in English the system's own text."""
    text = exc.strerror or str(exc)
    name = errno.errorcode.get(exc.errno or 0, "").lower()
    key = f"err_os_{name}"
    from .messages import CATALOGUE

    return {"zh": Message(key).zh, "en": text} if key in CATALOGUE else text


def _error(key: str, target: Path, what: str, **params: Any) -> OutputError:
    return OutputError(Message(key, what=_what(what), target=str(target), **params))


def _translate(exc: OSError, target: Path, what: str) -> OutputError:
    if exc.errno in _FULL:
        key = "err_out_quota" if exc.errno == errno.EDQUOT else "err_out_disk_full"
        return _error(key, target, what, reason=_reason(exc))
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _error("err_out_permission", target, what, reason=_reason(exc))
    return _error("err_out_os", target, what, reason=_reason(exc))


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
        raise _error("err_out_under_file", target, what, base=str(base))
    probe = base / f"{_PREFIX}{os.getpid()}-{secrets.token_hex(4)}.probe"
    try:
        probe.touch(exist_ok=False)
    except OSError as exc:
        raise _error("err_out_folder_not_writable", target, what, base=str(base),
                     reason=_reason(exc)) from None
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

    Missing parent folders are allowed (they are created when writing; the command line says
    so). ``suffixes`` (lower-case, with the dot) restricts the file type; ``inputs`` are files
    the command reads, which the output must not replace. An existing file is replaced
    keeping its permission bits; a read-only one is refused (module docstring).

    Raises
    ------
    OutputError
        When the target is a folder, lies under a file, is in a folder that cannot be
        written, has a suffix not in ``suffixes``, is one of ``inputs``, is a read-only file,
        or is not a regular file (a device, a named pipe, a socket).

    Examples
    --------
    >>> check_output_file(tmp_path / "new" / "flows.csv", suffixes=(".csv",)).name
    'flows.csv'
    >>> try:
    ...     check_output_file(tmp_path, what="the report")
    ... except OutputError as exc:
    ...     print(exc.args[0].zh)
    无法把报告写到 ...:它是文件夹。请给出文件名,例如 .../output.csv。
    """
    target = Path(path)
    if str(path) in ("", "."):
        w = _what(what)
        raise OutputError(Message("err_out_empty",
                                  what={"zh": Message(w.key).zh if isinstance(w, Message)
                                        else w, "en": str(w).capitalize()}))
    if target.is_dir():
        example = target / ("output" + (next(iter(suffixes), ".csv") if suffixes else ".csv"))
        raise _error("err_out_is_folder", target, what, example=str(example))
    if suffixes is not None:
        allowed = tuple(suffixes)
        if not target.name.lower().endswith(allowed):
            extra = f" (or {', '.join(allowed[2:])})" if len(allowed) > 2 else ""
            raise _error("err_out_suffix", target, what,
                         allowed={"zh": "、".join(allowed),
                                  "en": f"{' or '.join(allowed[:2])}{extra}"})
    for inp in inputs:
        if inp is not None and _same(target, Path(inp)):
            raise _error("err_out_is_input", target, what)
    _check_writable_file(target, what)
    _check_folder(target.parent, target, what)
    return target


def _check_writable_file(target: Path, what: str) -> int | None:
    """The permission bits of an existing file ``target`` (``None`` when there is none).

    Raises
    ------
    OutputError
        When ``target`` is a read-only file (no owner write bit): it is not replaced; or when
        it is neither a regular file nor a folder (a device such as ``/dev/full``, a named
        pipe, a socket): the final rename would remove it and leave a regular file in its
        place (for ``root``, ``--out /dev/full`` replaced the device).
    """
    try:
        st = target.stat()
    except OSError:
        return None
    if stat.S_ISDIR(st.st_mode):
        return None  # a folder: check_output_file says so; os.replace refuses it
    if not stat.S_ISREG(st.st_mode):
        raise _error("err_out_not_regular", target, what)
    if not st.st_mode & stat.S_IWUSR:
        raise _error("err_out_read_only", target, what)
    return stat.S_IMODE(st.st_mode)


def make_parents(target: Path, *, what: str = "the output") -> None:
    """Create the missing folders above ``target``.

    Raises
    ------
    OutputError
        When a folder cannot be created (the reason in the message).

    Examples
    --------
    >>> make_parents(tmp_path / "x" / "y" / "out.csv"); (tmp_path / "x" / "y").is_dir()
    True
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _translate(exc, target, what) from None


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
        raise _error("err_out_dir_is_file", target, what)
    for inp in inputs:
        if inp is not None and (_inside(Path(inp), target) or _same(Path(inp), target)):
            raise _error("err_out_dir_holds_input", target, what, input=str(inp))
    if target.is_dir():
        entries = [p for p in target.iterdir() if not p.name.startswith(_PREFIX)]
        if entries:
            if not (target / _BUNDLE_MARKER).is_file():
                shown = ", ".join(sorted(p.name for p in entries)[:5])
                raise _error("err_out_dir_not_empty", target, what,
                             shown=shown + (", ..." if len(entries) > 5 else ""))
            foreign = _foreign(target)
            if foreign:
                raise _error("err_out_dir_foreign", target, what,
                             files=", ".join(foreign[:5]))
            if not force:
                raise OutputError(Message("err_out_bundle_exists", target=str(target)))
    _check_folder(target.parent, target, what)
    return target


@contextlib.contextmanager
def atomic_file(path: str | Path, *, what: str = "the output") -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success it replaces ``path`` atomically.

    The caller writes the whole file to the yielded path (any writer that takes a path).
    On an exception the temporary file is removed, ``path`` is left as it was, and an
    ``OSError`` from the write (disk full, permission) is raised as :class:`OutputError`. An
    existing ``path`` keeps its permission bits; a read-only one is not replaced.

    Raises
    ------
    OutputError
        When the file cannot be written, or ``path`` is a read-only file (the previous file,
        if any, is unchanged).

    Examples
    --------
    >>> import os, stat
    >>> out = tmp_path / "kept.txt"
    >>> _ = write_text(out, "one"); os.chmod(out, 0o600)
    >>> _ = write_text(out, "two"); oct(stat.S_IMODE(out.stat().st_mode)), out.read_text()
    ('0o600', 'two')
    """
    target = Path(path)
    _check_folder(target.parent, target, what)
    make_parents(target, what=what)
    _sweep(target)
    tmp = _temp_name(target)
    try:
        yield tmp
        if not tmp.exists():
            raise _error("err_out_nothing_written", target, what)
        mode = _check_writable_file(target, what)  # refuses a read-only file
        if mode is not None:
            os.chmod(tmp, mode)  # the replaced file keeps its permission bits
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
    make_parents(target, what=what)
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
