"""Every public function of the library documents the errors it raises (a numpy ``Raises`` section)
and shows how it is called (a numpy ``Examples`` section, run by ``tests/test_doctests.py``).

The public API is every module under ``metroscope`` with no leading underscore in any part of its
name, except the views (``metroscope.web``, ``metroscope.cli``, ``metroscope.report.sections``) and
the database migration scripts (loaded by Alembic by path, not imported by users). In each module the
names in ``__all__`` (or, without ``__all__``, the public functions and classes defined in the module)
are checked: functions, and the public methods a public class defines itself.

A function that raises nothing of its own still has the section and says so
("Raises\\n------\\nNothing of its own; ..."), so the rule has no exceptions.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterator

import metroscope

SKIPPED = ("metroscope.web", "metroscope.cli", "metroscope.report.sections",
           "metroscope.monitor.migrations")
RAISES = re.compile(r"^\s*Raises\n\s*------\n\s*\S", re.MULTILINE)
# an Examples section with at least one doctest prompt in it (prose alone is not an example)
EXAMPLES = re.compile(r"^\s*Examples\n\s*--------\n(?:.*\n)*?\s*>>> \S", re.MULTILINE)


def _skipped(name: str) -> bool:
    if any(part.startswith("_") for part in name.split(".")):
        return True
    return any(name == s or name.startswith(s + ".") for s in SKIPPED)


def _public_modules() -> Iterator[str]:
    yield "metroscope"
    for info in pkgutil.walk_packages(metroscope.__path__, "metroscope."):
        if not _skipped(info.name):
            yield info.name


def _members(module_name: str) -> Iterator[tuple[str, object]]:
    module = importlib.import_module(module_name)
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n, obj in vars(module).items()
                 if not n.startswith("_") and (inspect.isfunction(obj) or inspect.isclass(obj))
                 and getattr(obj, "__module__", None) == module_name]
    for name in names:
        obj = getattr(module, name)
        if inspect.isfunction(obj):
            yield f"{obj.__module__}.{obj.__qualname__}", obj
        elif inspect.isclass(obj) and not issubclass(obj, BaseException):
            for attr, raw in vars(obj).items():
                if attr.startswith("_"):
                    continue
                func = raw.__func__ if isinstance(raw, (staticmethod, classmethod)) else raw
                if inspect.isfunction(func):
                    yield f"{obj.__module__}.{obj.__qualname__}.{attr}", func


def public_functions() -> dict[str, object]:
    found: dict[str, object] = {}
    for module_name in _public_modules():
        for qualname, func in _members(module_name):
            found.setdefault(qualname, func)
    return found


def test_public_api_is_found() -> None:
    functions = public_functions()
    # the walk really reaches the API: entry points of several packages, a class method, and a
    # function re-exported from a private module are in it
    for name in ("metroscope.datasets.load", "metroscope.indicators.inequality.gini",
                 "metroscope.network.accessibility.accessibility",
                 "metroscope.region.Region.select", "metroscope.monitor.store.Store.close",
                 "metroscope.indicators._employment.employment_matrix"):
        assert name in functions, name
    # ... and the views and private modules are not
    assert not [q for q in functions if q.startswith(("metroscope.web.", "metroscope.cli."))]
    assert len(functions) > 150


def test_every_public_function_has_a_raises_section() -> None:
    missing = sorted(q for q, f in public_functions().items()
                     if not RAISES.search(inspect.cleandoc(f.__doc__ or "")))
    assert not missing, (f"{len(missing)} public function(s) without a numpy 'Raises' section "
                         "(list the errors raised and when, or 'Nothing of its own; ...'):\n  "
                         + "\n  ".join(missing))


def test_the_check_recognises_a_raises_section() -> None:
    def documented() -> None:
        """Do a thing.

        Raises
        ------
        ValueError
            When the thing is wrong.
        """

    def undocumented() -> None:
        """Do a thing."""

    assert RAISES.search(inspect.cleandoc(documented.__doc__ or ""))
    assert not RAISES.search(inspect.cleandoc(undocumented.__doc__ or ""))


def test_every_public_function_has_an_examples_section() -> None:
    missing = sorted(q for q, f in public_functions().items()
                     if not EXAMPLES.search(inspect.cleandoc(f.__doc__ or "")))
    assert not missing, (f"{len(missing)} public function(s) without a numpy 'Examples' section "
                         "with a doctest (run the call on the embedded data and paste what it "
                         "prints; see tests/test_doctests.py for the names examples may use):\n  "
                         + "\n  ".join(missing))


def test_the_check_recognises_an_examples_section() -> None:
    def shown() -> None:
        """Do a thing.

        Examples
        --------
        A sentence first is fine.

        >>> 1 + 1
        2
        """

    def prose_only() -> None:
        """Do a thing.

        Examples
        --------
        Call it.
        """

    def undocumented() -> None:
        """Do a thing."""

    assert EXAMPLES.search(inspect.cleandoc(shown.__doc__ or ""))
    assert not EXAMPLES.search(inspect.cleandoc(prose_only.__doc__ or ""))
    assert not EXAMPLES.search(inspect.cleandoc(undocumented.__doc__ or ""))
