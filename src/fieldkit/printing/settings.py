"""Settings of the printed documents (declared once here; composed in ``fieldkit.settings``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from fieldkit.settings_fields import describe


@dataclass(frozen=True)
class PrintSettings:
    """How letters, packages and route sheets are printed."""

    template_dir: str = field(
        default="",
        metadata=describe(
            "Folder with edited letter templates (<office>.json); '' = 'templates' in the "
            "config folder."
        ),
    )
    upload_hint: str = field(
        default="jobcenter.digital – dort „Unterlagen einreichen“ wählen",
        metadata=describe(
            "Where customers upload missing documents (information sheet).", office_wide=True
        ),
    )
    office_email: str = field(
        default="",
        metadata=describe("E-mail address of the office printed on the letters.", office_wide=True),
    )
    duplex: bool = field(
        default=True,
        metadata=describe(
            "Batch PDFs: insert blank pages so every letter starts on a front page.",
            office_wide=True,
        ),
    )
    fold_marks: bool = field(
        default=True,
        metadata=describe("Print fold and hole marks on letters (DIN 5008).", office_wide=True),
    )
    route_map: bool = field(
        default=True,
        metadata=describe("Draw the map of the day's route on the route sheet.", office_wide=True),
    )
