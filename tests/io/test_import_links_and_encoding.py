"""Folder imports do not follow links out of the folder and name dangling ones; a wrong
--encoding is said to be wrong, with the encoding the bytes look like (#iofix)."""

from __future__ import annotations

import os

import pytest

from annotator.cli import main
from annotator.io.importer import import_paths

ARTICLE = "The harbour master said the quay is not for sale, according to the port office.\n"
SECRET = "root:x:0:0:root:/root:/bin/bash\nThe secret said nothing about the harbour at all.\n"

needs_links = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")


@needs_links
def test_links_out_of_the_folder_are_not_followed_and_dangling_links_are_named(store, tmp_path):
    outside = tmp_path / "passwd"
    outside.write_text(SECRET, encoding="utf-8")
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "real.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "inside.txt").symlink_to(folder / "real.txt")  # stays in the folder: followed
    (folder / "escape.txt").symlink_to(outside)
    (folder / "gone.txt").symlink_to(folder / "deleted.txt")
    report = import_paths(store, [folder])
    texts = [store.document(i).text for i in store.document_ids()]
    assert texts == [ARTICLE.strip()] and report.duplicates == 1  # real.txt and its link
    errors = {r.path.name: r.error for r in report.files if r.error}
    assert set(errors) == {"escape.txt", "gone.txt"}
    assert "links to" in errors["escape.txt"] and "outside" in errors["escape.txt"]
    assert str(outside) in errors["escape.txt"] and "not followed" in errors["escape.txt"]
    assert "links to" in errors["gone.txt"] and "does not exist" in errors["gone.txt"]


@needs_links
def test_the_cli_says_which_links_it_skipped(tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "real.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    assert main(["--db", str(tmp_path / "p.db"), "import", str(folder)]) == 1
    out = capsys.readouterr().out
    assert f"skipped {folder / 'gone.txt'}: links to {tmp_path / 'nowhere.txt'}" in out


def test_a_wrong_encoding_is_said_with_the_one_the_bytes_look_like(tmp_path, capsys):
    path = tmp_path / "cafe.txt"
    text = (
        "Café owner said the café would close on Monday, according to the mayor’s office.\r\n"
        "The harbour master said the quay is not for sale.\r\n\n"
    )
    path.write_bytes(text.encode("cp1252"))
    assert len(path.read_bytes()) % 2 == 0  # decodes as UTF-16, into nonsense
    assert main(["--db", str(tmp_path / "p.db"), "import", "--encoding", "utf-16", str(path)]) == 1
    out = capsys.readouterr().out
    assert "holds no article text" not in out
    assert "does not look like UTF-16" in out
    assert "Windows-1252" in out and "leave out --encoding" in out
