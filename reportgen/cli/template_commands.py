"""``templates list`` and ``templates copy``: see where each part's wording comes from, and take a copy of just
the part you want to change, so every other template stays built-in and keeps receiving fixes."""
from __future__ import annotations

import re
from pathlib import Path

import click

from reportgen.cli import _complete_briefs, _project, main
from reportgen.cli.output import out as say
from reportgen.core.errors import Problem, UsageError, did_you_mean
from reportgen.core.resources import builtin


@main.group()
def templates():
    """See and copy the templates that word each brief."""


@templates.command(name="list")
@click.argument("brief", shell_complete=_complete_briefs)
@click.option("--templates", "user_dir", type=click.Path(exists=True, file_okay=False), help="Your template folder.")
def templates_list(brief, user_dir):
    """For each part of BRIEF, the candidate template files in lookup order; '*' marks the one used, and a copy
    older than the built-in template it shadows is marked, so you can review what changed since."""
    from reportgen.brief import definition as briefs
    from reportgen.compose.templating import candidates
    project = _project(user_dir, None)
    b = briefs.load(briefs.find(brief, project.brief_dirs), project.brief_dirs)
    for lang in b.languages:
        for section in b.sections:
            name = f"{b.templates}/{lang}/{section.template}.md.j2"
            shipped = builtin("templates", name)
            say.result(f"{lang} {section.id}:")
            found = False
            for path, exists in candidates(project.template_dirs, name):
                mark = "*" if exists and not found else " "
                found = found or exists
                stale = exists and path != shipped and shipped.is_file() and path.stat().st_mtime < shipped.stat().st_mtime
                note = "  (absent)" if not exists else "  (older than the built-in one: compare them)" if stale else ""
                say.result(f"  {mark} {path}{note}")


@templates.command(name="copy")
@click.argument("name")
@click.argument("folder", type=click.Path(file_okay=False), required=False)
@click.option("--block", help="Copy only this block (e.g. heading, body): the copy extends the built-in template.")
def templates_copy(name, folder, block):
    """Copy the built-in template NAME (e.g. investor/en/policy.md.j2), or a folder of them (investor), into
    FOLDER (default: the project's templates/) at the same path, to edit. Never overwrites."""
    src = builtin("templates", name)
    root = builtin("templates")
    if not src.resolve().is_relative_to(root.resolve()) or not src.exists():
        known = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_dir() or p.suffix == ".j2")
        raise UsageError([Problem("unknown-template", f"no built-in template {name!r}",
                                  hint=did_you_mean(name, known) or "`reportgen templates list BRIEF` shows the names")])
    dst_root = Path(folder) if folder else _project(None, None).root / "templates"
    files = sorted(src.rglob("*.j2")) if src.is_dir() else [src]
    if block and src.is_dir():
        raise UsageError([Problem("bad-block", "--block copies one block of one template", hint="name a file")])
    texts = {dst_root / f.relative_to(root): f.read_text(encoding="utf-8") for f in files}
    if block:
        texts = {d: _one_block(text, block, str(files[0].relative_to(root))) for d, text in texts.items()}
    taken = [str(d) for d in texts if d.exists()]
    if taken:
        raise UsageError([Problem("exists", f"{taken[0]} already exists", taken[0],
                                  hint="nothing is overwritten; delete or rename your copy first")])
    for d, text in texts.items():
        d.parent.mkdir(parents=True, exist_ok=True)
        d.write_text(text, encoding="utf-8")
        say.result(d)


def _one_block(text: str, block: str, name: str) -> str:
    """A template that extends the built-in ``name`` and restates one block of it, ready to edit."""
    found = re.search(r"{%-?\s*block\s+" + re.escape(block) + r"\s*-?%}(.*?){%-?\s*endblock(?:\s+\w+)?\s*-?%}",
                      text, re.S)
    if not found:
        blocks = re.findall(r"{%-?\s*block\s+(\w+)", text)
        raise UsageError([Problem("unknown-block", f"{name} has no block {block!r}",
                                  hint=did_you_mean(block, blocks) or f"its blocks: {', '.join(blocks)}")])
    return f'{{% extends "default:{name}" %}}\n{{% block {block} %}}{found.group(1)}{{% endblock %}}\n'
