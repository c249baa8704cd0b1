"""A smaller ICU data library for the Linux bundle (issue 18): German and English only.

Qt links ICU; its data library ``libicudata.so.73`` (32 MB) holds one ICU "common data"
package (format ``CmnD``) under the symbol ``icudt73_dat``: locale data of 800 locales,
collation, codepage conversion tables, dictionaries for Thai/Khmer/CJK line breaking … The
app speaks German (and English). This module rewrites the package without
- codepage tables (``*.cnv``; UTF-8/16 and Latin-1 are built into ICU's code),
- line-break dictionaries (``brkitr/*.dict``),
- locale files (any folder) of languages other than German and English,
and links a new ``libicudata.so.73`` (same soname and symbol) with binutils' ``as``/``ld``.
Root, the shared pools, indexes, supplemental data, normalisation and collation base data
all stay. The bundle's smoke test opens a German collator and a locale name through the
bundled ICU (``check``).

    python packaging/icu_trim.py FOLDER   # trims FOLDER/libicudata.so.* in place
"""

from __future__ import annotations

import ctypes
import re
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

KEEP_LANGUAGES = ("de", "en")
# A locale's file: language (2-3 letters), then script/region/variant parts.
_LOCALE = re.compile(r"^([a-z]{2,3})(_[A-Za-z0-9]+)*\.res$")
_ALIGN = 16


def _items(data: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The package's header and its (name, bytes) items in table order."""
    header_size = struct.unpack_from("<H", data, 0)[0]
    if data[2:4] != b"\xda\x27" or data[12:16] != b"CmnD":
        raise SystemExit("icu_trim: not an ICU common data package (CmnD)")
    count = struct.unpack_from("<I", data, header_size)[0]
    entries = [struct.unpack_from("<II", data, header_size + 4 + 8 * i) for i in range(count)]
    starts = [header_size + off for _name, off in entries] + [len(data)]
    items = []
    for i, (name_off, _data_off) in enumerate(entries):
        at = header_size + name_off
        name = data[at : data.index(b"\0", at)].decode("ascii")
        items.append((name, data[starts[i] : starts[i + 1]]))
    return data[:header_size], items


def wanted(name: str) -> bool:
    """True for an item the German/English app keeps."""
    path = name.split("/", 1)[1] if "/" in name else name
    base = path.rsplit("/", 1)[-1]
    if base.endswith(".cnv") or (path.startswith("brkitr/") and base.endswith(".dict")):
        return False
    locale = _LOCALE.match(base)
    return locale is None or locale[1] in KEEP_LANGUAGES


def trim(data: bytes) -> bytes:
    """The package with only the wanted items (table sorted as before, items 16-aligned)."""
    header, items = _items(data)
    kept = [(name, body) for name, body in items if wanted(name)]
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in kept)
    table_size = 4 + 8 * len(kept)
    first = table_size + len(names)
    first += -(len(header) + first) % _ALIGN
    table = [struct.pack("<I", len(kept))]
    bodies = []
    name_at, data_at = table_size, first
    for name, body in kept:
        table.append(struct.pack("<II", name_at, data_at))
        name_at += len(name) + 1
        pad = -(len(body)) % _ALIGN
        bodies.append(body + b"\0" * pad)
        data_at += len(body) + pad
    out = header + b"".join(table) + names
    out += b"\0" * (len(header) + first - len(out))
    return out + b"".join(bodies)


def _symbol(lib: Path) -> tuple[str, int, int]:
    """Name, file offset and size of the data symbol (icudtNN_dat) in the library."""
    syms = subprocess.run(
        ["readelf", "--dyn-syms", "-W", str(lib)], capture_output=True, text=True, check=True
    ).stdout
    found = re.search(
        r"([0-9a-f]+)\s+(0x[0-9a-f]+|\d+)\s+OBJECT\s+GLOBAL\s+\S+\s+\d+\s+(icudt\d+_dat)", syms
    )
    if not found:
        raise SystemExit(f"icu_trim: no icudt*_dat symbol in {lib}")
    address, size = int(found[1], 16), int(found[2], 0)
    sections = subprocess.run(
        ["readelf", "-SW", str(lib)], capture_output=True, text=True, check=True
    ).stdout
    for line in sections.splitlines():
        cols = line.replace("[ ", "[").split()
        if len(cols) > 5 and cols[1] == ".rodata":
            offset = int(cols[4], 16) + address - int(cols[3], 16)
            return found[3], offset, size
    raise SystemExit(f"icu_trim: no .rodata in {lib}")


def rebuild(lib: Path) -> tuple[int, int]:
    """Replace ``lib`` (libicudata.so.NN) by a trimmed one; returns (old, new) byte sizes."""
    symbol, offset, size = _symbol(lib)
    raw = lib.read_bytes()
    small = trim(raw[offset : offset + size])
    soname = lib.name
    with tempfile.TemporaryDirectory() as tmp:
        dat, asm, obj, out = (Path(tmp) / n for n in ("icu.dat", "icu.s", "icu.o", soname))
        dat.write_bytes(small)
        asm.write_text(
            f"\t.section .rodata\n\t.balign 16\n\t.globl {symbol}\n\t.type {symbol}, @object\n"
            f'{symbol}:\n\t.incbin "{dat}"\n\t.size {symbol}, .-{symbol}\n'
            '\t.section .note.GNU-stack,"",@progbits\n',
            encoding="ascii",
        )
        subprocess.run(["as", "-o", str(obj), str(asm)], check=True)
        subprocess.run(
            ["ld", "-shared", "-soname", soname, "-z", "noexecstack", "-o", str(out), str(obj)],
            check=True,
        )
        old = len(raw)
        lib.unlink()
        lib.write_bytes(out.read_bytes())
        lib.chmod(0o755)
    return old, lib.stat().st_size


def check(folder: Path) -> str:
    """Open ICU from ``folder`` like Qt does: a German collator and a German locale name."""
    libs = sorted(folder.glob("libicuuc.so.*"))
    if not libs:
        raise SystemExit(f"icu_trim: no libicuuc in {folder}")
    version = libs[0].name.rsplit(".", 1)[-1]
    ctypes.CDLL(str(folder / f"libicudata.so.{version}"), mode=ctypes.RTLD_GLOBAL)
    uc = ctypes.CDLL(str(libs[0]), mode=ctypes.RTLD_GLOBAL)
    i18n = ctypes.CDLL(str(folder / f"libicui18n.so.{version}"))
    status = ctypes.c_int(0)
    getattr(uc, f"u_init_{version}")(ctypes.byref(status))
    if status.value > 0:
        raise SystemExit(f"icu_trim: ICU cannot load its data (error {status.value})")
    ucol_open = getattr(i18n, f"ucol_open_{version}")
    ucol_open.restype = ctypes.c_void_p
    collator = ucol_open(b"de_DE", ctypes.byref(status))
    if not collator or status.value > 0:
        raise SystemExit(f"icu_trim: no German collator (error {status.value})")
    getattr(i18n, f"ucol_close_{version}")(ctypes.c_void_p(collator))
    buf = (ctypes.c_uint16 * 64)()
    n = getattr(uc, f"uloc_getDisplayName_{version}")(
        b"de_DE", b"de", buf, 64, ctypes.byref(status)
    )
    name = bytes(buf)[: 2 * n].decode("utf-16-le")
    if status.value > 0 or name != "Deutsch (Deutschland)":
        raise SystemExit(f"icu_trim: German locale data missing ({name!r}, {status.value})")
    return f"ICU {version}: German collator and locale names ({name})"


if __name__ == "__main__":
    target = Path(sys.argv[1])
    for found in target.glob("libicudata.so.*"):
        before, after = rebuild(found)
        print(f"{found.name}: {before / 1e6:.1f} MB → {after / 1e6:.1f} MB")
    print(check(target))
