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
from xml.sax.saxutils import escape

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

#: First characters with which a spreadsheet program reads a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: Characters that would print as boxes or confuse readers of a document.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")

_USERINFO = re.compile(r"(?<=://)[^/@\s]*@")


def printable(text: str) -> str:
    """``text`` without control characters (they would print as boxes or confuse readers)."""
    return _CONTROL.sub(" ", text)


def pdf_text(text: object) -> str:
    """``text`` as ReportLab Paragraph markup that shows exactly these characters: cleaned of
    control characters and XML-escaped (``printing.templates.markup`` is this function)."""
    return escape(printable(str(text)))


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
