"""A failed build replaces nothing: all outputs of one build are staged, then renamed into place together.

Each output is first written to a hidden temporary file beside its target (``.<name>.<pid>.<random>.part``, so
the rename is atomic on one file system). Only when every output of the build has been written are they renamed
into place; any failure (an exception, Ctrl-C, a full disk, a folder that is not writable) removes the staged
files and leaves every earlier output byte-identical. The pid in the name lets a batch clear what a killed
worker process left behind.
"""
from __future__ import annotations

import errno
import os
import re
import tempfile
from pathlib import Path

from reportgen.core.errors import MachineError, Problem

_HINTS = {errno.ENOSPC: "free some space, or write elsewhere with --out",
          errno.EDQUOT: "free some space, or write elsewhere with --out",
          errno.EACCES: "choose a folder you may write to, with --out",
          errno.EPERM: "choose a folder you may write to, with --out",
          errno.EROFS: "choose a folder on a writable file system, with --out"}


def write_error(exc: OSError, path: Path) -> MachineError:
    """An ``OSError`` met while writing ``path``, as a located message."""
    return MachineError([Problem("cannot-write", f"{exc.strerror or exc}; nothing was replaced", str(path),
                                        hint=_HINTS.get(exc.errno, "check the folder and the disk"))])


class Staging:
    """Outputs staged for one build; ``commit`` renames them all into place, ``discard`` removes them."""

    def __init__(self):
        self.staged: list[tuple[Path, Path]] = []      # (temporary file, target)

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, kind, exc, tb) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()

    def write(self, path: Path, data: bytes) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:64]}.{os.getpid()}.", suffix=".part", dir=path.parent)
        except OSError as exc:
            raise write_error(exc, path) from None
        self.staged.append((Path(tmp), path))
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o666 & ~_umask())
        except OSError as exc:
            raise write_error(exc, path) from None

    def commit(self) -> list[Path]:
        """Rename every staged file into place (each rename is atomic); the targets, in the order staged."""
        try:
            for tmp, path in self.staged:
                os.replace(tmp, path)
        except OSError as exc:
            self.discard()
            raise write_error(exc, path) from None
        done, self.staged = [path for _, path in self.staged], []
        return done

    def discard(self) -> None:
        for tmp, _ in self.staged:
            tmp.unlink(missing_ok=True)
        self.staged = []


def atomic_write(path: Path, data: bytes) -> None:
    """Write one file so that it is either wholly new or untouched."""
    with Staging() as stage:
        stage.write(path, data)


NAME_BYTES = 200      # a file name's stem: room for ".zh.claims.csv" and a "-2" under the usual 255-byte limit


def fit_name(stem: str, limit: int = NAME_BYTES) -> str:
    """``stem`` cut to ``limit`` bytes of UTF-8 (never inside a character), ending in a short hash of the whole
    stem so that two long names that share their start stay apart."""
    if len(stem.encode("utf-8")) <= limit:
        return stem
    import hashlib
    tag = "-" + hashlib.sha256(stem.encode("utf-8")).hexdigest()[:10]
    head = stem.encode("utf-8")[:limit - len(tag)].decode("utf-8", "ignore")
    return head + tag


_PART = re.compile(r"^\..+\.(\d+)\.[^.]+\.part$")


def clear_orphans(folder: Path) -> list[Path]:
    """Remove staged files left by processes that no longer run (a worker killed mid-build)."""
    removed = []
    for part in folder.glob(".*.part"):
        m = _PART.match(part.name)
        if m and not _alive(int(m.group(1))):
            part.unlink(missing_ok=True)
            removed.append(part)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
