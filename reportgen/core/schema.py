"""File formats declared once, as pydantic models, and their errors told as ``file:line:column`` with a hint.

Each format's owner declares its schema (brief/definition.py, writers/theme_file.py, core/project.py, data/records.py); ``validate``
checks a loaded YAML value against it and turns every pydantic error into a located ``Problem``: unknown keys
(with the closest known key), missing keys, wrong types and values out of range, all at once. A validator that
knows better than pydantic what to tell raises ``refuse(code, message, hint)``: its problem keeps that code and
hint. A key declared only to be refused (``REFUSED``, as a password in a settings file) is never offered as a
known key.
"""
from __future__ import annotations

from pathlib import Path
from typing import get_args

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

from reportgen.core import files as yamlfile
from reportgen.core.errors import Problem, Problems, UserError, did_you_mean


class Schema(BaseModel):
    """A strict file format: unknown keys are errors; numbers typed where text is expected are taken as text."""
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)


REFUSED = {"refused": True}     # ``Field(json_schema_extra=REFUSED)``: a key that is known only to be refused


def refuse(code: str, message: str, hint: str = "") -> PydanticCustomError:
    """An error a validator raises to be reported with its own problem ``code`` and ``hint``."""
    return PydanticCustomError(code, "{message}", {"message": message, "hint": hint})


_TYPES = {"dict_type": "a mapping (key: value)", "model_type": "a mapping (key: value)", "list_type": "a list",
          "string_type": "text", "float_type": "a number", "float_parsing": "a number", "int_type": "a whole number",
          "int_parsing": "a whole number", "bool_type": "true or false", "bool_parsing": "true or false"}


def validate(model: type[BaseModel], data, path: Path | str, error: type[UserError], what: str = "file",
             file_of=None) -> BaseModel:
    """``data`` as a ``model``, or an ``error`` listing every problem where it is.

    ``file_of(key)`` names the file a top-level key came from, when ``data`` was merged from several."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [_problem(model, data, path, err, what, file_of) for err in exc.errors()]
        raise error(sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.column or 0))) from None


def records(model: type[BaseModel], data, path: Path, problems: Problems, keyed: bool = False) -> list:
    """The records of a data file (a list, or with ``keyed`` a mapping) that fit ``model``, as (key or index,
    record, raw item); each record that does not fit is added to ``problems`` where it is, and left out."""
    if data is None:
        return []
    if not isinstance(data, dict if keyed else list):
        problems.add("bad-type", f"the file must be {'a mapping' if keyed else 'a list of records'}, not "
                     f"{_describe(data)}", path, *yamlfile.position(data, ()))
        return []
    out = []
    for key, item in (data.items() if keyed else enumerate(data)):
        try:
            out.append((key, model.model_validate(item), item))
        except ValidationError as exc:
            for err in exc.errors():
                err = {**err, "loc": (key, *err["loc"])}
                problems.items.append(_problem(model, data, path, err, "record", None, skip=1))
    return out


def _problem(model, data, path, err: dict, what: str, file_of, skip: int = 0) -> Problem:
    loc = tuple(err["loc"])
    file = str(file_of(loc[0]) if file_of and loc else path)
    line, column = yamlfile.position(data, loc)
    model_loc, loc = loc[skip:], loc
    where = _dotted(loc)
    kind = err["type"]
    if "hint" in err.get("ctx", {}):         # raised by ``refuse``
        return Problem(kind, err["msg"], file, line, column, err["ctx"]["hint"])
    if kind == "extra_forbidden":
        known = _fields_at(model, model_loc[:-1])
        return Problem("unknown-field", f"unknown key {loc[-1]!r}" + (f" in {_dotted(loc[:-1])}" if loc[:-1] else ""),
                       file, line, column, did_you_mean(loc[-1], known) or f"known keys: {', '.join(known)}")
    if kind == "missing":
        return Problem("missing-field", f"{_dotted(loc[:-1]) or 'the ' + what} lacks {loc[-1]!r}", file, line,
                       column, f"add {loc[-1]}:")
    if kind in ("literal_error", "enum"):
        expected = err.get("ctx", {}).get("expected", "")
        return Problem("bad-value", f"{where}: {err['input']!r} is not allowed", file, line, column,
                       did_you_mean(err["input"], _literals(expected)) or f"expected {expected}")
    if kind in _TYPES:
        return Problem("bad-type", f"{where or 'the ' + what} must be {_TYPES[kind]}, not {_describe(err['input'])}",
                       file, line, column, _type_hint(kind, err["input"], _fields_at(model, model_loc) if model_loc else []))
    message = err["msg"].removeprefix("Value error, ")
    if kind != "value_error":        # pydantic's own words: say what was found
        found = repr(err["input"])
        found = found if len(found) <= 80 else f"{found[:60]}… ({len(str(err['input'])):,} characters)"
        message = f"{found}: {message[0].lower()}{message[1:]}"
    return Problem("bad-value", f"{where}: {message}" if where else message, file, line, column)


def _dotted(loc: tuple) -> str:
    loc = tuple(s for s in loc if s != "[key]")
    return "".join(f"[{s + 1}]" if isinstance(s, int) else ("." if i else "") + str(s) for i, s in enumerate(loc))


def _describe(value) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__.replace('str', 'text').replace('NoneType', 'nothing')} {value!r}"


def _type_hint(kind: str, value, keys: list[str]) -> str:
    """How to write what was expected; ``keys`` are those of the mapping expected, if it is a record."""
    if kind == "list_type" and isinstance(value, str):
        return f"write a list: [{value}]"
    if kind == "model_type" and keys:
        return f"write a mapping with any of the keys {', '.join(keys)}"
    if kind in ("dict_type", "model_type") and isinstance(value, str):
        return f"write a mapping, e.g. {{en: {value}, zh: …}}"
    return ""


def _literals(expected: str) -> list[str]:
    return [part.strip(" '") for part in expected.replace(" or ", ",").split(",") if part.strip(" '")]


def _fields_at(model, loc: tuple) -> list[str]:
    """The keys the schema allows at ``loc`` (for a did-you-mean)."""
    for step in loc:
        if isinstance(step, int) or not (isinstance(model, type) and issubclass(model, BaseModel)):
            continue
        field = next((f for name, f in model.model_fields.items() if step in (name, f.alias)), None)
        if field is not None:      # else ``step`` is a key of a mapping of models (a chart's id)
            model = _model_in(field.annotation)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return []
    return [f.alias or name for name, f in model.model_fields.items() if f.json_schema_extra != REFUSED]


def _model_in(annotation):
    """The model inside ``list[M]``, ``dict[str, M]`` or ``M | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
