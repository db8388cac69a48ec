"""The templates' sandbox, bounded: no template may allocate gigabytes or compute for hours.

Jinja's sandbox already refuses Python internals and caps ``range()``. One budget bounds a template's whole
render (``budget``): its time (a watchdog raises ``OverTime`` into the rendering thread), its memory (the
process's address space may grow by ``RENDER_MEMORY`` at most while it renders, an ``RLIMIT_AS`` where the
system has one, so ``"x".ljust(2*10**9)``, ``'%.999999999d' % 1``, ``.replace``, ``.join``, ``~`` and any
other way to build text fail at once with ``MemoryError``) and the length of its text (``MAX_OUTPUT``). Checking
operators one by one cannot close that: there is always another string method. The checks that remain on ``*``,
``**`` and padding widths only give an earlier, plainer message (and are the bound where the system has no
address-space limit). It is Jinja's *immutable* sandbox: a template cannot change the lists and dicts it is
given (``.append``, ``.update``…), which outlive it.
"""
from __future__ import annotations

import contextlib
import ctypes
import os
import re
import string
import threading

from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_ITEMS = 1_000_000        # characters of text, or items of a list, that one expression may build
MAX_EXPONENT_BITS = 4_096    # bits of a power's result
MAX_OUTPUT = 1_000_000       # characters of text one template may render (a section is a few thousand)
RENDER_SECONDS = 10.0        # for one template (a section renders in milliseconds)
RENDER_MEMORY = 256 * 2**20  # bytes the process may grow by while one template renders


class OverTime(Exception):
    """Raised into the rendering thread when a template has rendered for ``RENDER_SECONDS``."""


class TooLong(Exception):
    """A template's text is over ``MAX_OUTPUT`` characters."""


@contextlib.contextmanager
def budget(seconds: float | None = None, memory: int | None = None):
    """Bound what runs inside: ``OverTime`` after ``seconds``, ``MemoryError`` past ``memory`` more bytes."""
    with _deadline(RENDER_SECONDS if seconds is None else seconds), \
            _memory_limit(RENDER_MEMORY if memory is None else memory):
        yield


def _async_raise(thread_id: int, exc: type[BaseException] | None) -> None:
    """CPython's way to raise ``exc`` in another thread at its next bytecode (``None`` cancels a pending one)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc else None)


@contextlib.contextmanager
def _deadline(seconds: float):
    """A watchdog thread: works in any thread (a signal alarm only in the main one) and on every system."""
    target, lock, live = threading.get_ident(), threading.Lock(), [True]

    def expire():
        with lock:
            if live[0]:
                _async_raise(target, OverTime)
    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            live[0] = False
        timer.cancel()
        _async_raise(target, None)     # one that the watchdog set just as the render ended


def _address_space() -> int | None:
    """The process's address space in bytes, where the system tells it (Linux)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        return None


@contextlib.contextmanager
def _memory_limit(extra: int):
    """The address space may grow by ``extra`` bytes at most (the soft limit, put back afterwards). Where there
    is no ``resource`` module (Windows) or no way to measure (macOS does not enforce ``RLIMIT_AS`` anyway), the
    operator checks below are the only bound."""
    try:
        import resource
    except ImportError:
        yield
        return
    used = _address_space()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = used and min([used + extra] + [x for x in (soft, hard) if x != resource.RLIM_INFINITY])
    if not limit or limit == soft:
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def bounded_text(chunks) -> str:
    """The chunks a template's ``generate()`` yields, joined. Past ``MAX_OUTPUT`` characters ``TooLong`` is
    thrown into the generator, so that it rises from the template line that was writing."""
    out, size = [], 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT:
            chunks.throw(TooLong(f"wrote more than {MAX_OUTPUT:,} characters"))
        out.append(chunk)
    return "".join(out)


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
