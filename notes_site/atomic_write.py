"""Files replaced in one step: the one way notes-site writes a file a user keeps.

`fmt` rewrites notes files, `check` the link cache, `metadata` the metadata file. Each is
written to a temporary file in the same folder (so that `os.replace` is a rename on one file
system), flushed to the disk, given the mode of the file it replaces, renamed over it, and
the folder's entry flushed too: a reader, a crash or a full disk at any moment leaves the old
file or the new one, never a part of either, and the new one survives a power cut once this
returns. A symbolic link is written through (its target replaced), never replaced by a copy.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

#: Tries at a free temporary name before giving up (each name has 64 random bits).
_TRIES = 8


def write_atomically(path: str | os.PathLike[str], text: str) -> None:
    """Replace `path` (or create it, with the folders above it) with `text` as UTF-8.

    An existing file keeps its permission bits; a new one gets those a plain `open` would give
    (0o666 less the umask). On any failure the temporary file is removed and the old file is
    as it was.
    """
    target = Path(os.path.realpath(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    try:
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None
    handle, temporary = _temporary(target)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def _temporary(target: Path) -> tuple[int, Path]:
    """A new file beside `target`, open for writing, created with the mode `open` would give
    it (the umask applies, unlike `tempfile.mkstemp`'s 0o600)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(_TRIES):
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {target}")


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entries, so that the rename itself is on the disk. Windows opens no
    folder as a file: there the rename is as durable as the file system makes it."""
    if os.name == "nt":
        return
    handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
