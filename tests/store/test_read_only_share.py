"""A project on a read-only share: the commands that only read work; writes and copies
into it name the path and the real reason."""

from __future__ import annotations

import shutil
from pathlib import Path

from annotator.cli import main
from annotator.core.model import ParsedDocument
from annotator.store import Store
from tests.read_only_share import read_only_share
from tests.teams.teamkit import team_project

READS = [
    ["list"],
    ["list", "--search", "Bloomberg"],
    ["stats"],
    ["agreement"],
    ["claims", "list"],
    ["claims", "rank", "Russia sought a naval base"],
]


def test_reading_commands_work_on_a_project_on_a_read_only_share(tmp_path, capsys):
    with read_only_share(tmp_path) as share:
        db = team_project(share.folder)
        assert main(["--db", str(db), "claims", "create", "Russia sought a naval base"]) == 0
        capsys.readouterr()
        assert sorted(p.name for p in share.folder.iterdir()) == ["team.db"]  # no -wal, -shm
        share.freeze()
        for command in READS:
            assert main(["--db", str(db), *command]) == 0, command
            out, err = capsys.readouterr()
            assert out and "cannot be written" not in err, command
        listed = main(["--db", str(db), "list"]) == 0 and capsys.readouterr().out
        assert "Bloomberg" in listed or len(listed.splitlines()) == 2
        out = tmp_path / "out.jsonl"
        assert main(["--db", str(db), "export", "--format", "jsonl", "--status", "all",
                     "--out", str(out)]) == 0  # fmt: skip
        assert len(out.read_text(encoding="utf-8").splitlines()) == 2
        capsys.readouterr()
        assert main(["--db", str(db), "config", "lock-after", "5"]) == 2  # a write: refused
        assert "cannot be written" in capsys.readouterr().err
        assert sorted(p.name for p in share.folder.iterdir()) == ["team.db"]


def test_a_share_holding_the_wal_shows_what_is_only_in_the_wal(tmp_path, capsys):
    """Copied while a writer had it open: the -wal holds a document not yet in the file."""
    live = tmp_path / "live"
    live.mkdir()
    with read_only_share(tmp_path) as share:
        with Store(live / "p.db") as store:
            store.add_documents([ParsedDocument(text="Folded in.", title="first")])
            store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            store.add_documents([ParsedDocument(text="Only in the WAL.", title="second")])
            for name in ("p.db", "p.db-wal", "p.db-shm"):
                shutil.copyfile(live / name, share.folder / name)
        assert (share.folder / "p.db-wal").stat().st_size > 0
        share.freeze()
        assert main(["--db", str(share.folder / "p.db"), "list"]) == 0
        out, err = capsys.readouterr()
        assert [line.split()[-1] for line in out.splitlines()] == ["first", "second"], err


def _encrypted(tmp_path: Path, folder: Path | None = None) -> tuple[list[str], Path]:
    key = tmp_path / "key.txt"
    key.write_text("correct horse\n", encoding="utf-8")
    db = (folder or tmp_path / "enc") / "e.db"
    args = ["--db", str(db), "--passphrase-file", str(key)]
    from tests.conftest import SAMPLES

    assert main([*args, "--encrypt", "import", str(SAMPLES / "wire-dump.txt")]) == 0
    return args, db


def test_decrypt_into_a_read_only_folder_blames_the_out_path(tmp_path, capsys):
    args, db = _encrypted(tmp_path)
    capsys.readouterr()
    with read_only_share(tmp_path) as share:
        share.freeze()
        out = share.folder / "plain.db"
        assert main([*args, "decrypt", "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert f"cannot write {out}:" in err, err
        assert "read-only file system" in err or "permission denied" in err, err
        assert "--out" in err and f"{db} cannot be opened" not in err, err
        assert not out.exists()


def test_decrypt_into_a_missing_folder_says_the_folder_is_missing(tmp_path, capsys):
    args, _db = _encrypted(tmp_path)
    capsys.readouterr()
    out = tmp_path / "nowhere" / "plain.db"
    assert main([*args, "decrypt", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"annotator: cannot write {out}: the folder {out.parent} does not exist; create it,"
        " or choose another --out\n"
    )


def test_an_encrypted_project_on_a_read_only_share_can_be_listed(tmp_path, capsys):
    with read_only_share(tmp_path) as share:
        args, _db = _encrypted(tmp_path, share.folder)
        share.freeze()
        capsys.readouterr()
        assert main([*args, "list"]) == 0
        out, err = capsys.readouterr()
        assert len(out.splitlines()) == 3, err
        assert main([*args, "config", "lock-after", "5"]) == 2
        assert "cannot be written" in capsys.readouterr().err
