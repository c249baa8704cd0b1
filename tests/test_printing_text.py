"""German formatting, text fitting and the template language of the printed documents."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from fieldkit.printing import formatting as fmt
from fieldkit.printing.fonts import REGULAR, has_glyph, register_fonts
from fieldkit.printing.layout import ellipsize, fit_lines, wrap_text
from fieldkit.printing.templates import (
    PLACEHOLDERS,
    fill,
    fill_plain,
    load_templates,
    unknown_placeholders,
)


def test_german_dates_without_locale():
    moment = datetime(2026, 12, 10, 9, 0)
    assert fmt.datetime_long(moment) == "Donnerstag, 10. Dezember 2026, 09:00 Uhr"
    assert fmt.date_long(date(2026, 3, 2)) == "Montag, 2. März 2026"
    assert fmt.date_numeric(date(2026, 3, 2)) == "02.03.2026"
    assert fmt.clock(datetime(2026, 1, 1, 7, 5)) == "07:05"


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("56.3"), "56,30 €"),
        (Decimal("56.305"), "56,31 €"),
        (Decimal("1234.5"), "1.234,50 €"),
        (Decimal("0"), "0,00 €"),
        (Decimal("-5"), "-5,00 €"),
        ("1000000", "1.000.000,00 €"),
    ],
)
def test_euro_amounts(amount, text):
    assert fmt.euro(amount) == text


def test_font_has_german_letters():
    register_fonts()
    for char in "äöüÄÖÜß€„“–•§":
        assert has_glyph(char), char


def test_wrap_breaks_overlong_words():
    width = 40 * mm
    word = "Donaudampfschifffahrtsgesellschaftskapitänswitwe" * 2
    lines = wrap_text(f"Frau {word} aus Ulm", REGULAR, 10, width)
    assert "".join(lines).replace(" ", "") == f"Frau{word}ausUlm"
    assert all(stringWidth(line, REGULAR, 10) <= width for line in lines)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.characters(codec="latin-1", exclude_categories=("Cc", "Cs")),
            max_size=160,
        ),
        min_size=1,
        max_size=4,
    )
)
def test_fitted_address_never_leaves_its_box(lines):
    width, height = 75 * mm, 25.3 * mm
    block = fit_lines(lines, REGULAR, width, height)
    assert len(block.lines) * block.leading <= height + 1e-6
    assert all(stringWidth(line, REGULAR, block.size) <= width + 1e-6 for line in block.lines)
    assert 7.0 <= block.size <= 10.0


def test_ellipsize_marks_the_cut():
    text = ellipsize("x" * 500, REGULAR, 8, 50)
    assert text.endswith("…")
    assert stringWidth(text, REGULAR, 8) <= 50


def test_fill_escapes_values_and_template_text():
    values = {"name": '<b>Tom & Jerry</b> "O\'Neil"'}
    out = fill("Guten Tag {name}, 3 < 4 & **fett**", values)
    assert out == (
        'Guten Tag &lt;b&gt;Tom &amp; Jerry&lt;/b&gt; "O\'Neil", 3 &lt; 4 &amp; <b>fett</b>'
    )


def test_values_cannot_switch_bold_or_inject_placeholders():
    out = fill("Hallo {name}!", {"name": "**{kundennummer}**", "kundennummer": "X"})
    assert out == "Hallo **{kundennummer}**!"


def test_unknown_placeholders_stay_visible():
    assert fill("Hallo {nmae}", {"name": "A"}) == "Hallo {nmae}"
    assert unknown_placeholders("Hallo {nmae} {name}") == {"nmae"}
    assert fill_plain("{{name}} {name} **x**", {"name": "A"}) == "{name} A x"


def test_unclosed_bold_is_closed():
    assert fill("**offen", {}) == "<b>offen</b>"


def test_shipped_template_uses_only_known_placeholders():
    templates = load_templates()
    for key, paragraphs in templates.texts.items():
        for text in paragraphs:
            assert not unknown_placeholders(text), key
    assert "kennenlernen" in templates.text("invitation.intro")
    assert set(PLACEHOLDERS) >= {"name", "betrag", "kundennummer"}


def test_office_template_overrides_single_keys(tmp_path):
    (tmp_path / "hh.json").write_text(
        json.dumps({"invitation.salutation": "Moin {name},", "junk": 3}), encoding="utf-8"
    )
    templates = load_templates("hh", tmp_path)
    assert templates.text("invitation.salutation") == "Moin {name},"
    assert templates.text("invitation.closing") == "Mit freundlichen Grüßen"
    assert "junk" not in templates.texts


def test_broken_template_file_falls_back(tmp_path):
    (tmp_path / "x.json").write_text("{nope", encoding="utf-8")
    assert load_templates("x", tmp_path).text("invitation.closing") == "Mit freundlichen Grüßen"


def test_template_key_cannot_walk_out_of_the_folder(tmp_path):
    templates = load_templates("../../etc/passwd", tmp_path)
    assert templates.text("invitation.closing") == "Mit freundlichen Grüßen"
