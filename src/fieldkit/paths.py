"""Where fieldkit keeps its files: the platform's folders, overridable for tests."""

from __future__ import annotations

import os
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
