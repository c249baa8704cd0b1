"""Build hooks that pyproject.toml cannot express; all metadata lives in pyproject.toml.

1. ``resources/`` (top level in the checkout) is installed as the package
   ``fieldkit.resources``. ``[tool.setuptools.packages.find]`` only searches ``src/`` and
   ignores the ``package-dir`` mapping, so the wheel lacked the package; the list of packages
   is therefore made here.
2. The translations: the repository keeps only the ``.ts`` sources (the ``.qm`` files are
   build output and gitignored). ``build_py`` compiles every ``.ts`` into a ``.qm`` in the
   build folder with Qt's own ``lrelease`` (from PySide6-Essentials, a build requirement), so
   a wheel or ``pip install .`` ships the same catalogues that ``./dev setup`` compiles for
   the editable install. A missing or failing ``lrelease`` stops the build: a package without
   translations must not look finished.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import find_namespace_packages, setup
from setuptools.command.build_py import build_py


def lrelease_command() -> list[str]:
    """Qt's lrelease as shipped in the PySide6 wheel (no Qt installation needed)."""
    try:
        import PySide6  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:
        raise SystemExit("building fieldkit needs PySide6-Essentials (for lrelease)") from exc
    folder = Path(PySide6.__file__).parent
    for name in ("lrelease", "lrelease.exe"):
        if (folder / name).is_file():
            return [str(folder / name)]
    tool = shutil.which("pyside6-lrelease")
    if tool:
        return [tool]
    raise SystemExit(f"building fieldkit needs lrelease; not found in {folder}")


class BuildWithTranslations(build_py):  # type: ignore[misc,unused-ignore]
    """``build_py`` that also compiles the Qt translation catalogues."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "fieldkit" / "resources" / "translations"
        sources = sorted(Path("resources", "translations").glob("*.ts"))
        if not sources:
            raise SystemExit("no translation sources in resources/translations")
        target.mkdir(parents=True, exist_ok=True)
        lrelease = lrelease_command()
        for ts in sources:
            qm = target / (ts.stem + ".qm")
            subprocess.run([*lrelease, "-silent", str(ts), "-qm", str(qm)], check=True)
            if not qm.is_file() or qm.stat().st_size == 0:
                raise SystemExit(f"lrelease wrote no {qm.name}")
        sys.stderr.write(f"compiled {len(sources)} translation catalogues\n")


def resource_packages() -> dict[str, list[str]]:
    """``fieldkit.resources`` and each of its folders (data, fonts, …) with all their files."""
    subfolders = Path("resources").iterdir()
    folders = [
        Path("resources"),
        *sorted(p for p in subfolders if p.is_dir() and p.name != "__pycache__"),
    ]
    names = ["fieldkit." + ".".join(p.parts) for p in folders]
    return {name: ["*"] for name in names}


RESOURCES = resource_packages()

setup(
    packages=[*find_namespace_packages("src", exclude=["*__pycache__*"]), *RESOURCES],
    package_dir={"": "src", "fieldkit.resources": "resources"},
    package_data={
        **RESOURCES,
        "fieldkit.store": ["alembic.ini", "migrations/*.mako"],
    },
    # Compiled fresh by BuildWithTranslations: a stale local .qm (./dev setup) must not ship.
    exclude_package_data={name: ["*.qm", "*.pyc"] for name in RESOURCES},
    cmdclass={"build_py": BuildWithTranslations},
)
