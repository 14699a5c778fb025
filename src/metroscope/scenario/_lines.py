"""Line numbers of keys in YAML and TOML files, for error messages."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import yaml


def locate(text: str, suffix: str, loc: Sequence[Any]) -> int | None:
    """1-based line of the deepest key of ``loc`` (keys and list indices) found in ``text``."""
    try:
        if suffix == ".toml":
            return _toml_line(text, loc)
        return _yaml_line(text, loc)
    except yaml.YAMLError:
        return None


def _yaml_line(text: str, loc: Sequence[Any]) -> int | None:
    node = yaml.compose(text)
    if node is None:
        return None
    line = node.start_mark.line + 1
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            hit = next(((k, v) for k, v in node.value if getattr(k, "value", None) == part), None)
            if hit is None:
                return line
            line = hit[0].start_mark.line + 1
            node = hit[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return line
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def _toml_line(text: str, loc: Sequence[Any]) -> int | None:
    lines = text.splitlines()
    header = re.compile(r"^\s*\[")
    if not loc:
        return None
    first = str(loc[0])
    if len(loc) >= 2 and isinstance(loc[1], int):
        pattern = re.compile(rf"^\s*\[\[\s*{re.escape(first)}\s*\]\]")
        starts = [i for i, t in enumerate(lines) if pattern.match(t)]
        if len(starts) > loc[1]:
            start = starts[loc[1]]
            if len(loc) >= 3:
                key = re.compile(rf"^\s*{re.escape(str(loc[2]))}\s*=")
                for i in range(start + 1, len(lines)):
                    if header.match(lines[i]):
                        break
                    if key.match(lines[i]):
                        return i + 1
            return start + 1
    key = re.compile(rf"^\s*{re.escape(first)}\s*=")
    for i, t in enumerate(lines):
        if header.match(t):
            break
        if key.match(t):
            return i + 1
    return None
