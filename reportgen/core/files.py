"""YAML that remembers where things are, so errors can name the file, line and column.

Every mapping loads as a ``LineDict`` and every list as a ``LineList``, each knowing the position of its keys or
items; ``position(data, loc)`` follows a path of keys and indexes (as a schema error gives it) to the nearest
known place. Strings are cleaned on the way in (NFC, no invisible or control characters; see core.text).

Files are parsed with libyaml's C parser where PyYAML has it (several times faster; its nodes carry the same
line and column); a file it refuses is parsed again with the pure-Python parser, whose messages the error reports.
The two agree on every file the project ships and on every broken one its tests keep; libyaml reads a value
followed by a tab (``key: value<TAB>``), which YAML allows and the pure-Python parser refused. (A fuzz of the two
found only exotic inputs read apart besides: a bare ``!`` tag gives "" instead of nothing, and a byte-order mark
inside a file nothing instead of "".)
"""
from __future__ import annotations

from pathlib import Path

import yaml

from reportgen.core.errors import DataError, Problem, UserError
from reportgen.core.text import clean, read


class LineDict(dict):
    """A mapping from a YAML file: ``line``/``column`` of the mapping, ``lines``/``columns`` of each key."""
    lines: dict
    columns: dict
    line: int
    column: int


class LineList(list):
    """A list from a YAML file: ``line``/``column`` of the list, ``places`` (line, column) of each item."""
    places: list
    line: int
    column: int


MAX_VALUES = 200_000     # values in one file once its aliases are expanded: far above any brief, theme or dataset


class _TooLarge(yaml.MarkedYAMLError):
    """A file whose aliases (``*a`` repeating ``&a``) expand it past ``MAX_VALUES``: a few lines of anchors can
    stand for billions of values, which any later walk over them (a check, an error message) would expand."""


class _Counted:
    """Counts a document's values as it is composed, before anything is built from it (both parsers)."""
    def get_single_node(self):
        node = super().get_single_node()
        if node is not None:
            _count(node, {})
        return node


class _Loader(_Counted, yaml.SafeLoader):
    pass


def _count(node, seen: dict) -> int:
    """How many values ``node`` stands for with its aliases expanded (each shared node counted once per use)."""
    if id(node) in seen:
        if seen[id(node)] is None:
            raise _TooLarge(None, None, "an alias refers to a value that contains it", node.start_mark)
        return seen[id(node)]
    seen[id(node)] = None
    children = node.value if isinstance(node, yaml.SequenceNode) else \
        [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else []
    total = 1 + sum(_count(child, seen) for child in children)
    if total > MAX_VALUES:
        raise _TooLarge(None, None, f"its aliases expand it to more than {MAX_VALUES:,} values", node.start_mark)
    seen[id(node)] = total
    return total


class _FastLoader(_Counted, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The same constructors over libyaml's parser."""


def _at(obj, node):
    obj.line, obj.column = node.start_mark.line + 1, node.start_mark.column + 1
    return obj


def _construct_mapping(loader, node):
    loader.flatten_mapping(node)
    out = _at(LineDict(), node)
    out.lines, out.columns = {}, {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool, type(None))):
            key = str(key)         # an unhashable key such as [a, b]: kept as text, reported as an unknown key
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key], out.columns[key] = key_node.start_mark.line + 1, key_node.start_mark.column + 1
    return out


def _construct_sequence(loader, node):
    out = _at(LineList(loader.construct_object(child, deep=True) for child in node.value), node)
    out.places = [(child.start_mark.line + 1, child.start_mark.column + 1) for child in node.value]
    return out


def _construct_str(loader, node):
    return clean(loader.construct_scalar(node))[0]


for _loader in (_Loader, _FastLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
    _loader.add_constructor("tag:yaml.org,2002:str", _construct_str)


def load(path: Path, error: type[UserError] = DataError):
    """Parse a YAML file; a syntax error or a file that is not UTF-8 becomes a located ``error`` (a ``DataError``
    unless the caller says what the file is)."""
    text = read(path, error)
    try:
        try:
            return yaml.load(text, Loader=_FastLoader)
        except _TooLarge:
            raise
        except yaml.YAMLError:
            pass            # told below in the pure-Python parser's words, at its place
        return yaml.load(text, Loader=_Loader)
    except _TooLarge as exc:
        raise error([Problem("yaml-too-large", exc.problem, str(path), exc.problem_mark.line + 1,
                             exc.problem_mark.column + 1, "write the values out, or use fewer aliases")]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise error([Problem(
            "yaml-syntax", f"{exc.problem}" + (f" ({exc.context})" if exc.context else ""), str(path),
            mark.line + 1 if mark else None, mark.column + 1 if mark else None,
            "check indentation and quoting near this line; values with ':' or '#' need quotes")]) from None
    except yaml.YAMLError as exc:
        raise error([Problem("yaml-syntax", str(exc), str(path))]) from None


def line_of(mapping, key=None) -> int | None:
    if isinstance(mapping, LineDict):
        return mapping.lines.get(key, mapping.line) if key is not None else mapping.line
    return None


def position(data, loc: tuple) -> tuple[int | None, int | None]:
    """The line and column of the deepest place on ``loc`` (keys and indexes) that the file records."""
    place = (getattr(data, "line", None), getattr(data, "column", None))
    for step in loc:
        if isinstance(data, LineDict) and step in data:
            place, data = (data.lines[step], data.columns[step]), data[step]
        elif isinstance(data, LineList) and isinstance(step, int) and 0 <= step < len(data):
            place, data = data.places[step], data[step]
        else:
            break
    return place


def overlay(base, top, depth: int = 0):
    """``top``'s keys over ``base``'s, each keeping its position; mappings ``depth`` levels down merge too.
    Anything that is not a mapping is replaced by ``top`` (the schema reports a wrong type), unless ``top`` is
    empty (``publication:`` with nothing under it)."""
    if top is None:
        return base
    if not isinstance(base, dict) or not isinstance(top, dict):
        return top
    out = LineDict({**base, **{k: overlay(base.get(k), v, depth - 1) if depth > 0 else v for k, v in top.items()}})
    out.line, out.column = (top.line, top.column) if hasattr(top, "line") else (getattr(base, "line", None),
                                                                                getattr(base, "column", None))
    out.lines = {**getattr(base, "lines", {}), **getattr(top, "lines", {})}
    out.columns = {**getattr(base, "columns", {}), **getattr(top, "columns", {})}
    return out


def inherit(parent: LineDict, raw: LineDict, deep: dict[str, int]) -> LineDict:
    """``raw`` over ``parent``, as a file that ``extends`` another means: ``raw``'s keys win and keep their place
    in ``raw``'s file. The mapping under a key of ``deep`` merges key by key instead, and ``deep[key]`` levels
    below it too (a theme variant changes one margin, a brief variant one parameter's default)."""
    merged = LineDict(parent)
    merged.line, merged.column = raw.line, raw.column
    merged.lines, merged.columns = dict(getattr(parent, "lines", {})), dict(getattr(parent, "columns", {}))
    for key, value in raw.items():
        merged[key] = overlay(parent.get(key), value, deep[key]) if key in deep else value
        merged.lines[key], merged.columns[key] = raw.lines[key], raw.columns[key]
    return merged
