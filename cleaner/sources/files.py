"""Input files: expand arguments into files, open them with transparent decompression.

Compression is recognised by magic bytes, not by name, so ``-`` (stdin) and misnamed files
work too.  Every decompressed read goes through :func:`read_capped`, so a gzip bomb costs at
most ``cap`` bytes of memory before it is reported as too large; nothing is ever allocated by the
cap itself, so ``--max-bytes 1T`` is as safe as the default.

Folder walks follow symlinked folders once (a folder reached again, as through a symlink loop, is
not entered twice) and report links that lead nowhere; named FIFOs and process substitution
(``<(cat page.html)``) are read as streams.
"""

from __future__ import annotations

import bz2
import dataclasses
import fnmatch
import glob
import gzip
import io
import os
import re
import stat
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any, BinaryIO

from ..names import strip_compression
from .record import InputError

STDIN = "-"
_GLOB_CHARS = set("*?[")


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file to read; ``rel`` is its path relative to the folder argument it was found in.

    ``problem`` is set for an entry found in a folder that cannot be read (a symlink loop, a
    dangling link, a FIFO or socket): reading it gives one failed record saying why.  ``skip``
    is set for a file found in a folder or glob that is not an input (see :func:`skip_reason`):
    reading it gives nothing.
    """

    path: str  # "-" for stdin
    rel: str  # name used for ids and output names: relative to the input root, never to the cwd
    problem: tuple[str, str] | None = None  # (error kind, message)
    root: str = ""  # the input root's name (the folder, file or glob folder named on the command line)
    skip: str | None = None  # why a file found in a folder or glob is not read (counted in the summary)

    @property
    def size(self) -> int | None:
        try:
            return None if self.path == STDIN else os.path.getsize(self.path)
        except OSError:
            return None


def _kind(path: str) -> tuple[str, os.stat_result | None]:
    """("file" | "dir" | "stream" | "link" | "other" | "missing", stat of the target).

    "stream" is a FIFO or character device (process substitution gives ``/dev/fd/N``); "link" is
    a symlink that leads nowhere (dangling, or a loop: ``stat`` fails with ELOOP).
    """
    try:
        st = os.stat(path)
    except OSError:
        return ("link" if os.path.islink(path) else "missing"), None
    if stat.S_ISDIR(st.st_mode):
        return "dir", st
    if stat.S_ISREG(st.st_mode):
        return "file", st
    if stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode):
        return "stream", st
    return "other", st


def _link_problem(path: str) -> tuple[str, str]:
    try:
        os.stat(path)
    except OSError as exc:
        return "bad_link", f"symlink cannot be followed: {exc.strerror or exc}"
    return "bad_link", "symlink cannot be followed"  # pragma: no cover - raced with a change


def root_name(path: str) -> str:
    """The name of an input root: ``pages/`` -> ``pages``, ``.`` -> the folder's own name,
    ``/x/crawl.warc.gz`` -> ``crawl.warc.gz``; the same whatever the working folder.  O(len)."""
    return os.path.basename(os.path.normpath(os.path.abspath(path))) or "root"


def _glob_root(pattern: str) -> str:
    """The folder a glob's matches are relative to: its longest leading part without magic.

    ``crawl/2024/*.warc.gz`` -> ``crawl/2024``; ``*.html`` -> ``.``.  O(len(pattern))."""
    parts = pattern.replace("\\", "/").split("/")
    fixed: list[str] = []
    for part in parts[:-1]:
        if _GLOB_CHARS & set(part):
            break
        fixed.append(part)
    if not fixed:
        return "."
    return "/".join(fixed) or "/"


def _walk(
    root: str, exclude: set[str], seen_dirs: set[tuple[int, int]], prefix: str = "", root_label: str = ""
) -> Iterator[InputFile]:
    """Files under ``root``, sorted (a folder's files, then its subfolders), skipping hidden entries and our outputs.

    Symlinked folders are followed, but a folder already walked (by device and inode) is not
    entered again, so symlink loops end.  Time O(entries · log entries), memory O(depth + folders).
    """
    label = root_label or root_name(root)
    st = os.stat(root)
    seen_dirs.add((st.st_dev, st.st_ino))
    stack: list[tuple[str, str]] = [(root, prefix)]  # (folder, its path relative to the input root)
    while stack:
        folder, prefix = stack.pop()
        try:
            names = sorted(e.name for e in os.scandir(folder) if not e.name.startswith("."))
        except OSError as exc:
            problem = ("io_error", f"cannot list folder: {exc.strerror}")
            yield InputFile(folder, prefix.rstrip("/") or ".", problem, label)
            continue
        subdirs: list[tuple[str, str]] = []
        for name in names:
            path = os.path.join(folder, name)
            rel = prefix + name
            if os.path.realpath(path) in exclude:
                continue
            kind, target = _kind(path)
            if kind == "dir":
                assert target is not None
                key = (target.st_dev, target.st_ino)
                if key not in seen_dirs:
                    seen_dirs.add(key)
                    subdirs.append((path, rel + "/"))
            elif kind == "file":
                yield InputFile(path, rel, None, label)
            elif kind == "link":
                yield InputFile(path, rel, _link_problem(path), label)
            elif kind in ("stream", "other"):  # reading a FIFO nobody writes to would hang the walk
                problem = ("not_a_file", "a FIFO, socket or device found in a folder is not read")
                yield InputFile(path, rel, problem, label)
        stack.extend(reversed(subdirs))


# What a folder holds besides pages: read only when --include names them.
_INPUT_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".txt", ".text", ".jsonl", ".ndjson", ".warc", ".arc")


def skip_reason(f: InputFile, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> str | None:
    """Why a file found in a folder or glob is not an input, or None to read it.

    ``--exclude`` globs win, then ``--include`` globs (matched against the path relative to the
    input root; ``*`` crosses folders) choose alone.  Otherwise the name decides: pages, text
    dumps, JSONL and WARC (compressed too) and names without an extension are read (the latter
    sniffed, so a binary one fails by name); a ``.json`` file is read when its lines are JSONL
    records; anything else (``manifest.csv``, ``index.cdx``, ``README.md``, ``expected.json``)
    is skipped.  O(len(name)), plus a 64 KB peek for a ``.json``.
    """
    if any(fnmatch.fnmatchcase(f.rel, g) for g in exclude):
        return "excluded (--exclude)"
    if include:
        return None if any(fnmatch.fnmatchcase(f.rel, g) for g in include) else "not matched by --include"
    base = strip_compression(os.path.basename(f.rel)).lower()
    ext = os.path.splitext(base)[1]
    if not ext or base.endswith(_INPUT_SUFFIXES):
        return None
    if ext == ".json":
        return None if _holds_jsonl(f.path) else "not an input (.json that is not JSONL records)"
    return f"not an input ({ext})"


def _holds_jsonl(path: str) -> bool:
    from .sniff import looks_jsonl

    try:
        with open_raw(path) as raw:
            return looks_jsonl(decompressed_head(raw, compression_of(raw.peek(4)[:4]), PEEK))
    except OSError:
        return True  # read it: the read reports the error


def expand_inputs(
    args: Sequence[str],
    exclude: Iterable[str | os.PathLike[str]] = (),
    *,
    include_globs: Sequence[str] = (),
    exclude_globs: Sequence[str] = (),
) -> list[InputFile]:
    """Turn INPUT arguments (files, folders, globs, ``-``, FIFOs) into a sorted, de-duplicated file list.

    Raises :class:`InputError` for an argument that matches nothing or cannot be followed: that
    is a usage error, not a failed record.  Paths in ``exclude`` (our outputs) are never read
    when a folder or glob is expanded.  A file found in a folder or glob that is not an input
    (:func:`skip_reason`, with ``--include``/``--exclude`` globs) is listed with ``skip`` set; a
    file named on the command line is always read.  Time O(entries · log entries).
    """
    excl = {os.path.realpath(e) for e in exclude}
    out: list[InputFile] = []
    seen: set[str] = set()
    seen_dirs: set[tuple[int, int]] = set()

    def add(f: InputFile, named: bool = False) -> None:
        key = f.path if f.path == STDIN else os.path.realpath(f.path)
        if key not in seen:
            seen.add(key)
            if not named and f.problem is None:
                reason = skip_reason(f, include_globs, exclude_globs)
                if reason is not None:
                    f = dataclasses.replace(f, skip=reason)
            out.append(f)

    def add_path(path: str, named: bool, glob_root: str | None = None) -> None:
        """One argument or glob match; ``named``: given explicitly, so a FIFO is read.

        A glob match's ``rel`` is relative to the glob's fixed folder (``crawl/*/x.warc`` gives
        ``a/x.warc``), an argument's to itself (a folder's files) or its own name (a file)."""
        kind, _ = _kind(path)
        rel = os.path.relpath(path, glob_root).replace(os.sep, "/") if glob_root is not None else None
        name = root_name(glob_root if glob_root is not None else path)
        if kind == "dir":
            for f in _walk(path, excl, seen_dirs, "" if rel is None else rel + "/", name):
                add(f)
        elif kind == "file" or (kind == "stream" and named):
            add(InputFile(path, rel or os.path.basename(path), None, name), named or glob_root is not None)
        elif kind == "link":
            raise InputError(f"{_link_problem(path)[1]}: {path!r}")
        elif kind != "missing":
            raise InputError(f"not a file or folder: {path!r}")
        else:
            raise InputError(f"no such file or folder: {path!r}")

    for arg in args:
        if arg == STDIN:
            add(InputFile(STDIN, "stdin", None, "stdin"), True)
        elif os.path.lexists(arg) or not (_GLOB_CHARS & set(arg)):
            add_path(arg, named=True)
        else:
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                raise InputError(f"no file matches {arg!r}")
            base = _glob_root(arg)
            for m in matches:
                if os.path.realpath(m) not in excl:
                    add_path(m, named=False, glob_root=base)
    return out


class TooLarge(Exception):
    """A record or decompressed file is larger than the per-document cap."""


def compression_of(head: bytes) -> str | None:
    """Which compression a stream starting with ``head`` uses, from its magic bytes."""
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"BZh"):
        return "bz2"
    if head.startswith(b"\x28\xb5\x2f\xfd"):
        return "zstd"
    return None


PEEK = 1 << 16  # bytes a reader can peek at before reading (to sniff the format from many lines)


def open_raw(path: str) -> io.BufferedReader:
    """The undecoded byte stream of ``path`` (stdin for ``-``), peekable up to :data:`PEEK` bytes."""
    if path == STDIN:  # wrapped, not replaced: bytes already in its buffer are kept
        return io.BufferedReader(sys.stdin.buffer, PEEK)  # type: ignore[arg-type]
    return io.BufferedReader(io.FileIO(path, "rb"), PEEK)


def decompressed_head(raw: io.BufferedReader, kind: str | None, size: int) -> bytes:
    """Up to ``size`` leading bytes of the decompressed stream, tolerating truncation and junk."""
    head = raw.peek(max(size, 65536))
    try:
        if kind == "gzip":
            return zlib.decompressobj(31).decompress(head, size)
        if kind == "bz2":
            return bz2.BZ2Decompressor().decompress(head, size)
        if kind == "zstd":
            import zstandard

            # not decompressobj().decompress(head): it has no output limit, and 32 KB of zstd can hold 1 GB
            reader = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(head), read_across_frames=True)
            return reader.read(size)
    except Exception:  # a head we cannot decode: the real read reports the error
        return b""
    return head[:size]


class CorruptCompression(Exception):
    """Compressed data that cannot be decompressed (a corrupt block, junk after the last member)."""


_MAGIC = {"gzip": b"\x1f\x8b", "bz2": b"BZh", "zstd": b"\x28\xb5\x2f\xfd"}
_FEED = {"gzip": 1 << 14, "bz2": 1 << 14, "zstd": 256}  # compressed bytes per step (zstd: no output limit)
_OUT = 1 << 16  # decompressed bytes per step, where the decompressor takes a limit
INFLATE_RATIO = 1000  # a compressed input may inflate to this many times its size on disk ...
INFLATE_FLOOR = 1 << 20  # ... or to 1 MB, whichever is more (README: "Limits")


class _Inflate(io.RawIOBase):
    """The decompressed bytes of a gzip, bz2 or zstd stream (every member or frame), as they come.

    Python's gzip/bz2 readers and zstandard's stream reader lose the last buffer of data when
    they meet junk after the last member or a cut file (``BufferedReader`` drops what one read
    gathered when a later step raises), and a cut zstd frame ends silently.  Here every step
    hands over what it decompressed before any error, and the error (``EOFError`` for a cut
    file, :class:`CorruptCompression`, :class:`TooLarge`) is raised on the next read: a reader
    gets every complete record, then one failure.

    ``capped``: the input may inflate to at most ``max(INFLATE_FLOOR, INFLATE_RATIO x compressed
    bytes read)`` (text compresses 3-10 times, dumps of near-identical records up to ~200 times,
    and gzip cannot pass ~1,030 times); more is a decompression
    bomb (:class:`TooLarge`), so the time and the errors one input costs stay proportional to
    its size on disk.  Time O(compressed + decompressed),
    memory O(64 KB) per step (a zstd step, which takes no output limit: 256 bytes of input, 16
    after a step that inflated past 64 KB, so at most ~8 MB even for a block of runs).
    """

    def __init__(self, raw: BinaryIO, kind: str, capped: bool = False) -> None:
        super().__init__()
        self._raw = raw
        self._kind = kind
        self._capped = capped
        self._d = self._new()
        self._buf = b""  # compressed bytes read but not yet fed
        self._pending = b""  # decompressed bytes not yet handed over
        self._error: BaseException | None = None
        self._done = False
        self.bytes_in = 0
        self.bytes_out = 0
        self._last_out = 0

    def _new(self) -> Any:
        if self._kind == "gzip":
            return zlib.decompressobj(31)
        if self._kind == "bz2":
            return bz2.BZ2Decompressor()
        try:
            import zstandard
        except ImportError as exc:  # an optional extra
            raise ImportError("reading .zst needs the zstd extra: pip install 'webpage-cleaner[zstd]'") from exc
        return zstandard.ZstdDecompressor().decompressobj()

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while not self._pending:
            if self._error is not None:
                exc, self._error = self._error, None
                self._done = True
                raise exc
            if self._done:
                return 0
            try:
                self._pending = self._step()
            except (EOFError, CorruptCompression, ImportError) as exc:
                self._error = exc
            except Exception as exc:  # zlib.error, OSError from bz2, zstandard.ZstdError
                self._error = CorruptCompression(f"{type(exc).__name__}: {exc}"[:300])
            self._check_ratio()
        n = min(len(b), len(self._pending))
        b[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def _check_ratio(self) -> None:
        if not self._capped:
            return
        allowed = max(INFLATE_FLOOR, INFLATE_RATIO * self.bytes_in)
        over = self.bytes_out + len(self._pending) - allowed
        self.bytes_out += len(self._pending)
        if over > 0:
            self._pending = self._pending[: len(self._pending) - over]
            self.bytes_out -= over
            msg = (
                f"decompressed input larger than {INFLATE_RATIO:,} times its compressed size "
                f"(a decompression bomb): reading stopped after {self.bytes_out:,} bytes"
            )
            self._error = self._error or TooLarge(msg)

    def _fill(self) -> bool:
        if not self._buf:
            self._buf = self._raw.read(1 << 16)
            self.bytes_in += len(self._buf)
        return bool(self._buf)

    def _step(self) -> bytes:
        """Decompress a little more; b"" when this step only moved on (a new member, padding)."""
        d = self._d
        if d.eof:
            self._buf = d.unused_data + self._buf
            if not self._fill():
                self._done = True
                return b""
            magic = _MAGIC[self._kind]
            while len(self._buf) < len(magic) and magic.startswith(self._buf):
                more = self._raw.read(1 << 16)
                if not more:
                    break
                self.bytes_in += len(more)
                self._buf += more
            if self._buf.startswith(magic):
                self._d = self._new()
                return b""
            if self._kind == "gzip" and not self._buf.strip(b"\x00"):  # zero padding, as gzip allows
                self._buf = b""
                return b""
            raise CorruptCompression(f"{len(self._buf):,}+ bytes of junk after the end of the compressed data")
        if self._kind == "bz2" and not d.needs_input:
            return d.decompress(b"", _OUT)  # type: ignore[no-any-return]
        if self._kind == "gzip" and d.unconsumed_tail:
            return d.decompress(d.unconsumed_tail, _OUT)  # type: ignore[no-any-return]
        if not self._fill():
            raise EOFError("the file is cut short inside the compressed data")
        feed = _FEED[self._kind] if self._last_out <= _OUT else 16  # zstd: smaller feeds while it inflates hugely
        data, self._buf = self._buf[:feed], self._buf[feed:]
        out: bytes = d.decompress(data) if self._kind == "zstd" else d.decompress(data, _OUT)
        self._last_out = len(out)
        return out


def decompressing(raw: io.BufferedReader, kind: str | None, capped: bool = False) -> io.BufferedReader:
    """Wrap ``raw`` so reads return decompressed bytes (see :class:`_Inflate` for ``capped``)."""
    if kind is None:
        return raw
    return io.BufferedReader(_Inflate(raw, kind, capped), 1 << 16)  # type: ignore[arg-type]


def open_input(path: str) -> tuple[io.BufferedReader, str | None]:
    """Open ``path`` (or stdin for ``-``), decompressing when the magic bytes say so."""
    raw = open_raw(path)
    kind = compression_of(raw.peek(4)[:4])
    return decompressing(raw, kind), kind


DECOMPRESSION_ERRORS: tuple[type[BaseException], ...] = (
    EOFError,
    CorruptCompression,
    gzip.BadGzipFile,
    zlib.error,
    OSError,
    ValueError,
)


_STEP = 1 << 20  # bytes read at a time by read_capped


def clamp(n: int) -> int:
    """``n`` as a size C code accepts (a 23-digit --max-bytes overflows ``Py_ssize_t``)."""
    return min(n, sys.maxsize)


def read_capped(stream: BinaryIO, cap: int) -> bytes:
    """Read the whole stream, raising :class:`TooLarge` as soon as it exceeds ``cap`` bytes.

    Reads in 1 MB steps: memory is O(min(size, cap)) and time O(min(size, cap)); the cap is
    never allocated up front (``read(cap + 1)`` would, and fails for ``--max-bytes 1T``).
    """
    parts: list[bytes] = []
    total = 0
    while True:
        data = stream.read(_STEP)
        if not data:
            return b"".join(parts)
        total += len(data)
        if total > cap:
            raise TooLarge(f"larger than the {cap:,}-byte limit (--max-bytes)")
        parts.append(data)


_BLANK = re.compile(rb"[ \t\r\n\f\v]+")


def skip_blank_lines(stream: IO[bytes], peek: Callable[[int], bytes]) -> int:
    """Consume the blank lines at the stream's position at C speed; return how many.

    A dump of nothing but newlines (a decompression bomb) then costs a regex pass per buffer,
    not a Python loop turn per line.  O(blank bytes).
    """
    skipped = 0
    while True:
        buf = peek(1)
        m = _BLANK.match(buf)
        if m is None:
            return skipped
        end = buf.rfind(b"\n", 0, m.end()) + 1  # up to the last newline of the run: a line's indent stays
        if end == 0:
            return skipped
        skipped += buf.count(b"\n", 0, end)
        stream.read(end)


def capped_lines(stream: IO[bytes], cap: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) for each line of ``stream``; None instead of a line longer than
    ``cap`` bytes, which is skipped in 1 MB steps without being held.

    Blank lines are skipped at C speed where the stream can peek (:func:`skip_blank_lines`).
    Time O(size); memory O(min(longest line, cap))."""
    lineno = 0
    peek = getattr(stream, "peek", None)
    while True:
        if peek is not None:
            lineno += skip_blank_lines(stream, peek)
        line = stream.readline(clamp(cap + 1))
        if not line:
            return
        lineno += 1
        if len(line) > cap and not line.endswith(b"\n"):
            while True:
                rest = stream.readline(_STEP)
                if not rest or rest.endswith(b"\n"):
                    break
            yield lineno, None
            continue
        yield lineno, line


def describe_read_error(exc: BaseException) -> tuple[str, str]:
    """(error kind, message) for an exception raised while reading or decompressing."""
    if isinstance(exc, TooLarge):
        return "too_large", str(exc)
    if isinstance(exc, EOFError):
        return "truncated", f"compressed stream ends early: {exc}" if str(exc) else "compressed stream ends early"
    if isinstance(exc, CorruptCompression | gzip.BadGzipFile | zlib.error):
        return "corrupt_compression", str(exc)
    if isinstance(exc, ImportError):
        return "missing_dependency", str(exc)
    if isinstance(exc, OSError):
        return "io_error", str(exc) or type(exc).__name__
    return "read_error", f"{type(exc).__name__}: {exc}"
