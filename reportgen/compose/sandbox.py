"""The templates' sandbox, bounded: no expression may allocate gigabytes or compute for hours.

Jinja's sandbox already refuses Python internals and caps ``range()``; it lets ``"x" * 10**10`` or ``9**9**9``
through. Here ``*`` on text or lists and ``**`` are checked before they run, and so are the widths that
``center``, ``indent``, ``format`` and ``str.format`` would pad to. It is Jinja's *immutable* sandbox:
a template cannot change the lists and dicts it is given (``.append``, ``.update``…), which outlive it.
"""
from __future__ import annotations

import re
import string

from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_ITEMS = 1_000_000        # characters of text, or items of a list, that one expression may build
MAX_EXPONENT_BITS = 4_096    # bits of a power's result


_PRINTF_WIDTH = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)")
_SPEC_WIDTH = re.compile(r"(\d+)")


class BoundedSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset(["*", "**"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("center", "indent", "format"):
            self.filters[name] = _bounded(name, self.filters[name])

    def wrap_str_format(self, value):
        """``"{:>9999999999}".format(x)``: every width in the format string's specs is checked first."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        for _, _, spec, _ in string.Formatter().parse(str(value.__self__)):
            if "{" in (spec or ""):
                raise SecurityError("widths taken from arguments are not allowed in format strings")
            _check_width(max(map(int, _SPEC_WIDTH.findall(spec or "")), default=0))
        return wrapped

    def call_binop(self, context, operator, left, right):
        if operator == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
        elif operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0 and \
                abs(left) > 1 and right * abs(left).bit_length() > MAX_EXPONENT_BITS:
            raise SecurityError(f"{left} ** {right} is too large to compute")
        return super().call_binop(context, operator, left, right)


def _check_repeat(seq, times) -> None:
    if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * times > MAX_ITEMS:
        raise SecurityError(f"repeating {type(seq).__name__} of length {len(seq)} {times} times would make "
                            f"{len(seq) * times:,} items (at most {MAX_ITEMS:,})")


def _check_width(width) -> None:
    if isinstance(width, int) and width > MAX_ITEMS:
        raise SecurityError(f"a width of {width:,} characters is too large (at most {MAX_ITEMS:,})")


def _bounded(name: str, jinja_filter):
    """A padding filter that checks its width (or, for ``format``, the printf widths) before it runs."""
    def bounded(value, *args, **kwargs):
        if name == "format":
            for width in _PRINTF_WIDTH.findall(str(value)):
                if width == "*":
                    raise SecurityError("'*' widths are not allowed in format strings")
                _check_width(int(width))
        else:
            _check_width(args[0] if args else kwargs.get("width", 0))
        return jinja_filter(value, *args, **kwargs)
    return bounded
