"""One escaping helper per output kind: what fieldkit is given never becomes markup or code.

Names, addresses and notes come from imports, sync files and typing; any of them may hold
text that an output would otherwise interpret (issue 14, item 7):

* ReportLab Paragraph markup (letters, route sheets, slips, report PDFs):
  :func:`pdf_text` (``<font size=40>`` prints as those characters, not as 40-pt text).
* XLSX cells: :func:`xlsx_value` (a text starting with ``= + - @``, tab or CR stays text,
  never a formula; see OWASP "CSV injection").
* Qt rich text lives under ``ui/`` (Qt only there): ``html.escape`` for every value put into
  a rich-text label, and ``Qt.TextFormat.PlainText`` for labels that show data as they are.
* Database URLs in messages, logs and CLI output: :func:`safe_url` (never the password).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

#: First characters with which a spreadsheet program reads a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_USERINFO = re.compile(r"(?<=://)[^/@\s]*@")


def pdf_text(text: object) -> str:
    """``text`` as ReportLab Paragraph markup that shows exactly these characters."""
    # Imported here: fieldkit.printing loads ReportLab, which the sync and the CLI need not.
    from fieldkit.printing.templates import markup

    return markup(str(text))


def xlsx_value(value: Any) -> Any:
    """A value for an openpyxl cell; a text that looks like a formula becomes plain text.

    A leading apostrophe is what a spreadsheet program itself shows for "text, not formula";
    it keeps the content readable and inert even after a re-save as CSV.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_row(values: list[Any]) -> list[Any]:
    """:func:`xlsx_value` for each cell of a row."""
    return [xlsx_value(v) for v in values]


def safe_url(url: str) -> str:
    """A database URL to show or log: without its password, even when it does not parse."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        # Not a URL SQLAlchemy reads: drop anything that could be user:password@.
        return _USERINFO.sub("***@", url)
