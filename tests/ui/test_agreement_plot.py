"""``annotator agreement --plot out.png``: the progress charts as a PNG, never over a file."""

from __future__ import annotations

from PySide6.QtGui import QImage

from annotator.cli import main
from tests.teams.teamkit import team_project


def test_agreement_plot_writes_a_png_of_the_charts(qtbot, tmp_path, capsys):
    db = team_project(tmp_path)
    out = tmp_path / "report" / "progress.png"
    assert main(["--db", str(db), "agreement", "--plot", str(out)]) == 0
    printed = capsys.readouterr()
    assert printed.out.startswith("token_alpha=")  # the report is printed as without --plot
    assert f"wrote {out} (1280x800)" in printed.err
    image = QImage(str(out))
    assert not image.isNull() and (image.width(), image.height()) == (1280, 800)
    assert out.stat().st_size > 10_000
    colours = {image.pixel(x, y) for x in range(0, 1280, 16) for y in range(0, 800, 16)}
    assert len(colours) > 5  # drawn, not a blank page
    assert [p.name for p in out.parent.iterdir()] == ["progress.png"]  # no temporary left


def test_agreement_plot_never_writes_over_a_file_without_force(qtbot, tmp_path, capsys):
    db = team_project(tmp_path)
    out = tmp_path / "progress.png"
    out.write_bytes(b"keep")
    assert main(["--db", str(db), "agreement", "--plot", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{out} already exists" in err and "--force" in err and "Traceback" not in err
    assert out.read_bytes() == b"keep"
    assert main(["--db", str(db), "agreement", "--plot", str(out), "--force"]) == 0
    assert QImage(str(out)).width() == 1280


def test_agreement_plot_into_a_folder_is_refused_in_a_sentence(qtbot, tmp_path, capsys):
    db = team_project(tmp_path)
    assert main(["--db", str(db), "agreement", "--plot", str(tmp_path)]) == 2
    assert f"cannot write {tmp_path}: it is a folder" in capsys.readouterr().err
