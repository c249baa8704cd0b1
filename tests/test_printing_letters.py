"""Invitation and customer package: text, DIN 5008 window position, hostile names, fonts."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

import pypdf
import pytest
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from fieldkit.printing import render_invitation, render_package
from fieldkit.printing.fonts import REGULAR
from fieldkit.printing.layout import PAGE_H
from fieldkit.printing.model import Mitwirkungsschreiben
from fieldkit.printing.samples import sample_letter
from fieldkit.printing.settings import PrintSettings

HOSTILE_NAMES = [
    "Tom & Jerry <b>Fett</b> </para> <font size=40>X</font>",
    'Zoë O\'Brien-"Müller" ß',
    "Maximiliane-Friederike-Charlotte von und zu Hohenzollern-Sigmaringen-Württemberg-"
    "Oberschwaben-Großherzogtum-Lüdenscheidt-Groß",
    "Ämilian " + "Überlangername" * 8,
]


@dataclass(frozen=True)
class Chunk:
    """A piece of text in the PDF with its position, in mm from the top-left corner."""

    text: str
    left: float
    top: float
    right: float
    size: float


def chunks(data: bytes) -> list[list[Chunk]]:
    """Text pieces per page with positions (pypdf visitor)."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    pages: list[list[Chunk]] = []
    for page in reader.pages:
        found: list[Chunk] = []

        def visit(text, cm, tm, font_dict, font_size, found=found):
            if not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            size = font_size * (tm[3] if tm[3] else 1) * (cm[3] if cm[3] else 1)
            width = stringWidth(text.strip("\n"), REGULAR, size)
            found.append(Chunk(text.strip(), x / mm, (PAGE_H - y) / mm, (x + width) / mm, size))

        page.extract_text(visitor_text=visit)
        pages.append(found)
    return pages


def page_texts(data: bytes) -> list[str]:
    """Extracted text per page, whitespace collapsed."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [" ".join(p.extract_text().split()) for p in reader.pages]


def squeeze(text: str) -> str:
    """Text without any whitespace (wrapping may split a long name anywhere)."""
    return "".join(text.split())


def render(fn, letter, settings=None) -> bytes:
    buf = io.BytesIO()
    fn(letter, buf, settings)
    return buf.getvalue()


def test_invitation_text_umlauts_amount_and_rfb():
    data = render(render_invitation, sample_letter(0, with_rfb=True))
    text = " ".join(page_texts(data))
    assert "Jörg Weiß-Östermann" in text
    assert "Donnerstag, 10. Dezember 2026, 09:00 Uhr" in text
    assert "56,30 €" in text.replace("\xa0", " ")
    assert "Rechtsfolgenbelehrung" in text
    assert "wichtigen Grund" in text
    assert "10 Prozent" in text
    assert "kennenlernen" in text
    assert "§ 59" in text.replace("\xa0", " ")
    assert "Kundennummer 962D100000" in text


def test_reduction_percent_comes_from_the_letter():
    letter = replace(sample_letter(0), reduction_percent=Decimal("30"))
    assert "30 Prozent" in " ".join(page_texts(render(render_invitation, letter)))


def test_invitation_without_rfb_omits_the_block():
    data = render(render_invitation, sample_letter(1, with_rfb=False))
    text = " ".join(page_texts(data))
    assert "Rechtsfolgenbelehrung" not in text
    assert "56,30" not in text
    assert "§ 32" not in text.replace("\xa0", " ")
    assert "Alex Muster-Beispiel1" in text


def _address_chunks(page: list[Chunk]) -> list[Chunk]:
    # Everything drawn left of the information block and above the subject line.
    return [c for c in page if c.top < 95 and c.left < 110 and c.top > 40]


@pytest.mark.parametrize("name", ["Jörg Weiß-Östermann", *HOSTILE_NAMES])
def test_address_lies_inside_the_din_window(name):
    letter = sample_letter(0)
    customer = replace(
        letter.customer,
        name=name,
        adresszusatz="c/o Verein für Wohnungslosenhilfe Heilbronn-Franken e. V., Zimmer 12",
        street="Graf-Eberhard-von-Württemberg-Straße 123/1, Hinterhaus links",
    )
    letter = replace(letter, customer=customer)
    first = chunks(render(render_invitation, letter))[0]
    window = _address_chunks(first)
    assert window, "no text found in the window field"
    for chunk in window:
        assert chunk.left >= 20, chunk
        assert chunk.right <= 105, chunk
        assert chunk.top - chunk.size / mm * 0.8 >= 45, chunk  # cap height below the top
        assert chunk.top <= 90, chunk
    joined = squeeze("".join(c.text for c in window))
    assert "74172Neckarsulm" in joined
    # The return-address line sits in the top zone of the window, above the address.
    ret = [c for c in window if "Musterstraße 1 · 74072" in c.text]
    assert ret
    assert ret[0].top < 62.7
    assert all(c.top > ret[0].top for c in window if c is not ret[0])


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_names_render_literally(name):
    letter = sample_letter(0)
    letter = replace(letter, customer=replace(letter.customer, name=name))
    for fn in (render_invitation, render_package):
        text = squeeze(" ".join(page_texts(render(fn, letter))))
        # The salutation carries the full name, escaped but literal.
        assert squeeze(name) in text


def test_every_page_carries_the_kundennummer():
    letter = sample_letter(0)
    for fn in (render_invitation, render_package):
        for text in page_texts(render(fn, letter)):
            assert "962D100000" in text


def test_package_contents_and_open_mitwirkungsschreiben():
    letter = sample_letter(0)
    letter = replace(
        letter,
        customer=replace(
            letter.customer,
            open_mitwirkungsschreiben=(
                Mitwirkungsschreiben("Kontoauszüge <Juli> & August"),
                *letter.customer.open_mitwirkungsschreiben,
            ),
        ),
    )
    pages = page_texts(render(render_package, letter))
    assert len(pages) == 3
    assert "wir waren heute bei Ihnen" in pages[0]
    assert "Kontoauszüge <Juli> & August" in pages[0]
    assert "Mietbescheinigung" in pages[0]
    assert "Was wir für Sie tun können" in pages[1]
    assert "hochladen" in pages[2]
    assert "Öffnungszeiten" in pages[2]
    assert "07131 000000-123" in pages[2]


def test_package_without_open_items_has_no_list():
    letter = sample_letter(1)
    assert not letter.customer.open_mitwirkungsschreiben
    pages = page_texts(render(render_package, letter))
    assert "Diese Unterlagen fehlen uns noch" not in pages[0]


def test_fonts_are_embedded_truetype():
    reader = pypdf.PdfReader(io.BytesIO(render(render_invitation, sample_letter(0))))
    for page in reader.pages:
        fonts: Any = page["/Resources"]["/Font"]  # type: ignore[index]
        for ref in fonts.values():
            font = ref.get_object()
            assert "LiberationSans" in str(font["/BaseFont"])
            assert "/FontFile2" in font["/FontDescriptor"].get_object()


def test_writes_to_a_path(tmp_path):
    path = tmp_path / "einladung.pdf"
    pages = render_invitation(replace(sample_letter(2), reduction_eur=Decimal("1234.5")), path)
    assert pages == len(pypdf.PdfReader(path).pages)
    assert "1.234,50" in " ".join(page_texts(path.read_bytes()))


def test_edited_office_template_shows_in_the_letter(tmp_path):
    (tmp_path / "default.json").write_text(
        '{"invitation.intro": "Ich möchte Sie kennenlernen, {name}. **Kommen Sie vorbei!**"}',
        encoding="utf-8",
    )
    data = render(render_invitation, sample_letter(1), PrintSettings(template_dir=str(tmp_path)))
    assert "Ich möchte Sie kennenlernen, Alex Muster-Beispiel1." in " ".join(page_texts(data))


def test_control_characters_are_dropped_not_printed():
    letter = sample_letter(0)
    name = "Kim\x00Null\x1bEsc\u2028Zeile"
    letter = replace(letter, customer=replace(letter.customer, name=name, street="Weg\x0c 1"))
    for fn in (render_invitation, render_package):
        text = " ".join(page_texts(render(fn, letter)))
        assert "Kim Null Esc Zeile" in text
        assert "\x00" not in text
        assert "\x1b" not in text


def test_paragraph_whose_placeholders_are_all_empty_is_left_out():
    letter = sample_letter(0)
    letter = replace(letter, caseworker=replace(letter.caseworker, email=""))
    text = " ".join(page_texts(render(render_invitation, letter)))
    assert "Oder schreiben Sie mir" not in text
    assert "telefonisch unter 07131 000000-123" in text
    package = " ".join(page_texts(render(render_package, letter)))
    assert "E-Mail:" not in package.replace("E-Mail: jobcenter", "")
