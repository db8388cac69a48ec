"""Fonts: one TrueType family that covers Latin and Chinese, prepared once into a cache.

The only pip-installable, openly licensed CJK font with TrueType outlines (which reportlab needs) is the
variable Noto Sans SC in ``justmytype-intl-cjk``. Its default instance is Thin, so we cut static Regular and
Bold instances, subset to GB2312 + Latin + punctuation to keep them small and quick, and cache the result:
about 7 s of CPU per weight (the two weights in two processes, each step reported as it is done) happens once
per machine, never per document. The result carries no timestamp of
its own, so every machine prepares the same bytes and a batch spread over many machines gives identical PDFs.

Each face also gets a Latin copy, "Noto Sans SC Latin", for English text in every writer. The face draws
‘ ’ “ ” full-width by default, as Chinese typesetting wants; in English text that leaves a wide gap on each side
of a quotation. Its OpenType ``pwid`` feature substitutes proportional glyphs, but a Word file can ask for no
OpenType feature, only name a face (nor can reportlab, which applies none). So the copy maps those four
characters straight to the glyphs ``pwid`` gives. The rest of what ``pwid`` covers is left alone: its ellipsis
is wider than the full-width one, the em dash is proportional already, and U+2002 and U+2015 do not occur in
English prose. Some signs English notes use have no proportional glyph at all (§ in every "§5.2", ·, ×): the
copy gives them Latin side bearings instead of the full em (the outline is moved, not changed). No
re-instancing: deriving the copies takes about half a second. The OFL that Noto Sans SC comes under allows a
modified version under a name other than a Reserved Font Name; the only one its OFL.txt reserves is "Source"
(Adobe's).
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

FAMILY = "Noto Sans SC"
LATIN_FAMILY = "Noto Sans SC Latin"
WEIGHTS = {"Regular": 400, "Bold": 700}
QUOTES = "‘’“”"              # what the Latin copy draws with the glyphs of ``pwid``
RESPACED = "§¶†‡·•×±÷≈≠≤≥"  # … and with Latin side bearings, lacking a proportional glyph
BEARING = 0.06               # those side bearings, in em
_RECIPE = "v2-gb2312-latin"  # bump when the subset or instancing recipe changes
_LATIN_RECIPE = "latin-v2"   # bump when the Latin copy's recipe changes


def _source_font() -> Path:
    base = resources.files("justmytype_intl_cjk") / "fonts" / "ofl" / "notosanssc"
    return Path(str(base / "NotoSansSC[wght].ttf"))


def cache_dir() -> Path:
    root = os.environ.get("REPORTGEN_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "reportgen")
    return Path(root)


def subset_codepoints() -> set[int]:
    """GB2312's 7,445 characters plus Latin, punctuation and the symbols our units use."""
    cps = set(range(0x20, 0x7F)) | set(range(0xA0, 0x180))
    for lo, hi in ((0x2000, 0x206F), (0x2070, 0x209F), (0x20A0, 0x20CF), (0x2100, 0x218F), (0x2190, 0x21FF),
                   (0x2200, 0x22FF), (0x2460, 0x24FF), (0x25A0, 0x25FF), (0x3000, 0x303F), (0xFF00, 0xFFEF)):
        cps |= set(range(lo, hi + 1))
    for b1 in range(0xA1, 0xF8):
        for b2 in range(0xA1, 0xFF):
            try:
                cps.add(ord(bytes((b1, b2)).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return cps


@dataclass(frozen=True)
class FontSet:
    """Paths of the prepared faces and of their Latin copies (in a folder beside theirs, not in it: the Typst
    engine loads every font below the faces' folder)."""
    regular: Path
    bold: Path
    latin_regular: Path
    latin_bold: Path

    @property
    def family(self) -> str:
        return FAMILY

    @property
    def latin_family(self) -> str:
        return LATIN_FAMILY

    def text_family(self, lang: str) -> str:
        """The family a document in ``lang`` sets its Latin text in: the face itself in Chinese (its full-width
        quotes are Chinese typography), the Latin copy in English."""
        from reportgen.core.locale import Locale
        return FAMILY if Locale(lang).font == "cjk" else LATIN_FAMILY


def _prepare(weight_name: str, target: Path, latin_target: Path, done) -> None:
    """Cut the static ``weight_name`` face into ``target`` and its Latin copy into ``latin_target``, calling
    ``done(step)`` as each of ``STEPS`` is finished (for a progress report that tells where the time goes)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib.instancer import instantiateVariableFont

    if not target.exists():
        font = TTFont(_source_font(), recalcTimestamp=False)
        opts = subset.Options()
        opts.layout_features = ["*"]
        opts.name_IDs = ["*"]
        opts.notdef_outline = True
        sub = subset.Subsetter(opts)
        sub.populate(unicodes=subset_codepoints())
        sub.subset(font)
        done(STEPS[0])
        created = font["head"].created
        # In place: the copy that instancing would otherwise make of the subset took half of the time.
        instantiateVariableFont(font, {"wght": WEIGHTS[weight_name]}, updateFontNames=True, inplace=True)
        done(STEPS[1])
        # A unique PostScript name per face: reportlab silently reuses a face registered under the same name.
        ps = f"NotoSansSC-{weight_name}-reportgen"
        for rec in font["name"].names:
            if rec.nameID == 6:
                rec.string = ps
        # Byte-identical on every machine: the faces keep the source font's dates, not the time they were cut.
        font.recalcTimestamp = False
        font["head"].created = font["head"].modified = created
        _save(font, target)
        done(STEPS[2])
    if not latin_target.exists():
        _derive_latin(target, latin_target)
        done(STEPS[3])


STEPS = ("subset to GB2312 and Latin", "instanced at its weight", "saved", "Latin copy derived")


def _prepare_in_child(conn, weight_name: str, target: Path, latin_target: Path) -> None:
    try:
        _prepare(weight_name, target, latin_target, lambda step: conn.send((weight_name, step, "")))
    except Exception as exc:   # noqa: BLE001 -- told to the parent, which raises it
        conn.send((weight_name, "", f"{type(exc).__name__}: {exc}"))
    conn.close()


def _prepare_all(todo: dict[str, tuple[Path, Path]], log) -> None:
    """Prepare each weight of ``todo`` (name → face and Latin copy paths), one process per weight when the
    machine has the cores, reporting every step as it is done, with the time taken so far."""
    import time
    start = time.perf_counter()
    steps = sum(len(STEPS) if not face.exists() else 1 for face, _ in todo.values())
    count = [0]

    def done(weight_name: str, step: str) -> None:
        count[0] += 1
        log(f"  fonts {count[0]}/{steps}: {weight_name} {step} ({time.perf_counter() - start:.1f} s)")

    log(f"Preparing the fonts, once per machine: {FAMILY} {' and '.join(todo)}, {steps} steps "
        f"→ {next(iter(todo.values()))[0].parent}")
    if len(todo) == 1 or (os.cpu_count() or 1) == 1:
        for w, (face, latin) in todo.items():
            _prepare(w, face, latin, lambda step, w=w: done(w, step))
        return
    import multiprocessing
    import threading
    from multiprocessing.connection import wait
    # fork is quick; with other threads running (a test process), a fresh interpreter is the safe choice
    ctx = multiprocessing.get_context("fork" if threading.active_count() == 1 else "spawn")
    conns, procs = [], []
    for w, (face, latin) in todo.items():
        conn, child = ctx.Pipe(duplex=False)
        procs.append(ctx.Process(target=_prepare_in_child, args=(child, w, face, latin), daemon=True))
        procs[-1].start()
        child.close()
        conns.append(conn)
    failed = ""
    while conns:
        for conn in wait(conns):
            try:
                w, step, error = conn.recv()
            except EOFError:
                conns.remove(conn)
                continue
            if error:
                failed = failed or f"preparing {FAMILY} {w} failed: {error}"
            else:
                done(w, step)
    for proc in procs:
        proc.join()
    if failed or any(not face.exists() or not latin.exists() for face, latin in todo.values()):
        raise RuntimeError(failed or f"preparing {FAMILY} stopped before it was done")


def proportional_glyphs(font) -> dict[int, str]:
    """Code point → the glyph the ``pwid`` feature puts in place of the default one, for the four quotes."""
    cmap = font.getBestCmap()
    gsub = font["GSUB"].table
    lookups = {i for rec in gsub.FeatureList.FeatureRecord if rec.FeatureTag == "pwid"
               for i in rec.Feature.LookupListIndex}
    found: dict[int, str] = {}
    for index in sorted(lookups):
        for table in gsub.LookupList.Lookup[index].SubTable:
            table = getattr(table, "ExtSubTable", table)       # an Extension lookup wraps the real one
            for ch in QUOTES:
                glyph = getattr(table, "mapping", {}).get(cmap.get(ord(ch)))
                if glyph:
                    found.setdefault(ord(ch), glyph)
    return found


def rename(face, family: str) -> None:
    """Give the face its own family, full, unique and PostScript names (the style name is kept)."""
    name = face["name"]
    style = name.getDebugName(2) or "Regular"
    ps = f"{family.replace(' ', '')}-{style.replace(' ', '')}"
    for rec in list(name.names):
        if rec.nameID in (16, 17):          # typographic names would give the old family back
            name.removeNames(nameID=rec.nameID)
    for name_id, value in ((1, family), (3, ps), (4, f"{family} {style}"), (6, ps)):
        name.setName(value, name_id, 3, 1, 0x409)
        name.setName(value, name_id, 1, 0, 0)


def _derive_latin(source: Path, target: Path) -> None:
    """Write ``target``: the prepared face ``source`` with proportional quotes in its cmap and Latin spacing for
    ``RESPACED``, named LATIN_FAMILY."""
    from fontTools.ttLib import TTFont
    face = TTFont(source, recalcBBoxes=False, recalcTimestamp=False)   # the same bytes on every machine
    glyphs = proportional_glyphs(face)
    for table in face["cmap"].tables:
        if table.isUnicode():
            table.cmap.update({cp: g for cp, g in glyphs.items() if cp in table.cmap})
    _respace(face, RESPACED)
    rename(face, LATIN_FAMILY)
    _save(face, target)


def _respace(face, chars: str) -> None:
    """Give the glyphs of ``chars`` side bearings of ``BEARING`` em instead of a full-width advance."""
    glyf, hmtx, cmap = face["glyf"], face["hmtx"], face.getBestCmap()
    bearing = round(BEARING * face["head"].unitsPerEm)
    for name in sorted({cmap[ord(c)] for c in chars if ord(c) in cmap}):
        glyph = glyf[name]
        glyph.recalcBounds(glyf)
        shift = bearing - glyph.xMin
        if glyph.isComposite():
            for component in glyph.components:
                component.x += shift
        else:
            glyph.coordinates.translate((shift, 0))
        glyph.recalcBounds(glyf)
        hmtx[name] = (glyph.xMax + bearing, bearing)


def _save(face, target: Path) -> None:
    tmp = target.with_suffix(f".{os.getpid()}.tmp")   # two first runs at once must not share a temp file
    face.save(tmp)
    tmp.replace(target)


@lru_cache(maxsize=1)
def ensure_fonts(log=None) -> FontSet:
    """Return the cached Regular/Bold faces and their Latin copies, preparing them first if needed."""
    log = log or (lambda msg: print(msg, file=sys.stderr))
    src = _source_font()
    key = hashlib.sha256(f"{_RECIPE}:{src.stat().st_size}".encode()).hexdigest()[:12]
    folder = cache_dir() / "fonts" / key
    latin_folder = folder.with_name(f"{key}-{_LATIN_RECIPE}")
    for f in (folder, latin_folder):
        f.mkdir(parents=True, exist_ok=True)
    paths = {w: folder / f"NotoSansSC-{w}.ttf" for w in WEIGHTS}
    latin = {w: latin_folder / f"NotoSansSCLatin-{w}.ttf" for w in WEIGHTS}
    todo = {w: (paths[w], latin[w]) for w in WEIGHTS if not paths[w].exists() or not latin[w].exists()}
    if todo:
        _prepare_all(todo, log)
    return FontSet(regular=paths["Regular"], bold=paths["Bold"], latin_regular=latin["Regular"],
                   latin_bold=latin["Bold"])


@lru_cache(maxsize=1)
def covered_codepoints() -> frozenset[int]:
    """The code points the prepared face draws. Reading its cmap with fontTools takes a fifth of a second, every
    build, so they are kept as data beside the face's folder (ranges in JSON), for the face of that size and time,
    and read again from the face whenever that record does not fit."""
    face = ensure_fonts().regular
    record = face.parent.with_name(f"{face.parent.name}-cmap.json")
    stamp = [face.stat().st_size, face.stat().st_mtime_ns]
    try:
        saved = json.loads(record.read_text(encoding="utf-8"))
        if saved["face"] == stamp:
            return frozenset(cp for lo, hi in saved["ranges"] for cp in range(int(lo), int(hi) + 1))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    from fontTools.ttLib import TTFont
    covered = frozenset(TTFont(face, lazy=True).getBestCmap())
    ranges: list[list[int]] = []
    for cp in sorted(covered):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    tmp = record.with_name(f"{record.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps({"face": stamp, "ranges": ranges}), encoding="utf-8")
        tmp.replace(record)
    except OSError:
        pass            # a read-only cache: read from the face again next time
    return covered


def missing_glyphs(text: str) -> set[str]:
    """Characters of ``text`` that the font cannot draw (they would print as boxes)."""
    cover = covered_codepoints()
    return {ch for ch in set(text) if not ch.isspace() and ord(ch) not in cover}
