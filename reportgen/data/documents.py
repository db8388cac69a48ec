"""Source documents read as located blocks of text: Markdown and plain text, HTML, DOCX and PDF with a text layer.

A block is a paragraph (or a table cell's text) with where it stands: its page (PDF), the numbered section it
falls in (``§3.3.1``, from headings such as "3.3.1 能源站") and its paragraph number, counted from the start or
from that section. The text is kept verbatim (only what ``core.text.clean`` removes is gone), so a sentence cut
from a block is a quote that ``check --sources`` finds again in ``document_text``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from reportgen.core.errors import DataError, Problem
from reportgen.core.text import clean, read as read_text

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
SUFFIXES = TEXT_SUFFIXES | {".html", ".htm", ".docx", ".pdf"}
_SECTION = re.compile(r"^\s*(?:#+\s*)?(\d{1,2}(?:\.\d{1,2}){1,3})\s+\S")


@dataclass(frozen=True)
class Block:
    text: str
    locator: str           # "para 4", "§3.3.1, para 2", "p. 3, para 1": parts that locators.py translates
    heading: bool = False


@dataclass(frozen=True)
class Document:
    path: Path
    blocks: tuple[Block, ...]

    @property
    def headings(self) -> list[str]:
        return [b.text for b in self.blocks if b.heading]


def read(path: Path) -> Document:
    """``path`` as located blocks; a file that cannot be read as text is a located data error."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DataError([Problem("unknown-document", f"cannot read {suffix or 'a file without extension'} files",
                                 str(path), hint="give a .txt, .md, .html, .docx or .pdf file")])
    if suffix == ".pdf":
        return Document(path, _locate(_pdf_pages(path)))
    if suffix == ".docx":
        pages = [_docx_paragraphs(path)]
    elif suffix in (".html", ".htm"):
        pages = [_html_paragraphs(_utf8(path))]
    else:
        pages = [_text_paragraphs(_utf8(path))]
    return Document(path, _locate(pages, paged=False))


def _utf8(path: Path) -> str:
    """A text file as it is (quotes are checked against it verbatim); not UTF-8: an error at the first bad byte."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return read_text(path, DataError)       # raises, located
    except OSError as exc:
        raise _unreadable(path, exc, "check that the file exists and can be read") from None


def document_text(path: Path) -> str:
    """The text of a document as its quotes are checked against: a text file as it is, any other its blocks,
    one a line."""
    if path.suffix.lower() in TEXT_SUFFIXES:
        return _utf8(path)
    return "\n".join(b.text for b in read(path).blocks)


def _locate(pages: list[list[tuple[str, bool]]], paged: bool = True) -> tuple[Block, ...]:
    """Blocks with their locators: page (if paged), numbered section, paragraph within the section or file."""
    out, section, para = [], "", 0
    for number, page in enumerate(pages, 1):
        for text, heading in page:
            m = _SECTION.match(text)
            if m and len(text) < 60:
                section, para, heading = m.group(1), 0, True
            elif not heading:
                para += 1
            parts = [f"p. {number}"] if paged else []
            parts += [f"§{section}"] if section else []
            parts += [f"para {para}"] if para and not heading else []
            out.append(Block(text, ", ".join(parts) or "title", heading))
    return tuple(out)


def _text_paragraphs(text: str) -> list[tuple[str, bool]]:
    """Non-empty lines (Markdown headings marked); the 全角 spaces some news sites put between paragraphs split too."""
    out = []
    for line in text.splitlines():
        for part in re.split(r"\u3000{2,}", line):
            if part.strip():
                out.append((part.strip(), part.lstrip().startswith("#")))
    return out


def _docx_paragraphs(path: Path) -> list[tuple[str, bool]]:
    import docx
    try:
        doc = docx.Document(str(path))
    except Exception as exc:       # noqa: BLE001 -- zip, XML and content-type errors alike: not a Word file
        raise _unreadable(path, exc, "save it again from Word or LibreOffice as .docx") from None
    out = [(p.text.strip(), (p.style.name or "").startswith(("Heading", "Title")))
           for p in doc.paragraphs if p.text.strip()]
    for table in doc.tables:
        for row in table.rows:
            cells = list(dict.fromkeys(c.text.strip() for c in row.cells if c.text.strip()))
            if cells:
                out.append(("\t".join(cells), False))
    return out


class _Paragraphs(HTMLParser):
    """Text of an HTML page by block element; scripts, styles and navigation left out."""
    BLOCKS = {"p", "div", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "br", "section", "article",
              "blockquote", "pre", "table", "title"}
    SKIP = {"script", "style", "nav", "footer", "header", "noscript", "template", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.buf, self.skip, self.heading = [], [], 0, False

    def _flush(self):
        text = " ".join("".join(self.buf).split())
        if text:
            self.out.append((text, self.heading))
        self.buf, self.heading = [], False

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCKS:
            self._flush()
            self.heading = tag in ("h1", "h2", "h3", "h4", "h5", "h6")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data):
        if not self.skip:
            self.buf.append(data)


def _html_paragraphs(html: str) -> list[tuple[str, bool]]:
    parser = _Paragraphs()
    parser.feed(html)
    parser.close()
    parser._flush()
    return parser.out


def _pdf_pages(path: Path) -> list[list[tuple[str, bool]]]:
    """Each page's paragraphs (lines joined where a sentence runs on); a PDF without a text layer is an error."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError
    try:
        reader = PdfReader(str(path))
        texts = [clean(page.extract_text() or "")[0] for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise _unreadable(path, exc, "open it in a PDF reader and save or print it to PDF again") from None
    if not any(t.strip() for t in texts):
        raise DataError([Problem("no-text-layer", f"the PDF has {len(texts)} page(s) but no text layer (scanned "
                                 "images?); reportgen does no OCR", str(path),
                                 hint="export the text from the original document, or run OCR first (e.g. ocrmypdf)")])
    return [_pdf_paragraphs(t) for t in texts]


def _pdf_paragraphs(text: str) -> list[tuple[str, bool]]:
    """A page's lines joined into paragraphs: a line that does not end a sentence runs on into the next."""
    out, buf = [], ""
    for line in (ln.strip() for ln in text.splitlines()):
        if not line:
            if buf:
                out.append((buf, False))
            buf = ""
            continue
        joiner = " " if buf and re.search(r"[A-Za-z0-9,;]$", buf) and re.match(r"[A-Za-z0-9(]", line) else ""
        buf = buf + joiner + line if buf else line
        if re.search(r"[。！？.!?:：]$", line):
            out.append((buf, False))
            buf = ""
    if buf:
        out.append((buf, False))
    return out


def _unreadable(path: Path, exc: Exception, hint: str) -> DataError:
    return DataError([Problem("unreadable-document", f"cannot read the document ({type(exc).__name__}: "
                              f"{str(exc)[:120]})", str(path), hint=hint)])
