"""The invitation (Einladung) and the customer package (Kunden-Paket)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from fieldkit.domain.legal import LetterTerms
from fieldkit.domain.rulesets import months_text
from fieldkit.printing import formatting as fmt
from fieldkit.printing.fonts import REGULAR
from fieldkit.printing.layout import (
    ACCENT,
    BODY_BOTTOM,
    BODY_LEFT,
    BODY_RIGHT,
    BODY_TOP_FIRST,
    BODY_TOP_LATER,
    GREY,
    LIGHT,
    PAGE_W,
    Box,
    Output,
    PageDecorator,
    PdfBuilder,
    draw_footer,
    draw_info_block,
    draw_letterhead,
    draw_marks,
    draw_window,
    ellipsize,
    styles,
    y_from_top,
)
from fieldkit.printing.logo import draw_office_mark
from fieldkit.printing.model import Caseworker, Customer, InvitationLetter, LetterLaw, Office
from fieldkit.printing.settings import PrintSettings
from fieldkit.printing.templates import (
    LetterTemplates,
    fill,
    load_templates,
    markup,
    only_empty_placeholders,
)

BODY_WIDTH = PAGE_W - (BODY_LEFT + BODY_RIGHT) * mm


_TALK = {
    "in_person": "persönlichen Gespräch",
    "phone": "telefonischen Gespräch",
    "video": "Gespräch per Video",
}


def dative(name: str) -> str:
    """A name as after 'mit': 'Herr Vogt' becomes 'Herrn Vogt'; 'Frau …' and names without a
    form of address stay as they are."""
    text = " ".join(name.split())
    if text.startswith("Herr "):
        return "Herrn " + text[5:]
    return text


def letter_law(terms: LetterTerms) -> LetterLaw:
    """The text blocks of the rule set and consequence step of ``terms`` for one letter."""
    rs = terms.rule_set
    return LetterLaw(
        rule_set=rs.name,
        benefit=rs.text("leistung") or "Bürgergeld",
        rfb_heading=rs.text("invitation.rfb_heading"),
        rfb=rs.paragraphs(terms.consequence.text),
        legal_remedy_heading=rs.text("invitation.legal_remedy_heading"),
        legal_remedy=rs.paragraphs("invitation.legal_remedy"),
        travel_costs=rs.text("invitation.travel_costs"),
        package_rfb_note=rs.text("package.rfb_note"),
    )


def placeholder_values(letter: InvitationLetter, settings: PrintSettings) -> dict[str, str]:
    """The values of every template placeholder for one letter (plain text, unescaped)."""
    office, ifk, customer, appt = letter.office, letter.caseworker, letter.customer, letter
    law = letter.law
    return {
        "ifk_name_dativ": dative(ifk.name),
        "gespraech": _TALK.get(letter.appointment_kind, _TALK["in_person"]),
        "bg_nummer": letter.bg_number,
        "leistung": law.benefit if law else "Bürgergeld",
        "regelwerk": law.rule_set if law else "",
        "monate": months_text(letter.reduction_months),
        "regelbedarfsstufe": str(letter.standard_need_level),
        "name": customer.name,
        "kundennummer": customer.kundennummer,
        "datum": fmt.date_numeric(letter.letter_date),
        "termin_datum": fmt.date_long(appt.appointment.start.date()),
        "termin_uhrzeit": fmt.time_of_day(appt.appointment.start),
        "termin_ort": " ".join(appt.appointment.place.split()),
        "anliegen": appt.appointment.purpose,
        # A no-break space keeps '56,30' and '€' on one line.
        "betrag": fmt.euro(letter.reduction_eur).replace(" ", "\u00a0"),
        "prozent": fmt.number(letter.reduction_percent),
        "ifk_name": ifk.name,
        "ifk_telefon": ifk.phone,
        "ifk_email": ifk.email,
        "ifk_team": ifk.team,
        "dienststelle": office.name,
        "dienststelle_telefon": office.phone,
        "dienststelle_email": office.email,
        "upload_hinweis": office.upload_hint,
    }


def templates_for(office: Office, settings: PrintSettings) -> LetterTemplates:
    """The templates of ``office`` (shipped defaults, overridden by the user's folder)."""
    return load_templates(office.template_key, settings.template_dir)


def _paragraphs(
    templates: LetterTemplates,
    key: str,
    values: Mapping[str, str],
    style: str = "body",
    bullet: str = "bullet",
) -> list[Flowable]:
    st = styles()
    out: list[Flowable] = []
    for text in templates.paragraphs(key):
        if only_empty_placeholders(text, values):
            continue  # "E-Mail: {ifk_email}" without an address says nothing
        if text.startswith("- "):
            out.append(Paragraph(fill(text[2:], values), st[bullet], bulletText="•"))
        else:
            out.append(Paragraph(fill(text, values), st[style]))
    return out


def _lines_markup(text: str) -> str:
    """Escaped text whose line breaks survive as <br/>."""
    return "<br/>".join(markup(line.strip()) for line in text.splitlines() if line.strip())


# --- page decorations ---------------------------------------------------------------------


def _office_line(office: Office) -> str:
    return " · ".join(part for part in (office.name, office.phone) if part)


def letter_pages(
    office: Office,
    customer: Customer,
    info_rows: Sequence[tuple[str, str]],
    settings: PrintSettings,
    kind: str,
) -> tuple[PageDecorator, PageDecorator]:
    """Decorators for a letter's first page (window, info block) and its follow pages."""

    def first(canv: Canvas, number: int, total_form: str) -> Box:
        draw_letterhead(canv, office.name, office.address_lines)
        draw_office_mark(canv, office.letterhead, office.logo)
        draw_window(canv, office.return_address, customer.address_lines)
        draw_info_block(canv, info_rows)
        if settings.fold_marks:
            draw_marks(canv)
        draw_footer(
            canv, f"Kundennummer {customer.kundennummer}", _office_line(office), number, total_form
        )
        top = y_from_top(BODY_TOP_FIRST)
        return Box(BODY_LEFT * mm, BODY_BOTTOM * mm, BODY_WIDTH, top - BODY_BOTTOM * mm)

    def later(canv: Canvas, number: int, total_form: str) -> Box:
        canv.setFont(REGULAR, 8)
        canv.setFillColor(GREY)
        head = f"{kind} – Kundennummer {customer.kundennummer}"
        canv.drawString(BODY_LEFT * mm, y_from_top(15), ellipsize(head, REGULAR, 8, BODY_WIDTH))
        canv.setFillColor((0, 0, 0))
        draw_footer(
            canv, f"Kundennummer {customer.kundennummer}", _office_line(office), number, total_form
        )
        top = y_from_top(BODY_TOP_LATER)
        return Box(BODY_LEFT * mm, BODY_BOTTOM * mm, BODY_WIDTH, top - BODY_BOTTOM * mm)

    return first, later


def plain_pages(office: Office, customer: Customer) -> PageDecorator:
    """Decorator for a sheet without window (flyer, information): footer and margins only."""

    def deco(canv: Canvas, number: int, total_form: str) -> Box:
        canv.setFillColor(ACCENT)
        canv.rect(0, y_from_top(8), PAGE_W, 8 * mm, stroke=0, fill=1)
        canv.setFillColor((1, 1, 1))
        canv.setFont(REGULAR, 8)
        canv.drawRightString(
            PAGE_W - BODY_RIGHT * mm, y_from_top(5.3), ellipsize(office.name, REGULAR, 8, 90 * mm)
        )
        canv.setFillColor((0, 0, 0))
        draw_footer(
            canv, f"Kundennummer {customer.kundennummer}", _office_line(office), number, total_form
        )
        top = y_from_top(22)
        return Box(BODY_LEFT * mm, BODY_BOTTOM * mm, BODY_WIDTH, top - BODY_BOTTOM * mm)

    return deco


def _info_rows(letter: InvitationLetter) -> list[tuple[str, str]]:
    ifk: Caseworker = letter.caseworker
    return [
        ("Kundennummer", letter.customer.kundennummer),
        *((("BG-Nummer", letter.bg_number),) if letter.bg_number else ()),
        ("Ansprechperson", ifk.name),
        ("Team", ifk.team),
        ("Telefon", ifk.phone),
        ("E-Mail", ifk.email),
        ("Datum", fmt.date_numeric(letter.letter_date)),
    ]


# --- invitation -----------------------------------------------------------------------------


def invitation_story(
    letter: InvitationLetter, templates: LetterTemplates, settings: PrintSettings
) -> list[Flowable]:
    """The flowing body of an invitation: subject to signature, with the RFB if asked for."""
    st = styles()
    values = placeholder_values(letter, settings)
    appt = letter.appointment
    story: list[Flowable] = [
        Paragraph(fill(templates.text("invitation.subject"), values), st["subject"]),
        Paragraph(fill(templates.text("invitation.salutation"), values), st["body"]),
        *_paragraphs(templates, "invitation.intro", values),
    ]
    rows: list[list[Flowable]] = [
        [
            Paragraph(fill(templates.text("invitation.label_when"), values), st["label"]),
            Paragraph(
                f"<b>{markup(fmt.datetime_long(appt.start))}</b>",
                st["body"],
            ),
        ],
        [
            Paragraph(fill(templates.text("invitation.label_where"), values), st["label"]),
            Paragraph(_lines_markup(appt.place), st["body"]),
        ],
    ]
    if appt.purpose.strip():
        rows.append(
            [
                Paragraph(fill(templates.text("invitation.label_purpose"), values), st["label"]),
                Paragraph(_lines_markup(appt.purpose), st["body"]),
            ]
        )
    if appt.bring:
        rows.append(
            [
                Paragraph(fill(templates.text("invitation.label_bring"), values), st["label"]),
                Paragraph("<br/>".join(f"• {markup(item)}" for item in appt.bring), st["body"]),
            ]
        )
    table = Table(rows, colWidths=[42 * mm, BODY_WIDTH - 42 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), LIGHT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, 0), 7),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 5),
            ]
        )
    )
    story += [Spacer(1, 2), table, Spacer(1, 8)]
    story += _paragraphs(templates, "invitation.after", values)
    if letter.with_rfb:
        story += _rfb_block(letter, templates, values)
    story.append(_signature(templates, "invitation", values))
    note = templates.text("invitation.machine_note")
    if note:
        story.append(Paragraph(fill(note, values), st["tiny"]))
    return story


def _law_paragraphs(texts: Sequence[str], values: Mapping[str, str], style: str) -> list[Flowable]:
    st = styles()
    return [Paragraph(fill(text, values), st[style]) for text in texts if text.strip()]


def _rfb_block(
    letter: InvitationLetter, templates: LetterTemplates, values: Mapping[str, str]
) -> list[Flowable]:
    """Rechtsfolgenbelehrung, travel-cost note and Rechtsbehelfsbelehrung of the rule set the
    letter is printed under (the office's template text only for a letter without one)."""
    st, law = styles(), letter.law
    heading = (
        law.rfb_heading if law and law.rfb_heading else templates.text("invitation.rfb_heading")
    )
    block: list[Flowable] = [
        CondPageBreak(40 * mm),
        HRFlowable(width="100%", thickness=0.6, color=GREY, spaceBefore=4, spaceAfter=2),
        Paragraph(fill(heading, values), st["rfbhead"]),
    ]
    if law is None:
        block += _paragraphs(templates, "invitation.rfb", values, style="rfb")
    else:
        block += _law_paragraphs(law.rfb, values, "rfb")
        block += _law_paragraphs((law.travel_costs,), values, "rfb")
        if law.legal_remedy:
            block.append(Paragraph(fill(law.legal_remedy_heading, values), st["rfbhead"]))
            block += _law_paragraphs(law.legal_remedy, values, "rfb")
    block.append(HRFlowable(width="100%", thickness=0.6, color=GREY, spaceBefore=2, spaceAfter=6))
    return block


def _signature(templates: LetterTemplates, prefix: str, values: Mapping[str, str]) -> Flowable:
    st = styles()
    parts: list[Flowable] = [
        Spacer(1, 2),
        Paragraph(fill(templates.text(f"{prefix}.closing"), values), st["body"]),
        Spacer(1, 4),
    ]
    parts += [
        Paragraph(fill(line, values), st["body"] if i == 0 else st["small"])
        for i, line in enumerate(templates.paragraphs(f"{prefix}.signature"))
    ]
    return KeepTogether(parts)


def add_invitation(
    pdf: PdfBuilder, letter: InvitationLetter, settings: PrintSettings
) -> tuple[int, int]:
    """Append one invitation to ``pdf``; returns its (first, last) page."""
    templates = templates_for(letter.office, settings)
    first, later = letter_pages(
        letter.office, letter.customer, _info_rows(letter), settings, "Einladung"
    )
    return pdf.flow(invitation_story(letter, templates, settings), first, later)


def render_invitation(
    letter: InvitationLetter, out: Output, settings: PrintSettings | None = None
) -> int:
    """Write one invitation as a PDF to a path or binary stream; returns its page count."""
    settings = settings or PrintSettings()
    pdf = PdfBuilder(out, f"Einladung {letter.customer.kundennummer}")
    add_invitation(pdf, letter, settings)
    pdf.save()
    return pdf.page_count


# --- customer package -----------------------------------------------------------------------


def package_cover_story(
    letter: InvitationLetter, templates: LetterTemplates, settings: PrintSettings
) -> list[Flowable]:
    """Cover letter 'wir waren heute bei Ihnen', with the open Mitwirkungsschreiben."""
    st = styles()
    values = placeholder_values(letter, settings)
    story: list[Flowable] = [
        Paragraph(fill(templates.text("package.subject"), values), st["subject"]),
        Paragraph(fill(templates.text("package.salutation"), values), st["body"]),
        *_paragraphs(templates, "package.body", values),
    ]
    open_items = letter.customer.open_mitwirkungsschreiben
    if open_items:
        story.append(Paragraph(fill(templates.text("package.open_heading"), values), st["heading"]))
        story.append(Paragraph(fill(templates.text("package.open_intro"), values), st["body"]))
        for item in open_items:
            details = []
            if item.sent_on:
                details.append(f"Schreiben vom {fmt.date_numeric(item.sent_on)}")
            if item.due_on:
                details.append(f"bitte bis {fmt.date_numeric(item.due_on)}")
            suffix = f" ({markup(', '.join(details))})" if details else ""
            story.append(
                Paragraph(f"<b>{markup(item.subject)}</b>{suffix}", st["bullet"], bulletText="•")
            )
    if letter.with_rfb and letter.law is not None and letter.law.package_rfb_note:
        story.append(Paragraph(fill(letter.law.package_rfb_note, values), st["body"]))
    story += _paragraphs(templates, "package.closing_text", values)
    story.append(_signature(templates, "package", values))
    return story


def flyer_story(
    letter: InvitationLetter, templates: LetterTemplates, settings: PrintSettings
) -> list[Flowable]:
    """The one-page flyer about what the job centre offers."""
    st = styles()
    values = placeholder_values(letter, settings)
    story: list[Flowable] = [
        Paragraph(fill(templates.text("flyer.title"), values), st["flyertitle"]),
        Paragraph(fill(templates.text("flyer.intro"), values), st["flyerlead"]),
        *_paragraphs(templates, "flyer.items", values, style="flyer", bullet="flyerbullet"),
        Spacer(1, 10),
        HRFlowable(width="100%", thickness=1.2, color=ACCENT, spaceAfter=12),
        *_paragraphs(templates, "flyer.outro", values, style="flyer"),
    ]
    return story


def info_story(
    letter: InvitationLetter, templates: LetterTemplates, settings: PrintSettings
) -> list[Flowable]:
    """General information: uploading documents, opening hours, reaching the caseworker."""
    st = styles()
    values = placeholder_values(letter, settings)
    story: list[Flowable] = [
        Paragraph(fill(templates.text("info.title"), values), st["title"]),
        Paragraph(fill(templates.text("info.upload_heading"), values), st["heading"]),
        *_paragraphs(templates, "info.upload", values),
        Paragraph(fill(templates.text("info.hours_heading"), values), st["heading"]),
    ]
    story += [Paragraph(markup(line), st["body"]) for line in letter.office.opening_hours]
    story.append(Paragraph(fill(templates.text("info.contact_heading"), values), st["heading"]))
    story += _paragraphs(templates, "info.contact", values)
    address = "<br/>".join(
        markup(line) for line in (letter.office.name, *letter.office.address_lines)
    )
    story.append(Paragraph(address, st["body"]))
    note = templates.text("info.note")
    if note:
        story += [Spacer(1, 8), Paragraph(fill(note, values), st["small"])]
    return story


def add_package(
    pdf: PdfBuilder, letter: InvitationLetter, settings: PrintSettings
) -> tuple[int, int]:
    """Append a customer package (cover letter, flyer, information); returns its pages."""
    templates = templates_for(letter.office, settings)
    rows = [r for r in _info_rows(letter) if r[0] != "Datum"]
    rows.append(("Datum", fmt.date_numeric(letter.letter_date)))
    first, later = letter_pages(letter.office, letter.customer, rows, settings, "Kunden-Paket")
    start, _ = pdf.flow(package_cover_story(letter, templates, settings), first, later)
    plain = plain_pages(letter.office, letter.customer)
    flyer_key = ("flyer", letter.office, letter.caseworker, id(templates), settings)
    pdf.flow_static(flyer_key, lambda: flyer_story(letter, templates, settings), plain)
    _, end = pdf.flow(info_story(letter, templates, settings), plain)
    return start, end


def render_package(
    letter: InvitationLetter, out: Output, settings: PrintSettings | None = None
) -> int:
    """Write one customer package as a PDF to a path or binary stream; returns its page count.

    The package belongs to an invitation: it needs the same customer, caseworker and office.
    """
    settings = settings or PrintSettings()
    pdf = PdfBuilder(out, f"Kunden-Paket {letter.customer.kundennummer}")
    add_package(pdf, letter, settings)
    pdf.save()
    return pdf.page_count
