"""SVG → reportlab Drawing, cached as plain JSON in the cache folder, keyed by a hash of the SVG's bytes.

Converting an SVG with svglib takes 50–200 ms, so the converted drawing is kept. It used to be pickled beside
the SVG, which let a crafted ``.pickle`` in a project's assets folder run code on a plain build. The cache now
lives only in ``cache_dir()/drawings`` and holds data, never code: loading it instantiates only the shape classes
listed in ``_SHAPES`` and sets only the attributes those classes declare, to numbers, strings, lists and colours.
Anything else, or a file that does not parse, is a cache miss and the SVG is converted again.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from reportlab.graphics import shapes
from reportlab.lib.colors import Color

_FORMAT = "1"          # bump when the JSON layout changes
_SCALARS = (type(None), bool, int, float, str)


def _shape_classes() -> dict:
    from svglib.svglib import ClippingPath, NoStrokePath
    return {c.__name__: c for c in (shapes.Drawing, shapes.Group, shapes.Path, shapes.String, shapes.Rect,
                                    shapes.Circle, shapes.Ellipse, shapes.Line, shapes.PolyLine, shapes.Polygon,
                                    ClippingPath, NoStrokePath)}


class Uncacheable(Exception):
    """A drawing holds something the JSON form does not describe; it is used, but not cached."""


def _value_to_json(value):
    if isinstance(value, _SCALARS):
        return value
    if type(value) is Color:
        return {"rgba": [value.red, value.green, value.blue, value.alpha]}
    if isinstance(value, (list, tuple)) and all(isinstance(v, (int, float)) for v in value):
        return {"tuple" if isinstance(value, tuple) else "list": list(value)}
    raise Uncacheable(type(value).__name__)


def _value_from_json(value):
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, dict) and len(value) == 1:
        (kind, items), = value.items()
        if isinstance(items, list) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in items):
            if kind == "rgba" and len(items) == 4:
                return Color(*items)
            if kind in ("list", "tuple"):
                return items if kind == "list" else tuple(items)
    raise ValueError("not a drawing value")


def to_json(node, classes: dict) -> dict:
    """A shape tree as JSON-ready data; ``Uncacheable`` if it holds an unknown shape or value."""
    cls = type(node)
    if classes.get(cls.__name__) is not cls:
        raise Uncacheable(cls.__name__)
    allowed = set(cls._attrMap.keys()) - {"contents", "canv"}
    attrs = {k: _value_to_json(v) for k, v in vars(node).items() if k in allowed}
    out = {"shape": cls.__name__, "attrs": attrs}
    if "contents" in cls._attrMap.keys():
        out["contents"] = [to_json(child, classes) for child in node.contents]
    return out


def from_json(data, classes: dict):
    """The shape tree back; ``ValueError`` for anything that is not a known shape with known attributes."""
    if not isinstance(data, dict) or not isinstance(data.get("attrs"), dict):
        raise ValueError("not a drawing")
    cls = classes.get(data.get("shape"))
    if cls is None:
        raise ValueError(f"unknown shape {data.get('shape')!r}")
    allowed = set(cls._attrMap.keys()) - {"contents", "canv"}
    if not set(data["attrs"]) <= allowed:
        raise ValueError(f"unknown attributes of {cls.__name__}")
    node = cls.__new__(cls)
    node.__dict__.update({k: _value_from_json(v) for k, v in data["attrs"].items()})
    if "contents" in cls._attrMap.keys():
        if not isinstance(data.get("contents", []), list):
            raise ValueError("contents is not a list")
        node.__dict__["contents"] = [from_json(child, classes) for child in data.get("contents", [])]
    return node


def cache_path(svg_bytes: bytes) -> Path:
    from importlib.metadata import version
    from reportgen.core.fonts import cache_dir
    key = hashlib.sha256(f"{_FORMAT}\x1f{version('svglib')}\x1f{version('reportlab')}\x1f".encode() + svg_bytes)
    return cache_dir() / "drawings" / f"{key.hexdigest()[:32]}.json"


def load_svg(svg: Path):
    """The Drawing of ``svg``, from the cache when an earlier run converted the same bytes."""
    data = svg.read_bytes()
    cached, classes = cache_path(data), _shape_classes()
    try:
        return from_json(json.loads(cached.read_text(encoding="utf-8")), classes)
    except (OSError, ValueError, TypeError, RecursionError):
        pass                                    # missing or unreadable: convert again
    import io
    from svglib.svglib import svg2rlg
    # From bytes, not a path: svglib then resolves no <image href> or <use href> to another file (it would
    # follow "../../…" out of the assets folder), and the drawing depends only on the bytes the cache key hashes.
    drawing = svg2rlg(io.BytesIO(data))
    try:
        text = json.dumps(to_json(drawing, classes), ensure_ascii=False, separators=(",", ":"))
    except Uncacheable:
        return drawing
    cached.parent.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(cached)
    return drawing
