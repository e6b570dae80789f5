"""Write files so that nothing the user had is ever lost.

A write goes to a temporary file in the same directory and is renamed over the
target only once it is complete: a crash, a full disk or Ctrl-C half way leaves
the old file exactly as it was.
"""

from __future__ import annotations

import os
import sys
import tempfile

from .errors import OutputError


def atomic_write(path: str, text: str, what: str = "output file") -> None:
    if path == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    directory = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise OutputError(f"{path}: is a directory; give a file name for the {what}")
    if not os.path.isdir(directory):
        raise OutputError(f"{path}: the folder {directory} does not exist")
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".scarhelp-", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if os.path.exists(path):
            try:
                os.chmod(tmp, os.stat(path).st_mode & 0o7777)
            except OSError:
                pass
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise OutputError(
            f"{path}: could not write the {what}: {exc.strerror or exc}; any existing file is unchanged"
        ) from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
