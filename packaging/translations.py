"""Refresh and check the UI translation catalogues.

    python packaging/translations.py update   # run lupdate over src/fieldkit/ui
    python packaging/translations.py check    # list unfinished or placeholder-broken entries

German is the source language. There is one catalogue per part of the UI, so the parts can
be worked on side by side: ``resources/translations/fieldkit_en.ts`` covers the modules
directly in ``src/fieldkit/ui``, ``<part>_en.ts`` the package ``src/fieldkit/ui/<part>/``.
They are edited with Qt Linguist (``pyside6-linguist``) or by hand; ``./dev setup`` compiles
each to ``.qm`` and the app loads them all.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS_DIR = ROOT / "resources" / "translations"
UI = ROOT / "src" / "fieldkit" / "ui"
TS_FILES = sorted(TS_DIR.glob("*_*.ts"))
PLACEHOLDER = re.compile(r"%\d+")


def part_of(ts: Path) -> str:
    """'fieldkit' for ``fieldkit_en.ts``, 'planning' for ``planning_en.ts``."""
    return ts.stem.rsplit("_", 1)[0]


def sources_of(part: str) -> list[Path]:
    """The UI modules a catalogue covers."""
    if part == "fieldkit":
        return sorted(UI.glob("*.py"))
    return sorted((UI / part).rglob("*.py"))


def qt_tool(name: str) -> Path:
    """Qt's ``lupdate`` or ``lrelease`` as shipped in the PySide6 wheel, called directly: the
    ``pyside6-NAME`` script beside Python only starts a Python that runs it (about 0.15 CPU-s
    each time, nine times for an update); that script where the wheel has no such binary."""
    spec = importlib.util.find_spec("PySide6")
    if spec is not None and spec.origin is not None:
        folder = Path(spec.origin).parent
        for exe in (name, name + ".exe"):
            if (folder / exe).is_file():
                return folder / exe
    return Path(sys.executable).with_name("pyside6-" + name)


def update(ts: Path, part: str | None = None) -> None:
    """Add new source strings to ``ts`` and drop vanished ones."""
    sources = [str(p) for p in sources_of(part or part_of(ts))]
    subprocess.run(
        [str(qt_tool("lupdate")), *sources, "-ts", str(ts), "-no-obsolete", "-locations", "none",
         "-source-language", "de", "-target-language", ts.stem.split("_")[-1]],
        check=True,
    )  # fmt: skip


def problems(ts: Path) -> list[str]:
    """Entries without a finished translation or with differing %N placeholders."""
    found = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            text = translation.text if translation is not None else None
            if translation is None or translation.get("type") in ("unfinished", "obsolete"):
                found.append(f"{ts.name}: {name}: untranslated: {source!r}")
            elif sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text or "")):
                found.append(f"{ts.name}: {name}: placeholders differ: {source!r}")
    return found


def main(argv: list[str]) -> int:
    """Command line: ``update`` or ``check``."""
    if argv[1:] == ["update"]:
        for ts in TS_FILES:
            update(ts)
        return 0
    if argv[1:] == ["check"]:
        issues = [p for ts in TS_FILES for p in problems(ts)]
        print("\n".join(issues) or "all translations complete")
        return 1 if issues else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
