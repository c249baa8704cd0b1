"""Databases built once per test module and copied for each test.

A fixture that seeds a database the same way for every test (an office set up from a setup
file, a demo week) builds it once into a file and gives each test its own copy: the test
still gets a real, writable SQLite file that nobody else sees, without repeating the
seeding (0.3–1 s per test). The snapshot starts as a copy of the session's migrated template
(tests/conftest.py), as every new test database does.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

from fieldkit.store.db import Database, open_database


def built_once(template: Path, folder: Path, build: Callable[[Database], object]) -> Path:
    """A closed SQLite file in ``folder``: the migrated ``template`` seeded by ``build``."""
    file = folder / "snapshot.sqlite"
    shutil.copyfile(template, file)
    os.chmod(file, 0o600)
    database = open_database(str(file))
    try:
        build(database)
    finally:
        database.dispose()  # checkpoints the WAL: the file alone is the whole database
    return file


def opened_copy(snapshot: Path, file: Path) -> Iterator[Database]:
    """This test's own copy of ``snapshot`` at ``file``, opened (and closed afterwards)."""
    shutil.copyfile(snapshot, file)
    os.chmod(file, 0o600)
    database = open_database(str(file))
    yield database
    database.dispose()
