"""Options of an indicator call, checked against the indicator's signature.

The CLI (``metroscope analyze NAME --level ... --set KEY=VALUE``) and the web API
(``/api/v1/indicators/{name}?level=...&set=KEY=VALUE``) build the keyword arguments of the
indicator function here, so both run the same call for the same options. Every option that
does not apply is reported at once.
"""

from __future__ import annotations

import inspect
import math
from typing import TYPE_CHECKING, Any

from .._errors import ParameterError, shorten
from ..messages import Message

if TYPE_CHECKING:
    import pandas as pd

    from . import Indicator

__all__ = [
    "OPTION_KEYS",
    "IndicatorOptionError",
    "indicator_kwargs",
    "registry_table",
    "split_list",
]

#: option name (CLI flag without dashes) -> keyword of the indicator function
OPTION_KEYS: dict[str, str] = {
    "level": "level", "year": "year", "measure": "measure", "weight": "weight",
    "group_by": "group_by", "parent": "parent", "codes": "codes", "start": "start",
    "end": "end",
}


class IndicatorOptionError(ParameterError):
    """Options that an indicator does not accept or cannot parse; ``problems`` lists each
    (a usage error: the command line exits with code 2)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        if len(self.problems) == 1:
            super().__init__(self.problems[0])
            return
        zh = [p.get("zh") if isinstance(p, Message) else p for p in self.problems]
        super().__init__(Message("err_option_problems", n=len(self.problems), problems={
            "zh": "\n  - ".join(zh), "en": "\n  - ".join(self.problems)}))


def registry_table() -> pd.DataFrame:
    """Every registered indicator: ``name``, ``description_zh``, ``description_en`` and
    ``csv`` ("yes" when it runs on a plain table of values)."""
    import pandas as pd

    from . import REGISTRY

    return pd.DataFrame([{"name": i.name, "description_zh": i.zh, "description_en": i.en,
                          "csv": "yes" if i.table_ok else ""} for i in REGISTRY.values()])


def split_list(text: str | None) -> list[str]:
    """``"a, b,,c"`` -> ``["a", "b", "c"]``."""
    return [t.strip() for t in (text or "").split(",") if t.strip()]


class _NotFiniteError(ValueError):
    """A ``--set`` value read as NaN or ±inf: no parameter means it (a NaN year ended in an
    internal error, a NaN threshold flagged no unit with exit 0)."""


def _finite(number: float) -> float:
    if not math.isfinite(number):
        raise _NotFiniteError(number)
    return number


def _coerce(value: str, default: Any) -> Any:
    """Parse a ``--set`` value by the type of the parameter's default (NaN and ±inf are
    refused: :class:`_NotFiniteError`)."""
    if isinstance(default, bool):
        return value.lower() in ("1", "true", "yes", "y")
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return _finite(float(value))
    if isinstance(default, tuple | list):
        return split_list(value)
    if value.lower() == "none":
        return None
    try:
        return int(value)
    except ValueError:
        pass
    try:
        number = float(value)
    except ValueError:
        return split_list(value) if "," in value else value
    return _finite(number)


def _accepted(params: Any) -> list[str]:
    """The parameters a user may set (a list: a message joins it in its language)."""
    return [p for p in params if p != "region"]


def _settings(ind: Indicator, params: Any, items: list[str], problems: list[str]
              ) -> dict[str, Any]:
    """Parse ``KEY=VALUE`` items against the indicator's parameters."""
    kw: dict[str, Any] = {}
    for item in items:
        if "=" not in item:
            problems.append(Message("err_option_set_form", got=shorten(item)))
            continue
        key, _, value = item.partition("=")
        key = key.strip().replace("-", "_")
        if key not in params or key == "region":
            problems.append(Message("err_option_no_parameter", name=ind.name, got=shorten(key),
                                    accepted=_accepted(params)))
            continue
        default = params[key].default
        try:
            kw[key] = _coerce(value.strip(), None if default is inspect.Parameter.empty
                              else default)
        except _NotFiniteError:
            problems.append(Message("err_option_set_finite", key=key, got=shorten(value)))
        except ValueError:
            problems.append(Message("err_option_set_type", key=key, got=shorten(value),
                                    type=type(default).__name__))
    return kw


def indicator_kwargs(ind: Indicator, opts: dict[str, Any], *, data_mode: bool = False
                     ) -> dict[str, Any]:
    """Keyword arguments of ``ind.function`` from CLI/API options.

    ``opts`` holds ``level``, ``year``, ``measure``, ``weight``, ``group_by``, ``parent``,
    ``codes`` (comma-separated text), ``parent_total`` (``{year: value}``), ``start``,
    ``end``, ``set`` (list of ``KEY=VALUE``)
    and, for a user's table (``data_mode``), ``values``, ``group`` and ``year_col``. Missing
    keys and ``None`` mean "not given".

    Raises
    ------
    IndicatorOptionError
        Listing every option the indicator does not accept or cannot parse.
    """
    params = inspect.signature(ind.parameter_source).parameters
    kw: dict[str, Any] = {}
    problems: list[str] = []

    def put(option: str, key: str, value: Any) -> None:
        if value is None or value == []:
            return
        if key not in params:
            problems.append(Message("err_option_not_applicable", option=option, name=ind.name,
                                    accepted=_accepted(params)))
            return
        kw[key] = value

    put("--level", "level", opts.get("level"))
    if not (data_mode and opts.get("year_col") is None):
        put("--year", "year", opts.get("year"))
    measure_key = "mass" if "mass" in params and "measure" not in params else "measure"
    put("--measure", measure_key, opts.get("measure"))
    put("--weight", "weight", opts.get("weight"))
    put("--group-by", "group_by", opts.get("group_by"))
    put("--parent", "parent", opts.get("parent"))
    put("--codes", "codes", split_list(opts.get("codes")) or None)
    put("--parent-total", "parent_total", opts.get("parent_total"))
    put("--start", "start", opts.get("start"))
    put("--end", "end", opts.get("end"))
    if data_mode:
        values = opts.get("values") or []
        if ind.kind == "measure":
            kw.setdefault("measure", values[0])
            if "weight" in params and "weight" not in kw:
                kw["weight"] = None
        elif ind.kind == "industries":
            kw["industries"] = values
        elif ind.kind == "indicators":
            kw["indicators"] = values
        if opts.get("group") and "group_by" in params:
            kw.setdefault("group_by", "group")
    kw.update(_settings(ind, params, list(opts.get("set") or []), problems))
    if problems:
        raise IndicatorOptionError(problems)
    return kw
