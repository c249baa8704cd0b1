"""packaging/icu_trim.py: the bundle's ICU data keeps German and English, drops the rest.

The package format is rebuilt here from a small synthetic ICU common data package (the same
layout as ICU's: header, table of name/data offsets relative to the table, names, 16-byte
aligned items). Where binutils are installed, the real libicudata of the PySide6 wheel is
rebuilt and opened through ICU itself (the bundle's smoke test does the same on the bundle).
"""

from __future__ import annotations

import importlib
import shutil
import struct
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _icu_trim() -> ModuleType:
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        return importlib.import_module("icu_trim")
    finally:
        sys.path.remove(str(ROOT / "packaging"))


icu_trim = _icu_trim()


def _package(items: list[tuple[str, bytes]]) -> bytes:
    """A common data package as ICU's pkgdata writes it (little-endian, 'CmnD')."""
    header = struct.pack("<HBB", 32, 0xDA, 0x27)
    header += struct.pack("<HHBBBB4s4s4s", 20, 0, 0, 0, 2, 0, b"CmnD", b"\1\0\0\0", b"\3\0\0\0")
    header += b"\0" * (32 - len(header))
    names = b"".join(n.encode() + b"\0" for n, _ in items)
    table = 4 + 8 * len(items)
    first = table + len(names)
    first += -(32 + first) % 16
    out = struct.pack("<I", len(items))
    at, name_at = first, table
    body = b""
    for name, data in items:
        out += struct.pack("<II", name_at, at)
        name_at += len(name) + 1
        padded = data + b"\0" * (-len(data) % 16)
        body += padded
        at += len(padded)
    out += names
    return header + out + b"\0" * (32 + first - 32 - len(out)) + body


ITEMS = [
    ("icudt73l/brkitr/cjdict.dict", b"D" * 40),
    ("icudt73l/brkitr/de.res", b"b-de"),
    ("icudt73l/brkitr/line.brk", b"rules"),
    ("icudt73l/cnvalias.icu", b"aliases"),
    ("icudt73l/coll/de.res", b"coll-de"),
    ("icudt73l/coll/fr_CA.res", b"coll-fr"),
    ("icudt73l/coll/ucadata.icu", b"U" * 33),
    ("icudt73l/de_AT.res", b"de-at"),
    ("icudt73l/en_001.res", b"en-001"),
    ("icudt73l/ibm-943_P15A-2003.cnv", b"C" * 70),
    ("icudt73l/ja.res", b"ja"),
    ("icudt73l/pool.res", b"pool"),
    ("icudt73l/root.res", b"root"),
    ("icudt73l/supplementalData.res", b"supp"),
    ("icudt73l/zone/yue_Hant.res", b"yue"),
]


def test_only_german_english_and_shared_data_stay() -> None:
    small = icu_trim.trim(_package(ITEMS))
    header, items = icu_trim._items(small)
    assert len(header) == 32
    kept = {name: data.rstrip(b"\0") for name, data in items}
    assert set(kept) == {
        "icudt73l/brkitr/de.res",
        "icudt73l/brkitr/line.brk",
        "icudt73l/cnvalias.icu",
        "icudt73l/coll/de.res",
        "icudt73l/coll/ucadata.icu",
        "icudt73l/de_AT.res",
        "icudt73l/en_001.res",
        "icudt73l/pool.res",
        "icudt73l/root.res",
        "icudt73l/supplementalData.res",
    }
    assert kept["icudt73l/coll/ucadata.icu"] == b"U" * 33
    assert [n for n, _ in items] == sorted(n for n, _ in items)  # ICU searches the table
    count = struct.unpack_from("<I", small, 32)[0]
    offsets = [struct.unpack_from("<II", small, 36 + 8 * i)[1] for i in range(count)]
    assert all((32 + off) % 16 == 0 for off in offsets)


def test_something_else_than_icu_data_is_refused() -> None:
    with pytest.raises(SystemExit, match="not an ICU common data package"):
        icu_trim.trim(b"\x20\x00\xda\x27" + b"\0" * 8 + b"XXXX" + b"\0" * 100)


def _rebuild_and_check(
    folder: Path, languages: tuple[str, ...]
) -> subprocess.CompletedProcess[str]:
    """In a fresh interpreter: no other ICU of the same name is loaded there already."""
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); import icu_trim; from pathlib import Path\n"
        "icu_trim.KEEP_LANGUAGES = tuple(sys.argv[3].split(','))\n"
        "lib = next(Path(sys.argv[2]).glob('libicudata.so.*'))\n"
        "before, after = icu_trim.rebuild(lib)\n"
        "print(before, after)\n"
        "print(icu_trim.check(Path(sys.argv[2])))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script, str(ROOT / "packaging"), str(folder), ",".join(languages)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


@pytest.mark.skipif(
    not all(shutil.which(t) for t in ("as", "ld", "readelf")), reason="needs binutils"
)
@pytest.mark.parametrize("languages", [("de", "en"), ("en",)])
def test_the_wheels_icu_library_rebuilt(tmp_path: Path, languages: tuple[str, ...]) -> None:
    import PySide6

    qt_lib = Path(PySide6.__file__).parent / "Qt" / "lib"
    for lib in qt_lib.glob("libicu*.so.*"):
        shutil.copy(lib, tmp_path / lib.name)
    done = _rebuild_and_check(tmp_path, languages)
    if "de" not in languages:  # the check sees the trimmed data: without German it fails
        assert done.returncode != 0
        assert "German locale data missing" in done.stderr
        return
    assert done.returncode == 0, done.stderr
    before, after = map(int, done.stdout.splitlines()[0].split())
    assert after < before / 3
    assert "Deutsch (Deutschland)" in done.stdout
