"""The outbox journal (SQLite, in the output folder): one row per message and its fate, so nothing goes twice.

A message is keyed by what it is (brief, language, addressees, subject and the hash of its merged parameters).
Its state is written *before* it goes out (``sending``) and after (``sent``, ``failed`` or ``unknown``), each
change committed at once. A row still ``sending`` when a run starts belongs to a run that was killed mid-send:
the server may have the message, so it becomes ``unknown``, like a connection lost after the message's data.
Unknown messages are reported on every run and sent again only when the user asks.
"""
from __future__ import annotations

import contextlib
import hashlib
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from reportgen.core.errors import MachineError, Problem


@dataclass(frozen=True)
class Entry:
    key: str
    recipients: str
    label: str               # the attached file's name
    state: str
    message_id: str
    error: str


@contextlib.contextmanager
def exclusive(out: Path):
    """One mail run per output folder at a time: two runs into one folder would attach each other's PDFs, and the
    same command started twice would deliver twice (and take the other's messages in flight for killed ones).
    The lock (``outbox.lock``, an OS file lock) goes with the process, also when it is killed."""
    from filelock import FileLock, Timeout
    path = out / "outbox.lock"
    try:
        out.mkdir(parents=True, exist_ok=True)
        lock = FileLock(path, timeout=0)
        lock.acquire()
    except Timeout:
        raise MachineError([Problem("already-running", "another `reportgen mail` is already running with this "
                                    "--out folder", str(path), hint="wait for it to finish, or give this run "
                                    "its own --out folder")]) from None
    except OSError as exc:
        raise _unusable(path, exc) from None
    try:
        yield
    finally:
        lock.release()


def _unusable(path: Path, exc: Exception) -> MachineError:
    return MachineError([Problem("outbox-unusable", f"the outbox journal cannot be used: {exc}", str(path),
                                 hint="give --out a folder you may write to; a journal that is not a database "
                                      "(damaged, or another file) must be moved away: the run will not guess "
                                      "what was delivered")])


class Outbox:
    def __init__(self, path: Path):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, isolation_level=None)   # autocommit: every state change is durable
            self._open()
        except (sqlite3.Error, OSError) as exc:
            raise _unusable(path, exc) from None

    def _open(self) -> None:
        self.db.execute("""create table if not exists messages (
            key text primary key, recipients text, message_id text, state text, attempts integer default 0,
            last_error text default '', updated real)""")
        columns = {row[1] for row in self.db.execute("pragma table_info(messages)")}
        if "label" not in columns:                     # journals written before labels were kept
            self.db.execute("alter table messages add column label text default ''")
        self.db.execute("update messages set state = 'unknown', last_error = 'the run sending it was stopped' "
                        "where state = 'sending'")

    @staticmethod
    def key(*parts) -> str:
        return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:24]

    def get(self, key: str) -> Entry | None:
        row = self.db.execute("select key, recipients, label, state, message_id, last_error from messages "
                              "where key = ?", (key,)).fetchone()
        return Entry(*row) if row else None

    def sending(self, key: str, recipients: str, label: str, message_id: str) -> None:
        """Recorded before the message goes out: if this run dies now, the next one knows the fate is unknown."""
        self.db.execute("insert into messages (key, recipients, label, message_id, state, updated) "
                        "values (?, ?, ?, ?, 'sending', ?) on conflict(key) do update set state = 'sending', "
                        "updated = excluded.updated", (key, recipients, label, message_id, time.time()))

    def mark(self, key: str, state: str, attempts: int, error: str = "") -> None:
        self.db.execute("update messages set state = ?, attempts = attempts + ?, last_error = ?, updated = ? "
                        "where key = ?", (state, attempts, error[:500], time.time(), key))

    def unknown(self) -> list[Entry]:
        rows = self.db.execute("select key, recipients, label, state, message_id, last_error from messages "
                               "where state = 'unknown' order by updated").fetchall()
        return [Entry(*row) for row in rows]

    def settle_unknown(self) -> list[Entry]:
        """The user checked that the messages of unknown fate arrived: record them as sent."""
        entries = self.unknown()
        self.db.execute("update messages set state = 'sent', last_error = 'marked as sent by the user' "
                        "where state = 'unknown'")
        return entries
