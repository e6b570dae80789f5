"""Files in and out: read input safely, write output so nothing is ever lost.

Reading refuses what cannot be a hand-written text file (too large, binary, not
UTF-8) with a message that says so, before any parser sees it.

A write goes to a temporary file in the same directory and is renamed over the
target only once it is complete: a crash, a full disk or Ctrl-C half way leaves
the old file exactly as it was.
"""

from __future__ import annotations

import os
import sys

from .errors import InputError, OutputError
from .i18n import _

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from types import TracebackType
    from typing import BinaryIO, TextIO

MAX_FILE_BYTES = 2 * 1024 * 1024  # rule sets and answers files are a few KiB; 2 MiB is generous


def open_input(path: str, what: str = "input file") -> BinaryIO:
    """``path`` opened for reading bytes (``-`` is standard input), or an
    :class:`InputError` that says in words why it cannot be."""
    if path == "-":
        return sys.stdin.buffer
    if os.path.isdir(path):
        message = (
            _("{path}: is a directory, not an {what}")
            if what[:1] in "aeiou"
            else _("{path}: is a directory, not a {what}")
        )
        raise InputError(message.format(path=path, what=what))
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise InputError(_("{path}: no such {what}").format(path=path, what=what)) from None
    except PermissionError:
        raise InputError(_("{path}: permission denied reading the {what}").format(path=path, what=what)) from None
    except OSError as exc:
        raise InputError(
            _("{path}: cannot read the {what}: {error}").format(path=path, what=what, error=exc.strerror or exc)
        ) from None


def read_text(path: str, what: str = "file", limit: int = MAX_FILE_BYTES) -> str:
    """Read a whole file as UTF-8 text with clear errors; ``-`` is standard input."""
    name = "<stdin>" if path == "-" else path
    stream = open_input(path, what)
    try:
        data = stream.read(limit + 1)
    except OSError as exc:
        raise InputError(
            _("{path}: cannot read the {what}: {error}").format(path=name, what=what, error=exc.strerror or exc)
        ) from None
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    if len(data) > limit:
        raise InputError(
            _("{path}: the {what} is larger than the {limit} MiB limit; is this the right file?").format(
                path=name, what=what, limit=limit // (1024 * 1024)
            )
        )
    if b"\x00" in data:
        raise InputError(_("{path}: looks like binary data, not a text {what}").format(path=name, what=what))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            _("{path}:{line}: the {what} is not valid UTF-8 (byte {byte}); save it as UTF-8").format(
                path=name, line=line, what=what, byte=exc.start
            )
        ) from None
    return text.replace("\r\n", "\n")


def atomic_write(path: str, text: str, what: str = "output file") -> None:
    """Write ``text`` to ``path`` whole or not at all (``-`` is standard output)."""
    if path == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    with AtomicFile(path, what) as fh:
        fh.write(text)


class AtomicFile:
    """A text file that takes the place of ``path`` only when complete (renamed at the
    end, with the old file's mode); on any failure or interruption the temporary file is
    removed and an existing ``path`` stays exactly as it was.  The one writer: whole
    texts (:func:`atomic_write`) and streams (``batch --output``) both go through it."""

    def __init__(self, path: str, what: str = "output file", buffering: int = -1) -> None:
        self.path, self.what = path, what
        directory = os.path.dirname(os.path.abspath(path))
        if os.path.isdir(path):
            raise OutputError(_("{path}: is a directory; give a file name for the {what}").format(path=path, what=what))
        if not os.path.isdir(directory):
            raise OutputError(_("{path}: the folder {folder} does not exist").format(path=path, folder=directory))
        import tempfile  # only writes need it; start-up is a feature

        try:
            fd, self.tmp = tempfile.mkstemp(prefix=".scarhelp-", suffix=".tmp", dir=directory)
        except OSError as exc:
            raise self._error(exc) from None
        self.fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n", buffering=buffering)

    def __enter__(self) -> TextIO:
        return self.fh

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is not None:
            self._discard()
            if isinstance(exc, OSError):  # a full disk half way, say
                raise self._error(exc) from None
            return
        try:
            self.fh.flush()
            os.fsync(self.fh.fileno())
            self.fh.close()
            if os.path.exists(self.path):
                try:  # keep the old file's mode where the file system lets us
                    os.chmod(self.tmp, os.stat(self.path).st_mode & 0o7777)
                except OSError:
                    pass
            else:
                os.chmod(self.tmp, 0o666 & ~_umask())
            os.replace(self.tmp, self.path)
        except OSError as exc:
            self._discard()
            raise self._error(exc) from None

    def _error(self, exc: OSError) -> OutputError:
        return OutputError(
            _("{path}: could not write the {what}: {error}; any existing file is unchanged").format(
                path=self.path, what=self.what, error=exc.strerror or exc
            )
        )

    def _discard(self) -> None:
        try:
            self.fh.close()
        except OSError:
            pass
        try:
            os.unlink(self.tmp)
        except OSError:
            pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_if_changed(path: str, text: str, what: str = "file") -> bool:
    """Write ``text`` to ``path`` (atomically) unless it already holds exactly that;
    True when it wrote.  For generated files kept in the repository, whose
    regenerating scripts should not touch a file that is current."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            if fh.read() == text:
                return False
    except (OSError, UnicodeDecodeError):
        pass
    atomic_write(path, text, what)
    return True
