"""Jinja2 templates: a search path (user folder → project folder → built-in; see core/project.py), sandboxed
and strict.

An override shadows a built-in file by file, and ``{% extends "default:<name>" %}`` lets it extend the very
template it shadows (as datasette does), changing one block only.
"""
from __future__ import annotations

import os
from pathlib import Path

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from reportgen.compose import sandbox
from reportgen.compose.sandbox import BoundedSandbox
from reportgen.core.errors import Problem, TemplateError, UnknownName, did_you_mean


def candidates(paths: list[Path], name: str) -> list[tuple[Path, bool]]:
    """Where a template may come from, in lookup order, and whether it exists there (the first that does wins)."""
    return [(p / name, (p / name).is_file()) for p in paths]


class OutsideFolder(jinja2.TemplateError):
    """A template name that, through a symlink, leads out of the template folder it was found in. Not a
    TemplateNotFound, which Jinja's ChoiceLoader would swallow to try the next folder."""

    def __init__(self, name: str, folder: str):
        super().__init__(f"{name!r} leads outside the template folder {folder}")


class ConfinedLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader that reads a template only if its real path lies inside the folder it was found in.

    Jinja already refuses ``..`` in names, but follows symlinks: a link in a project's template folder could
    print any readable file (and ``mail`` would send it). The first folder that has the name decides; a link
    out of it is an error, not a fall-through to the next folder.
    """

    def get_source(self, environment, template):
        pieces = jinja2.loaders.split_template_path(template)      # refuses ".." segments
        for folder in self.searchpath:
            filename = os.path.normpath(os.path.join(folder, *pieces))
            if not os.path.isfile(filename):
                continue
            root, real = os.path.realpath(folder), os.path.realpath(filename)
            if os.path.commonpath([root, real]) != root:
                raise OutsideFolder(template, folder)
            with open(real, encoding=self.encoding) as fh:      # the checked file, even if the link changes
                contents = fh.read()
            mtime = os.path.getmtime(real)
            return contents, filename, lambda: os.path.exists(real) and os.path.getmtime(real) == mtime
        raise jinja2.TemplateNotFound(template)


def environment(paths: list[Path]) -> SandboxedEnvironment:
    builtin = paths[-1]
    loader = jinja2.ChoiceLoader([
        jinja2.PrefixLoader({"default": ConfinedLoader(str(builtin))}, delimiter=":"),
        ConfinedLoader([str(p) for p in paths]),
    ])
    # HTML templates (mail bodies) escape what they insert; Markdown templates are escaped by each writer
    autoescape = jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False, default=False)
    return BoundedSandbox(loader=loader, undefined=jinja2.StrictUndefined, autoescape=autoescape,
                          keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)


def render(env: SandboxedEnvironment, name: str, context: dict) -> str:
    """Render one template; any Jinja error becomes a located ``UserError`` with a hint."""
    try:
        with sandbox.budget():            # the whole render: time, memory and length of text
            template = env.get_template(name)
            return sandbox.bounded_text(template.generate(**context))
    except (MemoryError, sandbox.OverTime, sandbox.TooLong) as exc:
        file, line = _template_frame(exc)
        what = {MemoryError: f"needs more than {sandbox.RENDER_MEMORY // 2**20} MB of memory",
                sandbox.OverTime: f"ran for more than {sandbox.RENDER_SECONDS:g} s"}.get(type(exc), str(exc))
        raise TemplateError([Problem("template-too-slow" if type(exc) is sandbox.OverTime else "template-too-large",
                                     f"rendering stopped: this template {what}", file or name, line,
                                     hint="a section is a few pages of text: check the loops, repeats and "
                                          "paddings on this line")]) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError([Problem("template-syntax", exc.message or str(exc), exc.filename or name,
                                             exc.lineno, hint="check the {% … %} and {{ … }} pairs")]) from None
    except OutsideFolder as exc:
        file, line = _template_frame(exc)
        raise TemplateError([Problem("template-outside-folder", exc.message, file or name, line,
                                     hint="copy the file into the template folder: symlinks out of it "
                                          "are not followed")]) from None
    except jinja2.TemplateNotFound as exc:
        file, line = _template_frame(exc)
        raise TemplateError([Problem("template-not-found", f"no template {exc.name!r} on the search path",
                                     file or name, line,
                                     hint="run `reportgen templates list` or check the brief's section ids")]) from None
    except jinja2.UndefinedError as exc:
        file, line = _template_frame(exc)
        raise TemplateError([Problem("template-undefined", exc.message or str(exc), file or name, line,
                                             hint=_undefined_hint(exc, context))]) from None
    except UnknownName as exc:   # unknown fact ids raised by the context functions
        file, line = _template_frame(exc)
        raise TemplateError([Problem("unknown-fact", exc.message, file or name, line, hint=exc.hint)]) from None
    except SecurityError as exc:
        file, line = _template_frame(exc)
        raise TemplateError([Problem("template-unsafe", str(exc), file or name, line,
                                             hint="templates may use the brief's data and helpers only")]) from None
    except RecursionError as exc:
        file, line = _template_frame(exc)
        raise TemplateError([Problem("template-recursion", "a template includes or calls itself without end",
                                     file or name, line, hint="remove the include that leads back to this "
                                     "template")]) from None
    except UnicodeDecodeError as exc:
        raise TemplateError([not_utf8(env, name, exc)]) from None
    except (TypeError, ValueError, ArithmeticError) as exc:   # e.g. a helper called with the wrong arguments
        file, line = _template_frame(exc)
        raise TemplateError([Problem("template-error", f"{type(exc).__name__}: {exc}", file or name, line,
                                             hint="check the expression on this line")]) from None


def not_utf8(env, name: str, exc: UnicodeDecodeError) -> Problem:
    """A template file that is not UTF-8, found on the search path by its bytes, with the line of the bad byte."""
    data = exc.object
    found = next((p for d in _folders(env.loader) for p in Path(d).rglob("*.j2") if p.read_bytes() == data), name)
    line = data.count(b"\n", 0, exc.start) + 1
    return Problem("bad-encoding", f"byte 0x{data[exc.start]:02x} is not UTF-8", str(found), line,
                   exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1, "save the template as UTF-8")


def _folders(loader) -> list[str]:
    """Every folder a (choice, prefix or file system) loader reads from."""
    if isinstance(loader, jinja2.FileSystemLoader):
        return list(loader.searchpath)
    inner = getattr(loader, "loaders", None) or list(getattr(loader, "mapping", {}).values())
    return [folder for sub in inner for folder in _folders(sub)]


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The template file and line the error happened at, from the traceback Jinja rewrites."""
    tb, found = exc.__traceback__, (None, None)
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2"):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


_MUTATORS = {"update", "append", "extend", "insert", "pop", "popitem", "clear", "setdefault", "remove", "add",
             "discard", "sort", "reverse"}


def _undefined_hint(exc: jinja2.UndefinedError, context: dict) -> str:
    import re
    message = exc.message or ""
    m = re.search(r"'([^']+)' is undefined", message)
    if m:
        return did_you_mean(m.group(1), context)
    m = re.search(r"has no attribute '(\w+)'", message)
    if m and m.group(1) in _MUTATORS:
        return "templates get read-only data: build a new value (e.g. with a filter) instead of changing it"
    return ""
