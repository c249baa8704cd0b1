"""The office's letterhead text and logo on letters (office setup): printed when it can be,
skipped with a warning (never a crash) when the image is missing or broken, scaled when huge.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdf
import pytest
from PIL import Image

from fieldkit.cli import main
from fieldkit.printing.logo import MAX_SIDE, LogoProblem, load_logo
from tests.conftest import SPEC_DATA

SETUP = Path(__file__).resolve().parent / "data" / "setup-office.toml"
FLAGS = SPEC_DATA / "sample-week.csv"
WEEK = "2026-W49"
LETTERHEAD = "Gemeinsame Einrichtung <b>Landkreis</b> & Agentur\\nTeam Aufsuchende Beratung"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _png(path: Path, size: tuple[int, int]) -> Path:
    Image.new("RGB", size, (10, 80, 160)).save(path)
    return path


def _print_invitations(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, logo: str, letterhead: str = LETTERHEAD
) -> tuple[pypdf.PdfReader, str]:
    text = SETUP.read_text(encoding="utf-8").replace(
        'flag_cutoff = "Do 16:00"',
        f'flag_cutoff = "Do 16:00"\nletterhead = "{letterhead}"\nlogo_path = "{logo}"',
    )
    setup = tmp_path / "setup.toml"
    setup.write_text(text, encoding="utf-8")
    db = ["--db", str(tmp_path / "office.sqlite")]
    code, _out, err = _run(capsys, "setup", "apply", str(setup), *db)
    assert code == 0, err
    assert _run(capsys, "import", str(FLAGS), *db)[0] == 0
    for name in ("heilbronn-2021", "grundsicherung-2026-entwurf"):  # RFB letters need it
        assert _run(capsys, "rules", "verify", name, "--by", "Frau Keller", *db)[0] == 0
    pdf = tmp_path / "letters.pdf"
    code, _out, err = _run(capsys, "print", "invitations", "--week", WEEK, "-o", str(pdf), *db)
    assert code == 0, err
    assert "Traceback" not in err
    return pypdf.PdfReader(pdf), err


def _images(page: pypdf.PageObject) -> list[tuple[int, int]]:
    """(width, height) in pixels of each image XObject of the page."""
    resources = page.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources else None
    if not xobjects:
        return []
    found: list[Any] = [x.get_object() for x in xobjects.get_object().values()]
    return [(int(x["/Width"]), int(x["/Height"])) for x in found if x.get("/Subtype") == "/Image"]


def test_letters_show_the_letterhead_text_and_the_logo(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    logo = _png(tmp_path / "logo.png", (400, 120))
    reader, err = _print_invitations(capsys, tmp_path, str(logo))
    assert "logo" not in err.lower()
    first = reader.pages[0]
    text = first.extract_text()
    # Markup is plain text, the line break is kept.
    assert "Gemeinsame Einrichtung <b>Landkreis</b> & Agentur" in text
    assert "Team Aufsuchende Beratung" in text
    assert _images(first) == [(400, 120)]
    # Every letter's first page has it; the same image is embedded once.
    firsts = [p for p in reader.pages if "Team Aufsuchende Beratung" in p.extract_text()]
    assert len(firsts) >= 2
    assert all(_images(p) for p in firsts)


@pytest.mark.parametrize(
    ("content", "word"),
    [(None, "does not exist"), (b"not an image at all", "no readable image"), ("dir", "cannot")],
)
def test_a_missing_or_broken_logo_is_skipped_with_a_warning(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes | str | None, word: str
) -> None:
    logo = tmp_path / "logo.png"
    if content == "dir":
        logo.mkdir()
        word = "does not exist"
    elif isinstance(content, bytes):
        logo.write_bytes(content)
    reader, err = _print_invitations(capsys, tmp_path, str(logo))
    assert "WARNING: the logo" in err or "WARNING: “logo.png”" in err
    assert word in err
    assert str(tmp_path) not in err  # the file's name, not its folder
    assert _images(reader.pages[0]) == []
    assert "Team Aufsuchende Beratung" in reader.pages[0].extract_text()


def test_a_huge_logo_is_scaled(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    logo = _png(tmp_path / "huge.png", (6000, 3000))
    reader, _err = _print_invitations(capsys, tmp_path, str(logo), letterhead="x" * 1900)
    assert _images(reader.pages[0]) == [(MAX_SIDE, MAX_SIDE // 2)]
    assert "xxxxxxxxxx" in reader.pages[0].extract_text()  # cut to its line, not a crash


def test_load_logo_refuses_what_it_cannot_read_safely(tmp_path: Path) -> None:
    assert load_logo("") == (None, None)
    assert load_logo("   ") == (None, None)
    truncated = tmp_path / "cut.png"
    _png(tmp_path / "full.png", (300, 300))
    truncated.write_bytes((tmp_path / "full.png").read_bytes()[:80])
    logo, note = load_logo(str(truncated))
    assert logo is None
    assert note is not None
    assert note.problem is LogoProblem.NOT_AN_IMAGE
    assert "kein lesbares Bild" in note.text("de")
    logo, note = load_logo("a\x00b.png")
    assert logo is None
    assert note is not None
    jpeg = tmp_path / "logo.jpg"
    Image.new("RGB", (2400, 800), (200, 0, 0)).save(jpeg)
    logo, note = load_logo(str(jpeg))
    assert note is None
    assert logo is not None
    assert max(logo.width, logo.height) <= MAX_SIDE
