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
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from fieldkit.store.db import Database, open_database

#: The demo world's "now": Wednesday of KW 48 (tests/ui_windows.py opens its windows then).
DEMO_NOW = datetime(2026, 11, 25, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))


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


#: A parent test process hands its built demo world to the child pytest it starts
#: (tests/test_ui_fit.py) under this name, so the child copies it instead of building it.
DEMO_WORLD_ENV = "FIELDKIT_TEST_DEMO_WORLD"
_DEMO_WORLDS: list[Path] = []


def demo_world(folder: Path) -> Path:
    """The complete demo (both weeks, geocoded, planned, with results) as a closed SQLite file.

    Built once per test process, into ``folder`` of the first caller (a session's temporary
    folders live until it ends), or taken from :data:`DEMO_WORLD_ENV`; every user copies it.
    Writing it plans two weeks (about 10 s), which each of six modules did on its own.
    Its plan stops after 100 search steps (the routing setting ``solution_limit``), not after
    a second of search in two processes (the planner and its partner): the windows need a
    planned week, not a good one, and the steps give the same week on any machine.
    tests/test_demo_world.py still plans the demo under its time limit.
    """
    given = os.environ.get(DEMO_WORLD_ENV, "")
    if given and Path(given).is_file():
        return Path(given)
    if not _DEMO_WORLDS:
        from fieldkit.services.demo_world import write_demo_world
        from fieldkit.settings import Settings

        file = folder / "demo-world.sqlite"
        database = open_database(str(file))
        try:
            settings = Settings().replace("routing", solution_limit=100)
            write_demo_world(database, settings, DEMO_NOW, count=20, plan_seconds=1.0)
        finally:
            database.dispose()
        _DEMO_WORLDS.append(file)
    return _DEMO_WORLDS[0]
