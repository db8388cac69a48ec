"""The templates' sandbox, bounded: no expression may allocate gigabytes or compute for hours.

Jinja's sandbox already refuses Python internals and caps ``range()``; it lets ``"x" * 10**10`` or ``9**9**9``
through. Here ``*`` on text or lists and ``**`` are checked before they run. It is Jinja's *immutable* sandbox:
a template cannot change the lists and dicts it is given (``.append``, ``.update``…), which outlive it.
"""
from __future__ import annotations

from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_ITEMS = 1_000_000        # characters of text, or items of a list, that one expression may build
MAX_EXPONENT_BITS = 4_096    # bits of a power's result


class BoundedSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset(["*", "**"])

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
