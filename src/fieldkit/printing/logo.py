"""The office's own letterhead on letters: its logo image and letterhead text (office setup).

The logo is read once per print job by :func:`load_logo`: a missing, unreadable or broken
file, or one too large to read safely, gives no logo and a :class:`LogoNote` (German and
English) that the print dialog and ``fieldkit print`` show as a warning, never a crash. A
large image is scaled down to :data:`MAX_SIDE` pixels before it is embedded, so a photo from
a camera does not make every letter of a batch heavy. :func:`draw_office_mark` draws logo
and text in the letterhead zone left of the sender (above the DIN 5008 window).
"""

from __future__ import annotations

import io
import logging
import warnings
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from fieldkit.printing.fonts import REGULAR
from fieldkit.printing.layout import BODY_LEFT, GREY, WINDOW_TOP, ellipsize, y_from_top

log = logging.getLogger(__name__)

#: Files larger than this are not read (a logo is a few hundred KB).
MAX_FILE_BYTES = 20 * 1024 * 1024
#: Images with more pixels than this are not decoded (a decompression bomb).
MAX_PIXELS = 80_000_000
#: The longest side of the embedded image, in pixels (about 600 dpi over 50 mm).
MAX_SIDE = 1200
#: The logo's box on the sheet (mm): top edge, largest width and height.
LOGO_TOP, LOGO_WIDTH, LOGO_HEIGHT = 10.0, 60.0, 18.0
#: The letterhead text's column (mm), left of the sender, ending above the window.
TEXT_WIDTH, TEXT_BOTTOM, TEXT_SIZE = 68.0, WINDOW_TOP - 2.5, 7.0


class LogoProblem(StrEnum):
    """Why a logo is not printed."""

    MISSING = "missing"
    UNREADABLE = "unreadable"
    NOT_AN_IMAGE = "not_an_image"
    TOO_LARGE = "too_large"


_SENTENCES: dict[LogoProblem, tuple[str, str]] = {
    LogoProblem.MISSING: (
        "WARNUNG: Das Logo „{name}“ gibt es nicht; die Schreiben werden ohne Logo gedruckt "
        "(Einrichtung → Dienststelle).",
        "WARNING: the logo “{name}” does not exist; letters are printed without it.",
    ),
    LogoProblem.UNREADABLE: (
        "WARNUNG: Das Logo „{name}“ lässt sich nicht lesen; die Schreiben werden ohne Logo "
        "gedruckt.",
        "WARNING: the logo “{name}” cannot be read; letters are printed without it.",
    ),
    LogoProblem.NOT_AN_IMAGE: (
        "WARNUNG: „{name}“ ist kein lesbares Bild (PNG oder JPEG); die Schreiben werden ohne "
        "Logo gedruckt.",
        "WARNING: “{name}” is no readable image (PNG or JPEG); letters are printed without a logo.",
    ),
    LogoProblem.TOO_LARGE: (
        "WARNUNG: Das Logo „{name}“ ist zu groß zum Lesen; die Schreiben werden ohne Logo "
        "gedruckt.",
        "WARNING: the logo “{name}” is too large to read; letters are printed without it.",
    ),
}


@dataclass(frozen=True)
class LogoNote:
    """Why the configured logo is left out, with the file's name (not its folder)."""

    problem: LogoProblem
    name: str

    def text(self, language: str = "en") -> str:
        """The warning in English for "en…", else in German."""
        german, english = _SENTENCES[self.problem]
        shown = self.name if len(self.name) <= 60 else self.name[:59] + "…"
        return (english if language.startswith("en") else german).format(name=shown)


@dataclass(frozen=True)
class Logo:
    """A checked logo, re-encoded as PNG (at most :data:`MAX_SIDE` pixels a side)."""

    png: bytes
    width: int
    height: int

    def reader(self) -> ImageReader:
        """A ReportLab image of the logo."""
        return ImageReader(io.BytesIO(self.png))


def load_logo(path_text: str) -> tuple[Logo | None, LogoNote | None]:
    """The logo at ``path_text`` (empty: none configured, no note) or the reason it is left out."""
    if not path_text.strip():
        return None, None
    path = Path(path_text.strip()).expanduser()
    note = _check_file(path)
    if note is not None:
        log.warning("office logo left out: %s", note.problem.value)
        return None, note
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
        note = LogoNote(LogoProblem.UNREADABLE, path.name)
    if note is None:
        try:
            return _read(data), None
        except _TooLarge:
            note = LogoNote(LogoProblem.TOO_LARGE, path.name)
        except Exception:  # Pillow raises many kinds of error for a broken image
            note = LogoNote(LogoProblem.NOT_AN_IMAGE, path.name)
    log.warning("office logo left out: %s", note.problem.value)
    return None, note


def _check_file(path: Path) -> LogoNote | None:
    try:
        if not path.is_file():
            return LogoNote(LogoProblem.MISSING, path.name)
        if path.stat().st_size > MAX_FILE_BYTES:
            return LogoNote(LogoProblem.TOO_LARGE, path.name)
    except (OSError, ValueError):  # ValueError: a NUL byte in the path
        return LogoNote(LogoProblem.UNREADABLE, path.name)
    return None


class _TooLarge(Exception):
    pass


def _read(data: bytes) -> Logo:
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise _TooLarge
            image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # JPEG: decode at a smaller scale
            image.load()
            picture = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    picture.save(out, "PNG", optimize=False)
    return Logo(out.getvalue(), picture.width, picture.height)


def draw_office_mark(canv: Canvas, letterhead: str, logo: Logo | None) -> None:
    """Logo (scaled into its box, proportions kept) and letterhead text, top left."""
    left = BODY_LEFT * mm
    text_top = LOGO_TOP + 2
    if logo is not None and logo.width > 0 and logo.height > 0:
        scale = min(LOGO_WIDTH * mm / logo.width, LOGO_HEIGHT * mm / logo.height)
        width, height = logo.width * scale, logo.height * scale
        canv.drawImage(
            logo.reader(), left, y_from_top(LOGO_TOP) - height, width, height, mask="auto"
        )
        text_top = LOGO_TOP + height / mm + 3.5
    lines = [line.strip() for line in letterhead.splitlines() if line.strip()]
    if not lines:
        return
    canv.saveState()
    canv.setFont(REGULAR, TEXT_SIZE)
    canv.setFillColor(GREY)
    y = y_from_top(text_top)
    for line in lines:
        if y < y_from_top(TEXT_BOTTOM):
            break
        canv.drawString(left, y, ellipsize(line, REGULAR, TEXT_SIZE, TEXT_WIDTH * mm))
        y -= TEXT_SIZE * 1.25
    canv.restoreState()
