"""A brief's publication settings: what a reader sees around the figures (cover line, edition, back page).

These are settings of the brief definition (``publication:``), not template text, so a user changes the contact,
call to action or licence without touching a template. Every text is per language ({en: …, zh: …}) or one text
for both; a contact detail that is not set is left out of the brief, never filled with a stand-in.
"""
from __future__ import annotations

from typing import Literal, Union

from pydantic import field_validator

from reportgen.core.langs import LANGS
from reportgen.core.schema import Schema

Text = Union[dict[Literal[LANGS], str], str]     # per language, or one text for every language


def _local(value, lang: str) -> str:
    return str((value.get(lang) if isinstance(value, dict) else value) or "")


class Contact(Schema):
    """How a reader reaches the publisher: office and web as the sources give them; e-mail, phone and person are
    the user's to fill."""
    office: Text = ""
    address: Text = ""
    person: Text = ""
    email: str = ""
    phone: str = ""
    web: str = ""

    @field_validator("web")
    @classmethod
    def _web_address(cls, value: str) -> str:
        """Printed as a link: an http(s) address only (``javascript:alert(1)`` would be a live link in a PDF)."""
        from reportgen.core.text import linkable
        if value and not (linkable(value) and value.lower().startswith(("http://", "https://"))):
            raise ValueError("web must be an address starting with https:// or http://")
        return value


class Publication(Schema):
    """The ``publication:`` block of a brief. ``rights`` may use {year} and {publisher}."""
    version: str = ""
    tagline: Text = ""            # the one-line value proposition under the title
    cover_figures: list[str] = []  # 3–4 headline figures (fact ids or entity:metric) as tiles on the cover
    partners: Text = ""           # "Based on the report prepared by …" on the cover
    publisher: Text = ""          # who issues the brief (default: the dataset's, subject.yaml)
    keywords: Text = ""           # the PDF's and the Word file's keywords, comma-separated
    call_to_action: Text = ""
    contact: Contact = Contact()
    acknowledgements: Text = ""
    disclaimer: Text = ""
    rights: Text = ""
    licence: Text = ""

    def text(self, key: str, lang: str) -> str:
        return _local(getattr(self, key), lang)

    def contact_item(self, key: str, lang: str) -> str:
        return _local(getattr(self.contact, key), lang)
