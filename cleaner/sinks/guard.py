"""Guards run before anything is written: outputs never touch inputs, one run per output.

A batch must never destroy its own input.  :func:`check_outputs` refuses (as a usage error)
any output path (``-o``, ``--errors``, ``--summary``, and the temporary files beside them) that
is an input file, lies inside an input folder (a later run would read it back), holds an input
(a folder output around its inputs would overwrite them), or is another output.
:class:`OutputLock` stops two runs from writing into the same output at once (with ``--resume``
they would read each other's half-written files).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType

from .base import OutputError, create_temp

STDIN = "-"


def _real(path: str | os.PathLike[str]) -> Path:
    """The absolute path with every existing symlink resolved (the file that would be touched)."""
    return Path(os.path.realpath(path))


def _within(child: Path, parent: Path) -> bool:
    return child == parent or parent in child.parents


def _same_file(a: Path, b: Path) -> bool:
    """Same path, or two names for one file (hard link, bind mount)."""
    if a == b:
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_outputs(
    outputs: Sequence[tuple[str, str | os.PathLike[str]]],
    inputs: Sequence[str],
    input_files: Iterable[str],
    folder_output: str | os.PathLike[str] | None = None,
) -> None:
    """Raise :class:`OutputError` if an output could overwrite or be read back as an input.

    ``outputs``: (option name, path) pairs, e.g. ("-o", "out.jsonl"); ``inputs``: the INPUT
    arguments; ``input_files``: the files they expand to; ``folder_output``: the -o path when
    it is a folder.  Cost: O((outputs + inputs) x depth) path checks, plus one stat per input
    file for a folder output or file outputs that already exist.
    """
    resolved = [(opt, _real(p)) for opt, p in outputs]
    for i, (opt_a, a) in enumerate(resolved):
        for opt_b, b in resolved[:i]:
            if a == b:
                raise OutputError(f"{opt_a} and {opt_b} are the same file ({str(a)!r})")
    args = [(arg, _real(arg)) for arg in inputs if arg != STDIN and os.path.exists(arg)]
    for opt, out in resolved:
        for arg, real in args:
            if _same_file(out, real):
                raise OutputError(f"{opt} {str(out)!r} is an input ({arg!r}): it would be overwritten")
            if real.is_dir() and _within(out, real):
                raise OutputError(
                    f"{opt} {str(out)!r} is inside the input folder {arg!r}: a later run would read it back"
                )
    folder = None if folder_output is None else _real(folder_output)
    existing = [(opt, out) for opt, out in resolved if out.exists() and not out.is_dir()]
    if folder is None and not existing:
        return
    for f in input_files:
        if f == STDIN:
            continue
        real = _real(f)
        if folder is not None and _within(real, folder):
            raise OutputError(f"-o {str(folder)!r} holds the input {f!r}: it could be overwritten")
        for opt, out in existing:
            if _same_file(out, real):
                raise OutputError(f"{opt} {str(out)!r} is an input ({f!r}): it would be overwritten")


def check_writable(outputs: Sequence[tuple[str, str | os.PathLike[str], bool]]) -> None:
    """Raise :class:`OutputError` now, before any work, for an output that could not be written
    at the end: a file output that is a folder, a folder output that is a file, or a place
    where no file can be made (a read-only mount, no permission, a file where a folder is
    needed).  ``outputs``: (option name, path, is a folder) triples.  Each folder is probed
    once by making and removing a fresh temporary file.  O(outputs x depth)."""
    probed: set[Path] = set()
    for opt, path, is_folder in outputs:
        p = Path(path)
        if not is_folder and p.is_dir():
            raise OutputError(f"{opt} {str(p)!r} is a folder, and a file is written there; name a file")
        if is_folder and (p.exists() or p.is_symlink()) and not p.is_dir():
            raise OutputError(f"{opt} {str(p)!r} exists and is not a folder (file outputs end in .jsonl or .parquet)")
        where = Path(os.path.abspath(p if is_folder else p.parent))
        while not where.exists() and not where.is_symlink() and where != where.parent:
            where = where.parent  # the folder that must take the first new entry
        if where in probed:
            continue
        if not where.is_dir():
            raise OutputError(f"{opt} {str(p)!r} cannot be written: {str(where)!r} is not a folder")
        try:
            fh, tmp = create_temp(where / "probe")
            fh.close()
            os.unlink(tmp)
        except OSError as exc:
            raise OutputError(f"{opt} {str(p)!r} cannot be written: {exc.strerror or exc} in {str(where)!r}") from None
        probed.add(where)


class OutputLock:
    """An exclusive, non-blocking lock on ``path`` (an empty file beside the output).

    The lock is held by the open file, so the kernel releases it when the process dies however
    it dies (a killed run's file stays and is reused).  A finished run removes the file while
    it still holds the lock; a run that locked a file and then finds its name gone or given to
    another file starts over, so two runs never hold two different files for one output.  A
    name that is a symlink, a hard link, a special file or a non-empty file was not made here
    and is refused (it is never written, truncated or removed).  Where ``fcntl`` is missing
    (Windows) it does nothing.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    def __enter__(self) -> OutputLock:
        try:
            import fcntl
        except ImportError:
            return self
        flags = os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        for _ in range(10):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(self.path, flags, 0o666)
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    raise OutputError(
                        f"{str(self.path)!r} is a symlink, not a lock file cleaner made; remove it"
                    ) from None
                raise OutputError(f"cannot write {str(self.path)!r}: {exc.strerror or exc}") from None
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or st.st_nlink != 1 or st.st_size:
                os.close(fd)
                raise OutputError(f"{str(self.path)!r} is not a lock file cleaner made; move it away")
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                raise OutputError(
                    f"another cleaner run is writing to this output (it holds {str(self.path)!r});"
                    " wait for it to finish"
                ) from None
            if self._names(st):
                self._fd = fd
                return self
            os.close(fd)  # the run that held it finished and removed it: lock a fresh one
        raise OutputError(f"cannot lock {str(self.path)!r}: other runs keep replacing it")

    def _names(self, st: os.stat_result) -> bool:
        """True if ``path`` still names the file ``st`` describes."""
        try:
            now = os.stat(self.path, follow_symlinks=False)
        except OSError:
            return False
        return (now.st_dev, now.st_ino) == (st.st_dev, st.st_ino)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._fd is not None:
            if self._names(os.fstat(self._fd)):
                with contextlib.suppress(OSError):
                    os.unlink(self.path)
            os.close(self._fd)
            self._fd = None
