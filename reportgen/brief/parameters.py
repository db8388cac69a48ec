"""Brief parameters: declared by the brief, given on the command line, in a params file or a recipients row,
checked against the declaration where they were given, and merged once, in one order: the declared defaults <
params file < ``--param`` < recipients row.

A brief declares its parameters (``parameters: {sector: {type: string, allowed: [all, energy], default: all}}``);
every brief also has ``recipient_name`` and ``recipient_org`` (``BUILTIN``), which the cover's "Prepared for"
line prints and a recipients row fills. A parameter without a default is unset unless it is given (templates ask
``params.get(name)``), so the merged set, and its hash, holds only what the brief or the user set. A value that
does not fit (an unknown name, a wrong type, a value not allowed) is blamed on the place it was given
(``Given.where``), never on the brief that declares it.

The merged parameters are part of what an output *is*: they pick the sector variant and print the "Prepared for"
line and the greeting. So every output that depends on them is built from the merged set, and its stable hash
(``digest``) names the output and keys the outbox journal: a PDF built for Alice, or for another sector, is never
taken for Bob's.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Union

from pydantic import ValidationInfo, field_validator

from reportgen.core import files as yamlfile
from reportgen.core.errors import Problem, Problems, UsageError, did_you_mean
from reportgen.core.schema import Schema

Scalar = Union[bool, int, float, str]
TYPES = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false"}
_TRUE, _FALSE = ("true", "yes", "on", "1"), ("false", "no", "off", "0")
TEXT_MAX_CHARS = 500
_SPACES = re.compile(r"[^\S\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")   # runs of white space within a line
ROW_KEYS = {"name": "recipient_name", "organisation": "recipient_org"}    # recipients columns named otherwise


class BadValue(ValueError):
    """A value that does not fit its declaration: what is wrong, and a hint."""

    def __init__(self, message: str, hint: str = ""):
        self.message, self.hint = message, hint
        super().__init__(f"{message}; {hint}" if hint else message)


class ParameterFile(Schema):
    """One parameter as one brief file declares it: a brief that extends another writes only what it changes
    (``{sector: {default: energy}}``), and the merged declaration is checked as a ``Parameter``."""
    type: Literal[tuple(TYPES)] = "string"
    allowed: list[Scalar] | None = None      # the only values it may take (a did-you-mean names the closest)
    default: Scalar | None = None            # none: the parameter is unset unless given
    fixed: bool = False                      # the default is the only value (a variant: investor-energy's sector)


class Parameter(ParameterFile):
    """A parameter of a complete brief: its allowed values and its default fit its type."""

    @field_validator("allowed")
    @classmethod
    def _allowed_fit_the_type(cls, allowed, info: ValidationInfo):
        return None if allowed is None else [_convert(info.data.get("type", "string"), v) for v in allowed]

    @field_validator("default")
    @classmethod
    def _default_is_allowed(cls, default, info: ValidationInfo):
        if default is None or "type" not in info.data or "allowed" not in info.data:
            return default
        return _fit(info.data["type"], info.data["allowed"], default)

    @field_validator("fixed")
    @classmethod
    def _fixed_has_a_default(cls, fixed, info: ValidationInfo):
        if fixed and info.data.get("default") is None:
            raise ValueError("a fixed parameter needs a default: the value it is fixed to")
        return fixed

    def value(self, given) -> Scalar:
        """``given`` (text from the command line or a row, or a YAML value) as this parameter's value, or
        ``BadValue``."""
        value = _fit(self.type, self.allowed, given)
        if self.fixed and value != self.default:
            raise BadValue(f"{given!r}: this brief is made for {self.default!r} only",
                           "build the brief it extends, or another variant (`reportgen list`), with this value")
        return value


BUILTIN = {"recipient_name": Parameter(), "recipient_org": Parameter()}


def _convert(kind: str, value) -> Scalar:
    """``value`` as a ``kind`` ("string", "integer", "number", "boolean"), or ``BadValue``."""
    text = value.strip() if isinstance(value, str) else None
    if kind == "boolean":
        if isinstance(value, bool) or (text or "").lower() in _TRUE + _FALSE:
            return value if isinstance(value, bool) else text.lower() in _TRUE
        raise BadValue(f"{value!r} is not true or false")
    if isinstance(value, bool):              # YAML's yes/no: never a number, and text only when quoted
        raise BadValue(f"{value!r} is not {TYPES[kind]}", 'quote it: "yes"' if kind == "string" else "")
    if kind == "string" and isinstance(value, (str, int, float)):
        if len(str(value)) > TEXT_MAX_CHARS:     # a name, a sector: printed on the cover and in headers
            raise BadValue(f"{str(value)[:40]!r}… has {len(str(value)):,} characters", f"at most {TEXT_MAX_CHARS}")
        if "⟦" in str(value) or "⟧" in str(value):
            raise BadValue(f"{value!r} holds ⟦ or ⟧, the brackets that mark a figure's note in a brief",
                           "write other brackets, e.g. [ ]")
        return _SPACES.sub(" ", str(value)).strip(" ")     # "energy ", "Ms  Li": never another output
    if kind == "integer" and (isinstance(value, int) or (text is not None and re.fullmatch(r"[+-]?\d+", text))):
        return int(value)
    if kind == "number" and isinstance(value, (int, float, str)):
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if math.isfinite(number):
            return number
    raise BadValue(f"{value!r} is not {TYPES[kind]}")


def _fit(kind: str, allowed: list | None, value) -> Scalar:
    converted = _convert(kind, value)
    if allowed is not None and converted not in allowed:
        shown = ", ".join(map(str, allowed))
        raise BadValue(f"{value!r} is not one of {shown}", did_you_mean(converted, allowed))
    return converted


@dataclass(frozen=True)
class Given:
    """Parameter values from one place, and ``where(name)`` each was given: (file, line, column) for errors."""
    values: Mapping
    where: Callable[[str], tuple]


def on_command_line(values: Mapping) -> Given:
    """``--param`` values: errors name the option, as ``command line: --param NAME``."""
    return Given(dict(values), lambda name: (f"command line: --param {name}", None, None))


def from_file(path: Path) -> Given:
    """A ``--params`` YAML file (a mapping of names to values): errors name its line and column."""
    data = yamlfile.load(path, error=UsageError) or {}
    if not isinstance(data, dict):
        raise UsageError([Problem("bad-params", "a parameters file is a mapping of names to values", str(path),
                                  *yamlfile.position(data, ()))])
    return Given({str(k): v for k, v in data.items()},
                 lambda name: (str(path), *yamlfile.position(data, (name,))))


def from_row(cells: Mapping, where: Callable[[str], tuple]) -> Given:
    """A recipients row's parameters from ``cells``, its columns that fill parameters: ``name`` and
    ``organisation`` fill recipient_name and recipient_org, and every other column the parameter it is named
    after, when its cell is not empty (an empty one leaves the default). ``where`` takes a column's name."""
    values = {param: cells.get(column) or "" for column, param in ROW_KEYS.items()}
    values.update({column: value for column, value in cells.items() if column not in ROW_KEYS and value})
    column = {param: col for col, param in ROW_KEYS.items()}
    return Given(values, lambda name: where(column.get(name, name)))


def check(declared: Mapping[str, Parameter], given: Given, problems: Problems, brief: str = "the brief") -> dict:
    """``given``'s values as their declared types; each one that does not fit is added to ``problems`` where it
    was given, and left out."""
    out = {}
    for name, value in given.values.items():
        if name not in declared:
            problems.add("unknown-param", f"{brief} has no parameter {name!r}", *given.where(name),
                         hint=did_you_mean(name, declared) or f"its parameters: {', '.join(sorted(declared))}")
            continue
        try:
            out[name] = declared[name].value(value)
        except BadValue as exc:
            problems.add("bad-param", exc.message, *given.where(name), hint=exc.hint)
    return out


def merge(declared: Mapping[str, Parameter], *layers: Given | None, brief: str = "the brief") -> dict:
    """The parameters one output is built with: the declared defaults, then each layer over the ones before
    it. A ``UsageError`` lists every value that does not fit, where it was given."""
    merged = {name: p.default for name, p in declared.items() if p.default is not None}
    problems = Problems()
    for layer in layers:
        if layer is not None:
            merged.update(check(declared, layer, problems, brief))
    problems.raise_errors(UsageError)
    return merged


_PLAIN = re.compile(r"[\w-][\w.-]*")


def readable(params: Mapping, declared: Mapping[str, Parameter]) -> str:
    """The parameters that differ from the brief's defaults, for a file name a person can map back:
    ``sector-energy``, ``recipient_name-Ms-Li-5d41a2`` ('' when none do). A value that is not plain letters,
    digits, '-', '_' and '.' is shown with its other characters as '-' and a short hash of the exact value, so two
    values never share a name."""
    def shown(value) -> str:
        text = str(value)
        if _PLAIN.fullmatch(text):
            return text
        plain = "-".join(re.findall(r"\w+", text))
        return f"{plain}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:6]}".lstrip("-")
    defaults = {name: p.default for name, p in declared.items()}
    return ".".join(f"{name}-{shown(value)}" for name, value in sorted(params.items())
                    if value != defaults.get(name))


def digest(params: Mapping) -> str:
    """A short hash of the merged parameters that is the same on every run and machine."""
    text = json.dumps(sorted((str(k), str(v)) for k, v in params.items()), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
