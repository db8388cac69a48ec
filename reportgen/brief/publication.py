"""A brief's publication settings: what a reader sees around the figures (cover line, edition, back page).

These are settings of the brief definition (``publication:``), not template text, so a user changes the contact,
call to action or licence without touching a template. Every text is per language; a contact detail that is not
set is left out of the brief, never filled with a stand-in.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from reportgen.core import files as yamlfile
from reportgen.core.errors import Problems, did_you_mean

TEXTS = ("tagline", "call_to_action", "disclaimer", "rights", "licence", "publisher", "partners",
         "acknowledgements")
CONTACT = ("office", "address", "web", "email", "phone", "person")
KEYS = TEXTS + ("version", "contact")


@dataclass
class Publication:
    """Per-language texts ({lang: text}) and contact details; an empty value is not printed."""
    texts: dict[str, dict] = field(default_factory=dict)
    contact: dict[str, dict] = field(default_factory=dict)
    version: str = ""

    def text(self, key: str, lang: str) -> str:
        return str((self.texts.get(key) or {}).get(lang) or "")

    def contact_item(self, key: str, lang: str) -> str:
        value = self.contact.get(key)
        if isinstance(value, dict):
            value = value.get(lang)
        return str(value or "")


def _per_lang(value) -> dict:
    return value if isinstance(value, dict) else {"en": value, "zh": value}


def load(raw: dict | None, path, problems: Problems) -> Publication:
    """Read ``publication:``; unknown keys are reported with a suggestion (a typo must not hide a setting)."""
    raw = raw or {}
    if not isinstance(raw, dict):
        problems.add("bad-publication", "publication must be a mapping", path, yamlfile.line_of(raw))
        return Publication()
    for key in raw:
        if key not in KEYS:
            problems.add("unknown-field", f"publication: unknown key {key!r}", path, yamlfile.line_of(raw, key),
                         hint=did_you_mean(key, KEYS) or f"one of {', '.join(KEYS)}")
    contact = raw.get("contact") or {}
    for key in contact:
        if key not in CONTACT:
            problems.add("unknown-field", f"publication.contact: unknown key {key!r}", path,
                         yamlfile.line_of(contact, key), hint=did_you_mean(key, CONTACT) or f"one of {', '.join(CONTACT)}")
    return Publication({k: _per_lang(raw[k]) for k in TEXTS if raw.get(k)}, dict(contact), str(raw.get("version", "")))

