"""Word's embedded fonts: the DOCX carries a subset of the face it names, so a reader without it sees our text.

Without this, a reader with no Chinese font sees boxes for every hanzi, and one without our Latin face gets a
wider substitute that reflows the pages. The mechanism is ECMA-376 Part 1 §17.8.1: each face is an obfuscated
TrueType file (``word/fonts/fontN.odttf``) related from ``word/fontTable.xml``, whose ``w:font`` entry names it
with ``w:embedRegular`` / ``w:embedBold`` and the key that undoes the obfuscation; ``w:embedTrueTypeFonts`` in
the settings tells Word to keep them when it saves. Word and LibreOffice both read them.

Subsets hold the characters the file shows (plus printable ASCII, so a small edit still renders) and are cached
on disk by their content, so a rebuild or a batch of near-identical briefs subsets once.

Each subset carries its own family name, "Noto Sans SC" plus a tag of its characters ("Noto Sans SC 3F9A2B"):
LibreOffice registers embedded fonts by family name for the whole session, so a second document embedding a
different subset under the same name was drawn with the first one's glyphs, and its other characters as boxes
(seen converting the English and the Chinese brief in one run). ``w:altName`` keeps the plain name, for readers
that match installed fonts.

An English file also embeds the face's Latin copy ("Noto Sans SC Latin", see ``core.fonts``), named in the Latin
slots, whose curly quotes are proportional rather than full-width; its subsets hold only the characters below
the CJK blocks, so it adds a few kilobytes. The East Asian slot keeps the face itself.
"""
from __future__ import annotations

import hashlib
import io
import os
import uuid
from pathlib import Path

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, PartFactory, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from reportgen.core.fonts import FontSet, cache_dir, rename
from reportgen.writers.ooxml import insert_setting

OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
GB2312_CHARSET = "86"   # the font table's hint for a substitute: a Simplified Chinese face
ANSI_CHARSET = "00"     # … and for the Latin copy's: a Latin face
CJK_START = 0x2E80      # the first CJK block (radicals): the Latin copy holds the characters below it
_ALWAYS = {chr(c) for c in range(0x20, 0x7F)}
_RECIPE = "docx-v3"     # bump when the subsetting options change

# python-docx's documented extension point: load the font table as XML (by default it is opaque bytes), so
# entries can be added to it and it is serialised with the rest of the package.
PartFactory.part_type_for.setdefault(CT.WML_FONT_TABLE, XmlPart)


def used_characters(document) -> set[str]:
    """Every character of every XML part of the package (text, field results, headers, notes) plus ASCII."""
    from lxml import etree
    chars = set(_ALWAYS)
    for part in document.part.package.iter_parts():
        if isinstance(part, XmlPart):   # serialised as text: 30× quicker than itertext on python-docx's elements
            chars.update(etree.tostring(part.element, method="text", encoding="unicode"))
    return {c for c in chars if not c.isspace() or c == " "}


def family_for(chars: set[str], base: str) -> str:
    """The embedded face's own family name: ``base`` plus a tag of the characters it holds."""
    return f"{base} {hashlib.sha256(''.join(sorted(chars)).encode()).hexdigest()[:6].upper()}"


def subset(font: Path, chars: set[str], family: str) -> bytes:
    """A TrueType subset of ``font`` holding ``chars`` and named ``family``, from the disk cache when it was
    made before (keyed by the font's folder too: it names the recipe the font was prepared with)."""
    source = f"{font.parent.name}/{font.name}:{font.stat().st_size}"
    key = hashlib.sha256(f"{_RECIPE}:{source}:{family}:{''.join(sorted(chars))}".encode())
    cached = cache_dir() / "docx-fonts" / f"{key.hexdigest()[:24]}.ttf"
    if cached.exists():
        return cached.read_bytes()
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont
    # no bounding-box recalculation: it would decompile every outline (the subset then takes 3× as long),
    # and the full font's bounds hold for the subset
    face = TTFont(font, lazy=True, recalcBBoxes=False, recalcTimestamp=False)   # the same bytes on every machine
    opts = ft_subset.Options()
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    opts.recalc_bounds = False
    opts.layout_features = []      # as the PDF: no kerning or ligatures, so both lay out alike
    opts.drop_tables += ["BASE", "STAT", "vhea", "vmtx"]
    sub = ft_subset.Subsetter(opts)
    sub.populate(unicodes={ord(c) for c in chars})
    sub.subset(face)
    rename(face, family)
    out = io.BytesIO()
    face.save(out)
    data = out.getvalue()
    cached.parent.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(cached)
    return data


def font_key(data: bytes) -> str:
    """A GUID derived from the font's bytes (so rebuilding gives the same file), in the braced upper-case form
    LibreOffice and Word read."""
    return "{" + str(uuid.UUID(bytes=hashlib.sha256(data).digest()[:16])).upper() + "}"


def obfuscate(data: bytes, key: str) -> bytes:
    """ECMA-376 §17.8.1: XOR the first 32 bytes with the GUID's 16 bytes taken from its last byte backwards."""
    mask = uuid.UUID(key).bytes[::-1]
    head = bytes(b ^ mask[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


def _font_table(document):
    """The font table as XML, created when a reference document lacks one."""
    for rel in document.part.rels.values():
        if rel.reltype == RT.FONT_TABLE:
            return rel.target_part.element
    table = XmlPart(PackURI("/word/fontTable.xml"), CT.WML_FONT_TABLE, parse_xml(f"<w:fonts {nsdecls('w', 'r')}/>"),
                    document.part.package)
    document.part.relate_to(table, RT.FONT_TABLE)
    return table.element


def embed(document, fonts: FontSet, latin: bool = False) -> None:
    """Embed Regular and Bold subsets of ``fonts`` for the characters the document uses (with ``latin``, also
    subsets of its Latin copy for the characters below the CJK blocks), declare them, and name their families
    wherever the styles name ``fonts.family`` or ``fonts.latin_family``."""
    chars = used_characters(document)
    faces = [(fonts.family, fonts.regular, fonts.bold, chars, GB2312_CHARSET)]
    if latin:
        faces.append((fonts.latin_family, fonts.latin_regular, fonts.latin_bold,
                      {c for c in chars if ord(c) < CJK_START}, ANSI_CHARSET))
    table = _font_table(document)
    table_part = next(r.target_part for r in document.part.rels.values() if r.reltype == RT.FONT_TABLE)
    tagged = {}
    for base, regular, bold, face_chars, charset in faces:
        tagged[base] = family = family_for(face_chars, base)
        entry = parse_xml(f'<w:font {nsdecls("w")} w:name="{family}"><w:altName w:val="{base}"/>'
                          f'<w:charset w:val="{charset}"/><w:family w:val="swiss"/><w:pitch w:val="variable"/>'
                          '</w:font>')
        for tag, path in (("w:embedRegular", regular), ("w:embedBold", bold)):
            data = subset(path, face_chars, family)
            key = font_key(data)
            part = Part(document.part.package.next_partname("/word/fonts/font%d.odttf"), OBFUSCATED_FONT,
                        obfuscate(data, key), document.part.package)
            el = OxmlElement(tag)
            el.set(qn("r:id"), table_part.relate_to(part, RT.FONT))
            el.set(qn("w:fontKey"), key)
            el.set(qn("w:subsetted"), "1")
            entry.append(el)
        table.append(entry)
    for fonts_el in document.styles.element.iter(qn("w:rFonts")):
        for attr, value in fonts_el.attrib.items():
            if value in tagged:
                fonts_el.set(attr, tagged[value])
    for name in ("w:embedTrueTypeFonts", "w:saveSubsetFonts"):
        if document.settings.element.find(qn(name)) is None:
            insert_setting(document.settings.element, OxmlElement(name))
