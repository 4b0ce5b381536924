"""`write_atomically`: the old file or the new one, never a part; its mode kept; synced.

The failure mid-write is a real one: a child process whose file size limit (RLIMIT_FSIZE) is
smaller than the text, so that the kernel refuses the write half-way (EFBIG).
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from notes_site.atomic_write import write_atomically
from notes_site.links import cache
from notes_site.metadata import PaperMeta
from notes_site.metadata import write as write_metadata

OLD = "the old notes\n" * 10


def test_a_file_is_replaced_and_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(OLD, encoding="utf-8")
    path.chmod(0o640)
    write_atomically(path, "ünïcode\n")
    assert path.read_bytes() == "ünïcode\n".encode()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["notes.md"]


def test_a_new_file_gets_the_mode_open_would_give_and_its_folders(tmp_path: Path) -> None:
    umask = os.umask(0o027)
    try:
        write_atomically(tmp_path / "a" / "b" / "new.json", "{}\n")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "a" / "b" / "new.json").stat().st_mode) == 0o640


@pytest.mark.skipif(sys.platform == "win32", reason="needs RLIMIT_FSIZE")
def test_a_write_that_fails_half_way_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(OLD, encoding="utf-8")
    path.chmod(0o600)
    child = (
        "import resource, signal, sys\n"
        "from notes_site.atomic_write import write_atomically\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))\n"
        "try:\n"
        f"    write_atomically({str(path)!r}, 'new words ' * 100_000)\n"
        "except OSError as error:\n"
        "    print(error.errno); sys.exit(3)\n"
    )
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 3, done.stderr
    assert int(done.stdout) == 27  # EFBIG: the kernel stopped the write at 4096 bytes
    assert path.read_text(encoding="utf-8") == OLD
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["notes.md"], "the temporary file is gone"


def test_a_symbolic_link_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text(OLD, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    link = tmp_path / "docs" / "notes.md"
    link.symlink_to(real)
    write_atomically(link, "new\n")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new\n"


def test_the_file_and_its_folder_are_flushed_to_disk(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The file's data and the folder's entry both reach `fsync` (the real one runs)."""
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(handle: int) -> None:
        synced.append("folder" if stat.S_ISDIR(os.fstat(handle).st_mode) else "file")
        real_fsync(handle)

    monkeypatch.setattr(os, "fsync", fsync)
    write_atomically(tmp_path / "x.txt", "x")
    assert synced == ["file", "folder"]


def test_the_cache_and_the_metadata_file_are_written_by_it(tmp_path: Path) -> None:
    """Both derived files keep the mode a user gave them: they go through the one writer."""
    meta = tmp_path / "papers.meta.json"
    links = tmp_path / "links.json"
    for path in (meta, links):
        path.write_text("{}", encoding="utf-8")
        path.chmod(0o664)
    write_metadata(meta, {"arxiv:1": PaperMeta(("A. Author",), 2020)})
    cache.save(links, {}, now=0, max_age=1)
    for path in (meta, links):
        assert stat.S_IMODE(path.stat().st_mode) == 0o664, path
    assert '"arxiv:1"' in meta.read_text(encoding="utf-8")
    assert '"notes-site-link-cache"' in links.read_text(encoding="utf-8")
