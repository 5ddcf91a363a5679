"""A folder that becomes read-only, as a network share mounted read-only is.

``os.chmod`` makes a folder read-only for an ordinary user, but root writes through file
modes; as root the folder is a small tmpfs, remounted read-only. Where neither works the
test skips and says why.
"""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


class Share:
    """A folder to fill while writable, then ``freeze()`` read-only for everyone."""

    def __init__(self, folder: Path, mounted: bool) -> None:
        self.folder = folder
        self.mounted = mounted

    def freeze(self) -> None:
        """Make the folder (and every file in it) read-only."""
        if self.mounted:
            done = subprocess.run(
                ["mount", "-o", "remount,ro", str(self.folder)],
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
            if done.returncode != 0:
                pytest.skip(f"cannot remount {self.folder} read-only: {done.stderr.strip()}")
        else:
            for path in [*self.folder.rglob("*"), self.folder]:
                mode = path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
                path.chmod(mode)
        probe = self.folder / ".probe"
        try:
            probe.touch()
        except OSError:
            return
        probe.unlink()
        pytest.skip(f"{self.folder} is still writable after freeze()")


@contextmanager
def read_only_share(tmp_path: Path) -> Iterator[Share]:
    """A writable folder under ``tmp_path`` that ``freeze()`` makes read-only."""
    folder = tmp_path / "share"
    folder.mkdir()
    if os.geteuid() != 0:  # file modes bind an ordinary user
        try:
            yield Share(folder, mounted=False)
        finally:
            for path in [folder, *folder.rglob("*")]:
                path.chmod(path.stat().st_mode | stat.S_IWUSR)
        return
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"root, but cannot mount a tmpfs to make read-only: {done.stderr.strip()}")
    try:
        yield Share(folder, mounted=True)
    finally:
        done = subprocess.run(["umount", str(folder)], capture_output=True, timeout=30)
        if done.returncode != 0:  # a file still open (a failed test): detach it anyway
            subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=30)
