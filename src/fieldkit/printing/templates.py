"""Editable letter texts: JSON files of plain text with ``{platzhalter}`` placeholders.

A template can never run code or smuggle ReportLab markup into a letter: the only markup is
``**bold**`` in the template's own text, recognised *before* the placeholders are filled in,
and every character of the template and of every value is escaped. An unknown placeholder
stays visible as ``{name}`` so whoever edits the template sees the typo in the preview.

Lookup order for an office's ``template_key``: the shipped ``default.json``, then a shipped
``<key>.json``, then ``<key>.json`` in the user's template folder (setting ``template_dir``, else
``templates`` in the config folder: templates are configuration of one installation, like
the settings, not case data, so they need no schema change and IT can hand the same file to
every laptop); later files override single
keys, so an office only writes down what it changes.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from fieldkit import paths

# Plain text made safe for a ReportLab Paragraph (cleaned and XML-escaped), and the cleaning
# alone: one implementation, in fieldkit.escaping (which any layer may import).
from fieldkit.escaping import pdf_text as markup
from fieldkit.escaping import printable as clean
from fieldkit.paths import resource_path

log = logging.getLogger(__name__)

#: Every placeholder a template may use, with its meaning (for the template editor).
PLACEHOLDERS: dict[str, str] = {
    "name": "Name der Kundin / des Kunden",
    "kundennummer": "Kundennummer",
    "datum": "Datum des Schreibens",
    "termin_datum": "Tag des Termins, z. B. Donnerstag, 10. Dezember 2026",
    "termin_uhrzeit": "Uhrzeit des Termins, z. B. 09:00 Uhr",
    "termin_ort": "Ort des Termins",
    "anliegen": "Worum es im Termin geht",
    "betrag": "Betrag der Minderung, z. B. 56,30 €",
    "prozent": "Minderung in Prozent des Regelbedarfs",
    "ifk_name": "Name der Ansprechperson",
    "ifk_telefon": "Telefon der Ansprechperson",
    "ifk_email": "E-Mail der Ansprechperson",
    "ifk_team": "Team der Ansprechperson",
    "dienststelle": "Name des Jobcenters",
    "dienststelle_telefon": "Telefon des Jobcenters",
    "dienststelle_email": "E-Mail des Jobcenters",
    "upload_hinweis": "Wo Unterlagen hochgeladen werden können",
    "ifk_name_dativ": "Name der Ansprechperson nach „mit“, z. B. Herrn Vogt",
    "gespraech": "Art des Gesprächs, z. B. persönlichen Gespräch / telefonischen Gespräch",
    "bg_nummer": "Nummer der Bedarfsgemeinschaft (leer, wenn unbekannt)",
    "leistung": "Name der Leistung nach dem Regelwerk, z. B. Bürgergeld",
    "regelwerk": "Name des Regelwerks, nach dem das Schreiben gedruckt wird",
    "monate": "Dauer der Minderung, z. B. einen Monat",
    "regelbedarfsstufe": "Regelbedarfsstufe (1 bis 6)",
}

_TOKEN = re.compile(r"\{\{|\}\}|\*\*|\{([a-z_]+)\}")
_NAME = re.compile(r"^[a-z0-9_-]{1,40}$")


def fill(template: str, values: Mapping[str, str]) -> str:
    """Paragraph markup for ``template`` with ``values`` filled in, everything escaped."""
    out: list[str] = []
    pos = 0
    bold = False
    for match in _TOKEN.finditer(template):
        out.append(markup(template[pos : match.start()]))
        token = match.group(0)
        if token == "{{":
            out.append("{")
        elif token == "}}":
            out.append("}")
        elif token == "**":
            out.append("</b>" if bold else "<b>")
            bold = not bold
        else:
            name = match.group(1)
            out.append(markup(values[name]) if name in values else escape(token))
        pos = match.end()
    out.append(markup(template[pos:]))
    if bold:
        out.append("</b>")
    return "".join(out)


def fill_plain(template: str, values: Mapping[str, str]) -> str:
    """``template`` with ``values`` filled in as plain text (for canvas drawing, no markup)."""

    def sub(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        if token == "**":
            return ""
        name = match.group(1)
        return clean(values[name]) if name in values else token

    return _TOKEN.sub(sub, template)


def only_empty_placeholders(template: str, values: Mapping[str, str]) -> bool:
    """Whether ``template`` has placeholders and every one of them is empty in ``values``
    (such a paragraph would print a label with nothing after it)."""
    names = [m.group(1) for m in _TOKEN.finditer(template) if m.group(1) is not None]
    return bool(names) and all(name in values and not values[name].strip() for name in names)


def unknown_placeholders(template: str) -> set[str]:
    """Placeholders in ``template`` that no letter fills (typos), for the editor's warning."""
    return {
        m.group(1)
        for m in _TOKEN.finditer(template)
        if m.group(1) is not None and m.group(1) not in PLACEHOLDERS
    }


@dataclass(frozen=True)
class LetterTemplates:
    """The texts of all documents of one office: key → paragraphs."""

    texts: Mapping[str, tuple[str, ...]]

    def paragraphs(self, key: str) -> tuple[str, ...]:
        """All paragraphs under ``key`` (empty if the key is missing)."""
        return self.texts.get(key, ())

    def text(self, key: str) -> str:
        """The paragraphs under ``key`` joined into one line of text."""
        return " ".join(self.paragraphs(key))


def parse_templates(raw: object, source: str) -> dict[str, tuple[str, ...]]:
    """Template entries (key → paragraphs) from parsed JSON; anything else is left out.

    ``source`` names where it came from in the log (a file name, never its content).
    """
    if not isinstance(raw, dict):
        log.warning("letter template %s is not a JSON object, ignored", source)
        return {}
    texts: dict[str, tuple[str, ...]] = {}
    for key, value in raw.items():
        if key.startswith("_"):
            continue  # comments
        if isinstance(value, str):
            texts[key] = (value,)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            texts[key] = tuple(value)
        else:
            log.warning("letter template %s: %s is neither text nor a list of texts", source, key)
    return texts


def _read(path: Path) -> dict[str, tuple[str, ...]]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        log.warning("letter template %s unreadable, ignored", path.name)
        return {}
    return parse_templates(raw, path.name)


@lru_cache(maxsize=32)
def _load_cached(template_key: str, template_dir: str, stamp: float) -> LetterTemplates:
    shipped = resource_path("templates")
    texts = _read(shipped / "default.json")
    if template_key != "default":
        texts.update(_read(shipped / f"{template_key}.json"))
    if template_dir:
        texts.update(_read(Path(template_dir) / f"{template_key}.json"))
    return LetterTemplates(texts)


def load_templates(template_key: str = "default", template_dir: str | Path = "") -> LetterTemplates:
    """The templates of one office (see the module docstring for the lookup order)."""
    key = template_key if _NAME.match(template_key) else "default"
    folder = str(user_template_dir(str(template_dir)))
    stamp = 0.0
    if folder:
        # An edited file must show up at once in the live preview.
        try:
            stamp = (Path(folder) / f"{key}.json").stat().st_mtime
        except OSError:
            stamp = -1.0
    return _load_cached(key, folder, stamp)


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def office_template_key(office_name: str) -> str:
    """The file name (without .json) of an office's templates: its name as a short slug.

    'Jobcenter Landkreis Heilbronn' → 'jobcenter-landkreis-heilbronn'; '' → 'default'.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", office_name.lower().translate(_UMLAUTS)).strip("-")
    return slug[:40].strip("-") or "default"


def user_template_dir(template_dir: str = "") -> Path:
    """Where edited templates live: the setting, else ``templates`` in the config folder."""
    return Path(template_dir) if template_dir else paths.config_dir() / "templates"


def shipped_templates() -> dict[str, tuple[str, ...]]:
    """The shipped defaults (``default.json``), key → paragraphs, in file order."""
    return _read(resource_path("templates") / "default.json")


def read_user_templates(template_key: str, template_dir: str = "") -> dict[str, tuple[str, ...]]:
    """Only the entries an office changed (its file in the user's template folder)."""
    key = template_key if _NAME.match(template_key) else "default"
    return _read(user_template_dir(template_dir) / f"{key}.json")


def write_user_templates(
    template_key: str, changed: Mapping[str, tuple[str, ...]], template_dir: str = ""
) -> Path:
    """Write an office's changed entries atomically; no changes removes the file."""
    key = template_key if _NAME.match(template_key) else "default"
    folder = user_template_dir(template_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{key}.json"
    if not changed:
        path.unlink(missing_ok=True)
        return path
    data = {k: (v[0] if len(v) == 1 else list(v)) for k, v in changed.items()}
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".templates-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    _load_cached.cache_clear()
    return path
