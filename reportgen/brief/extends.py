"""How a brief changes the brief it ``extends``, on the raw YAML, keeping where every value was written.

A key replaces the inherited one, except ``publication`` (merged key by key) and ``parameters`` (declaration by
declaration, and each declaration field by field: a variant writes ``parameters: {sector: {default: energy}}``).
The inherited sections are kept as they are, less ``drop_sections: [id, …]``, with ``patch_sections: {id: {key:
value}}`` replacing only the keys it names in a section. Every merged mapping keeps the line and column of each
key in the file it came from, and a patched section remembers which file each of its keys came from
(``files``), so an error names the file and line that wrote the value.
"""
from __future__ import annotations

from pathlib import Path

from reportgen.core import files as yamlfile
from reportgen.core.errors import Problems, did_you_mean

DEEP = {"publication": 0, "parameters": 1}     # how many levels below the key's own mapping merge too


def edit_sections(merged, raw, path: Path, problems: Problems) -> None:
    """Apply ``raw``'s ``drop_sections`` and ``patch_sections`` to the sections ``merged`` has, its own or
    inherited. An id that names no section is a problem at the id; the edits are applied only when the file
    has no problem at all (``problems`` holds those the schema found)."""
    drops, patches = raw.get("drop_sections"), raw.get("patch_sections")
    drops = drops if isinstance(drops, list) else []
    patches = patches if isinstance(patches, dict) else {}
    if not drops and not patches:
        return
    sections = merged.get("sections")
    if not isinstance(sections, yamlfile.LineList):       # none (or a wrong type the schema reports): no ids
        sections = yamlfile.LineList()
        sections.places = []
    ids = [s.get("id") for s in sections if isinstance(s, dict)]
    known = f"sections: {', '.join(map(str, ids))}" if ids else "it has no sections"
    for i, sid in enumerate(drops):
        if sid not in ids:
            problems.add("unknown-section", f"drop_sections: no section {sid!r} to drop", path,
                         *yamlfile.position(drops, (i,)), hint=did_you_mean(sid, ids) or known)
    for sid in patches:
        at = yamlfile.position(patches, (sid,))
        if sid not in ids:
            problems.add("unknown-section", f"patch_sections: no section {sid!r} to patch", path, *at,
                         hint=did_you_mean(sid, ids) or known)
        elif sid in drops:
            problems.add("bad-value", f"patch_sections: section {sid!r} is dropped by drop_sections", path, *at,
                         hint="patch a section you keep, or do not drop it")
    kept = [(s, p) for s, p in zip(sections, sections.places) if not (isinstance(s, dict) and s.get("id") in drops)]
    if sections and not kept:
        problems.add("bad-value", "drop_sections drops every section", path,
                     *yamlfile.position(raw, ("drop_sections",)), hint="a brief keeps at least one section")
    if problems.items:
        return
    edited = yamlfile.LineList(_patched(s, patches[s.get("id")], path, patches.lines[s.get("id")])
                               if s.get("id") in patches else s for s, _ in kept)
    edited.places, edited.line, edited.column = [p for _, p in kept], sections.line, sections.column
    merged["sections"] = edited


def _patched(section, patch, path: Path, line: int):
    """``section`` with the keys ``patch`` (written at ``line`` of ``path``) sets; a key set to nothing is left as
    it was."""
    if not patch:
        return section
    keys = [k for k, v in patch.items() if v is not None]
    out = yamlfile.LineDict({**section, **{k: patch[k] for k in keys}})
    out.line, out.column = section.line, section.column
    out.lines = {**section.lines, **{k: patch.lines[k] for k in keys}}
    out.columns = {**section.columns, **{k: patch.columns[k] for k in keys}}
    out.files = {**getattr(section, "files", {}), **{k: str(path) for k in keys}}
    out.patched_at = (str(path), line)
    return out


def where(section, key: str | None, default: str) -> tuple[str, int | None, int | None]:
    """The file, line and column of a section's ``key`` (or of the section), patched or not."""
    if key is None:
        file, line = getattr(section, "patched_at", (default, yamlfile.line_of(section)))
        return file, line, None
    file = getattr(section, "files", {}).get(key, default)
    return (file, *yamlfile.position(section, (key,)))
