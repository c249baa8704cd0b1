"""Where fieldkit keeps its files: the platform's folders, overridable for tests."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "fieldkit"
APP_AUTHOR = "fieldkit"


def data_dir() -> Path:
    """The user data folder (database, imported address points); ``FIELDKIT_DATA_DIR`` wins."""
    override = os.environ.get("FIELDKIT_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    """The user config folder (settings.json); ``FIELDKIT_CONFIG_DIR`` wins."""
    override = os.environ.get("FIELDKIT_CONFIG_DIR")
    path = Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def resource_path(*parts: str) -> Path:
    """A file shipped in ``resources/``.

    In a source checkout (the editable install of ``./dev``) that is the top-level folder;
    in a built wheel it is installed as the package ``fieldkit.resources``.
    """
    checkout = Path(__file__).resolve().parents[2] / "resources"
    if (checkout / "__init__.py").is_file():
        return checkout.joinpath(*parts)
    return Path(str(resources.files("fieldkit.resources").joinpath(*parts)))


PRIVATE_TEMP = "private-tmp"


def private_temp_dir() -> Path:
    """This profile's private folder for print previews and temporary PDFs (issue 14, item 6).

    Under the data folder, not the shared system temp folder; only the owner may enter it
    (mode 0700, set again at every call in case it was loosened). Emptied at app start and
    exit by :func:`clear_private_temp`.
    """
    path = data_dir() / PRIVATE_TEMP
    path.mkdir(mode=0o700, exist_ok=True)
    if os.name == "posix":
        os.chmod(path, 0o700)
    return path


def clear_private_temp() -> int:
    """Remove everything in the private temp folder; returns how many entries went.

    An entry that cannot be removed (a viewer still holds a PDF open on Windows) stays for the
    next start; emptying never fails the app.
    """
    root = private_temp_dir()
    removed = 0
    for entry in list(root.iterdir()):
        try:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed += 1
        except OSError:
            continue
    return removed


@contextmanager
def private_temp_session() -> Iterator[Path]:
    """The private temp folder, emptied on entering and on leaving (the app's lifetime):
    previews a crash left behind go at the next start, this run's at its exit."""
    clear_private_temp()
    try:
        yield private_temp_dir()
    finally:
        clear_private_temp()
