"""Batch PDFs for a day: duplex parity, manifest, progress and cancel."""

from __future__ import annotations

import io
from dataclasses import replace

import pypdf
import pytest

from fieldkit.printing import Cancelled, PrintSettings, render_day_batch
from fieldkit.printing.samples import sample_letter
from tests.test_printing_letters import HOSTILE_NAMES, page_texts


def _letters(n: int) -> list:
    letters = [sample_letter(i, with_rfb=i % 2 == 0) for i in range(n)]
    # One letter that spills onto a second page, so parity padding is really exercised.
    long_purpose = " ".join(["Wir sprechen über Ihre Ideen, Wünsche und Möglichkeiten."] * 40)
    letters[1] = replace(
        letters[1], appointment=replace(letters[1].appointment, purpose=long_purpose)
    )
    letters[2] = replace(letters[2], customer=replace(letters[2].customer, name=HOSTILE_NAMES[0]))
    return letters


def test_every_letter_starts_on_a_front_page():
    buf = io.BytesIO()
    letters = _letters(5)
    manifest = render_day_batch(letters, include_packages=True, out=buf)
    reader = pypdf.PdfReader(io.BytesIO(buf.getvalue()))
    assert manifest.page_count == len(reader.pages)
    assert manifest.page_count % 2 == 0
    assert [e.kundennummer for e in manifest.entries] == [
        letter.customer.kundennummer for letter in letters
    ]
    texts = page_texts(buf.getvalue())
    for entry in manifest.entries:
        assert entry.first_page % 2 == 1
        assert entry.last_page % 2 == 0
        assert entry.documents == ("invitation", "package")
        # Every page of the customer's range, blanks included, names the customer.
        for page in range(entry.first_page, entry.last_page + 1):
            assert entry.kundennummer in texts[page - 1]
    # The cover letter (a second letter) also starts on a front page.
    for entry in manifest.entries:
        covers = [
            p
            for p in range(entry.first_page, entry.last_page + 1)
            if "wir waren heute bei Ihnen" in texts[p - 1]
        ]
        assert len(covers) == 1
        assert covers[0] % 2 == 1
    ranges = [(e.first_page, e.last_page) for e in manifest.entries]
    assert ranges == sorted(ranges)
    assert ranges[0][0] == 1
    assert ranges[-1][1] == manifest.page_count
    # The two-page invitation needs no blank back; its package starts right after it.
    second = manifest.entries[1]
    assert "Seite 2 von 2" in texts[second.first_page]
    assert "wir waren heute bei Ihnen" in texts[second.first_page + 1]


def test_without_duplex_there_are_no_blank_pages():
    buf = io.BytesIO()
    manifest = render_day_batch(_letters(3), False, buf, settings=PrintSettings(duplex=False))
    assert manifest.blank_pages == 0
    assert manifest.page_count == len(pypdf.PdfReader(io.BytesIO(buf.getvalue())).pages)


def test_packages_only():
    buf = io.BytesIO()
    manifest = render_day_batch(_letters(3), True, buf, include_invitations=False)
    assert all(e.documents == ("package",) for e in manifest.entries)
    assert "Rechtsfolgenbelehrung" not in " ".join(page_texts(buf.getvalue()))


def test_progress_and_cancel(tmp_path):
    seen: list[tuple[int, int]] = []
    target = tmp_path / "tag.pdf"
    manifest = render_day_batch(
        _letters(3), True, target, progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert target.exists()
    assert manifest.page_count == len(pypdf.PdfReader(target).pages)

    calls = iter([False, False, True])
    other = tmp_path / "abgebrochen.pdf"
    with pytest.raises(Cancelled):
        render_day_batch(_letters(3), True, other, cancelled=lambda: next(calls))
    assert not other.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["tag.pdf"]


def test_empty_day_gives_a_valid_pdf():
    buf = io.BytesIO()
    manifest = render_day_batch([], True, buf)
    assert manifest.entries == ()
    assert len(pypdf.PdfReader(io.BytesIO(buf.getvalue())).pages) == manifest.page_count == 1


def test_manifest_summary_in_both_languages():
    manifest = render_day_batch(_letters(3), True, io.BytesIO())
    assert "Seiten" in manifest.summary("de")
    assert "Kunden-Paket" in manifest.summary("de")
    english = manifest.summary("en")
    assert "pages" in english
    assert "962D100000" in english
    assert HOSTILE_NAMES[0] not in english  # numbers only, no names in logs
