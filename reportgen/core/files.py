"""YAML that remembers where things are, so errors can name the file and line."""
from __future__ import annotations

from pathlib import Path

import yaml

from reportgen.core.errors import DataError, Problem, UserError


class LineDict(dict):
    """A mapping from a YAML file, with the 1-based line of each key in ``lines``."""
    lines: dict
    line: int


class _Loader(yaml.SafeLoader):
    pass


def _construct_mapping(loader, node):
    loader.flatten_mapping(node)
    out = LineDict()
    out.lines = {}
    out.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = key_node.start_mark.line + 1
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load(path: Path, error: type[UserError] = DataError):
    """Parse a YAML file; a syntax error becomes a located ``error`` (a ``DataError`` unless the caller says what the file is)."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise error([Problem(
            "yaml-syntax", f"{exc.problem}" + (f" ({exc.context})" if exc.context else ""), str(path),
            mark.line + 1 if mark else None, mark.column + 1 if mark else None,
            "check indentation and quoting near this line; values with ':' or '#' need quotes")]) from None


def line_of(mapping, key=None) -> int | None:
    if isinstance(mapping, LineDict):
        return mapping.lines.get(key, mapping.line) if key is not None else mapping.line
    return None
