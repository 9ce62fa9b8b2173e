"""Guards run before anything is written: outputs never touch inputs, one run per output.

A batch must never destroy its own input.  :func:`check_outputs` refuses (as a usage error)
any output path (``-o``, ``--errors``, ``--summary``, and the temporary files beside them) that
is an input file, lies inside an input folder (a later run would read it back), holds an input
(a folder output around its inputs would overwrite them), or is another output.
:class:`OutputLock` stops two runs from writing into the same output at once (with ``--resume``
they would read each other's half-written files).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType

from .base import OutputError

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


class OutputLock:
    """An exclusive, non-blocking lock on ``path`` (a small file beside the output).

    The lock is held by the open file, so the kernel releases it when the process dies however
    it dies; the file itself stays (removing it would let a third run lock a fresh file while a
    second one still holds the old).  Where ``fcntl`` is missing (Windows) it does nothing.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    def __enter__(self) -> OutputLock:
        try:
            import fcntl
        except ImportError:
            return self
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            raise OutputError(f"cannot write the output: {exc}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise OutputError(
                f"another cleaner run is writing to this output (it holds {str(self.path)!r}); wait for it to finish"
            ) from None
        self._fd = fd
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
