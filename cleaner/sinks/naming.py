"""Safe output names: whatever a record id or URL contains, the name stays inside the folder.

Ids come from crawls, so they may be ``../../x``, ``/etc/x``, ``CON``, 400 characters long or
contain newlines.  A name is built from safe characters only, every path component is checked,
Windows device names are defused, and long or lossy names get a short hash of the id so two
different ids do not end up in the same file.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from ..names import strip_compression
from .base import id_key

_UNSAFE = re.compile(r"[^A-Za-z0-9._\-]+")
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
MAX_COMPONENT = 120  # bytes, well under every filesystem's 255
MAX_DEPTH = 8
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*://")
_KNOWN_SUFFIX = re.compile(r"\.(?:html?|xhtml|shtml|txt|text|php|aspx?|jsp)$", re.I)


def short_hash(text: str, n: int = 10) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()[:n]


def safe_component(part: str) -> str:
    """One path component made of safe characters, never empty, '.', '..' or a device name."""
    s = _UNSAFE.sub("_", part).strip("._- ") or "_"
    if s.split(".")[0].lower() in _RESERVED:
        s = "_" + s
    if len(s) > MAX_COMPONENT:
        s = s[: MAX_COMPONENT - 11].rstrip("._") + "-" + short_hash(part)
    return s


def name_from_path(rel: str, suffix: str = ".txt") -> str:
    """``sub/page.html.gz`` -> ``sub/page.txt`` (folders mirrored, each component made safe)."""
    parts = [p for p in strip_compression(rel).replace("\\", "/").split("/") if p not in ("", ".", "..")]
    parts = parts[-MAX_DEPTH:] or ["_"]
    parts[-1] = _KNOWN_SUFFIX.sub("", parts[-1])
    return "/".join(safe_component(p) for p in parts) + suffix


def name_from_id(record_id: str, suffix: str = ".txt") -> str:
    """A flat name for a record id or URL; a hash of the id is added when the id had to change."""
    body = _SCHEME.sub("", record_id).rstrip("/")
    safe = safe_component(body.replace("/", "_"))
    if safe != record_id:
        safe = (safe[: MAX_COMPONENT - 11].rstrip("._-") or "_") + "-" + short_hash(record_id)
    return safe + suffix


def with_hash(name: str, record_id: str, suffix: str = ".txt") -> str:
    """``a/b.txt`` -> ``a/b-1a2b3c4d5e.txt``: disambiguate two records that want one name."""
    stem = name[: -len(suffix)] if name.endswith(suffix) else name
    return f"{stem}-{short_hash(record_id)}{suffix}"


def inside(root: Path, name: str) -> Path:
    """``root / name``, refusing any name that would resolve outside ``root`` (symlinks included)."""
    base = root.resolve()
    target = (base / name).resolve()
    if os.path.commonpath([base, target]) != str(base) or target == base:
        raise ValueError(f"output name {name!r} escapes the output folder")
    return base / name


class Confined:
    """Paths of names under one output folder, checked as :func:`inside` checks them at a
    fraction of its cost (two full path resolutions a record were a fifth of the batch's own
    work): the folder is resolved once, each subfolder once per run, and a name's last
    component costs one ``lstat`` (a link there, or a ``..``, gets the full check).  O(1) per
    name after its subfolder's first; one set entry per subfolder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._checked: set[str] = set()
        self._base: Path | None = None

    def path(self, name: str) -> Path:
        """``root / name``; ValueError for a name that would resolve outside ``root``."""
        parent, _, leaf = name.rpartition("/")
        if self._base is None or parent not in self._checked or leaf in ("", ".", ".."):
            return self._check(parent, name)
        target = self._base / name
        return self._check(parent, name) if target.is_symlink() else target

    def _check(self, parent: str, name: str) -> Path:
        target = inside(self.root, name)
        if self._base is None:
            self._base = self.root.resolve()
        self._checked.add(parent)
        return target


class FolderNamer:
    """Assigns folder-output names in input order; two ids wanting one name get a hash suffix.

    Only folder output needs this (one file per name), and only it pays for it: one small dict
    entry per document.  File outputs keep nothing per record, so memory stays flat however
    many records a run has (a repeated id is written again, as the input has it).
    """

    def __init__(self, folder: bool, suffix: str = ".txt") -> None:
        self.folder = folder
        self.suffix = suffix  # ".txt", or ".md" for Markdown output
        self.seen: dict[int, int] = {}

    def assign(self, record_id: str, whole_file_rel: str | None) -> str | None:
        """The record's name (None for file outputs); raises KeyError for a repeated id.  O(len(id))."""
        if not self.folder:
            return None
        rid = id_key(record_id)
        suffix = self.suffix
        if whole_file_rel is not None:
            name = name_from_path(whole_file_rel, suffix)
        else:
            name = name_from_id(record_id, suffix)
        for candidate in (name, with_hash(name, record_id, suffix)):
            k = id_key(candidate.casefold())
            owner = self.seen.get(k)
            if owner is None:
                self.seen[k] = rid
                return candidate
            if owner == rid:
                raise KeyError(record_id)
        raise KeyError(record_id)
