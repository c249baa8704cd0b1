"""Shared fixtures: every test gets its own folders; Qt runs offscreen."""

from __future__ import annotations

import gc
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import settings as hypothesis_settings

from tests.qt_modules import needs_qt, qt_tests

if TYPE_CHECKING:
    from sqlalchemy import Engine

# No per-example time limit: speed is measured in bench/, never asserted in unit tests, and a
# loaded CI machine made the 200 ms default fail a calendar property at random.
hypothesis_settings.register_profile("fieldkit", deadline=None)
hypothesis_settings.load_profile("fieldkit")

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "de_DE.UTF-8")

# Copies of the shared contract files (sample flag list and its verdicts); see
# tests/data/spec/README.md.
SPEC_DATA = Path(__file__).resolve().parent / "data" / "spec"


@pytest.fixture(autouse=True)
def _isolated_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Redirect the data and config folders so no test touches the user's files."""
    root = tmp_path_factory.mktemp("fieldkit-home")
    keys = ("FIELDKIT_DATA_DIR", "FIELDKIT_CONFIG_DIR", "FIELDKIT_DB", "FIELDKIT_POLICY",
            "LC_ALL", "LC_MESSAGES")  # fmt: skip
    old = {k: os.environ.get(k) for k in keys}
    os.environ["FIELDKIT_DATA_DIR"] = str(root / "data")
    os.environ["FIELDKIT_CONFIG_DIR"] = str(root / "config")
    # No machine policy unless a test writes one here (a real /etc/fieldkit one stays out).
    os.environ["FIELDKIT_POLICY"] = str(root / "policy.toml")
    os.environ.pop("FIELDKIT_DB", None)
    # The CLI speaks the system's language (fieldkit.lang): English unless a test says so,
    # whatever the machine running the tests is set to.
    os.environ.pop("LC_ALL", None)
    os.environ["LC_MESSAGES"] = "C.UTF-8"
    yield
    for key, value in old.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


#: A cheap Argon2id cost for tests (1 pass, 1 lane; 16 MiB for the key file, whose format
#: refuses less than 8 MiB and whose "lowered memory" test sets 8 MiB). Production keeps
#: RFC 9106's setting: the fixture below swaps it in per test and never changes a default.
TEST_ARGON2 = {"time_cost": 1, "memory_cost": 16 * 1024, "parallelism": 1}


@pytest.fixture(scope="session", autouse=True)
def _cheap_argon2_for_the_session() -> Iterator[None]:
    """Logins and key slots in this process use :data:`TEST_ARGON2` instead of RFC 9106's cost.

    Every password hash and key-file slot cost about 0.25-0.5 s (more on a loaded machine);
    hundreds of tests log in. Set for the whole session, so that fixtures built once per
    module or session (the seeded central template, whose demo accounts took 2-3 s to hash
    in each test process) are cheap too; CLIs run as subprocesses keep the production cost.
    """
    from argon2 import PasswordHasher

    from fieldkit.services import accounts
    from fieldkit.store import cipher

    hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    with pytest.MonkeyPatch.context() as patch:
        _REAL_ARGON2.update(hasher=accounts._hasher, cipher=dict(cipher.ARGON2))
        patch.setattr(accounts, "_hasher", lambda: hasher)
        patch.setattr(cipher, "ARGON2", dict(TEST_ARGON2))
        accounts._dummy_hash.cache_clear()  # the unknown-name hash is made at the same cost
        yield
    accounts._dummy_hash.cache_clear()


_REAL_ARGON2: dict[str, Any] = {}


@pytest.fixture(autouse=True)
def _cheap_argon2(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Tests marked ``real_argon2`` get the production cost back for themselves."""
    if request.node.get_closest_marker("real_argon2") is None:
        yield
        return
    from fieldkit.services import accounts
    from fieldkit.store import cipher

    monkeypatch.setattr(accounts, "_hasher", _REAL_ARGON2["hasher"])
    monkeypatch.setattr(cipher, "ARGON2", dict(_REAL_ARGON2["cipher"]))
    accounts._dummy_hash.cache_clear()
    yield
    accounts._dummy_hash.cache_clear()


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated to the head by the real migrations, once per test session."""
    from fieldkit.store import db

    file = tmp_path_factory.mktemp("template") / "template.sqlite"
    db.create_atomically(file)
    return file


@pytest.fixture(autouse=True)
def _new_databases_from_the_template(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new test database is a copy of the migrated template instead of 11 migrations anew.

    Migrating took about 0.4 s per database and most tests make one. The copy goes through
    the same rename as the real creation; an encrypted one is the template exported under
    its key (``sqlcipher_export``, as ``db encrypt`` does). Tests of creation itself (a full
    disk while migrating, say) are marked ``real_migrations`` and keep the real path.
    """
    if request.node.get_closest_marker("real_migrations") is not None:
        return
    from fieldkit.store import db

    template: Path = request.getfixturevalue("migrated_template")

    def from_template(file: Path, key: bytes | None = None) -> None:
        tmp = file.with_name(f".{file.name}.creating")
        if key is None:
            shutil.copyfile(template, tmp)
        else:  # encrypted from its first page on, as the real creation makes it
            db.key_pragma(key)  # a wrong key is refused with the real sentence
            conn = db.cipher_connect(template, None)
            try:
                db.export_encrypted(conn, tmp, key)
            finally:
                conn.close()
        os.chmod(tmp, 0o600)
        os.replace(tmp, file)

    monkeypatch.setattr(db, "create_atomically", from_template)


@pytest.fixture(autouse=True)
def _sqlite_without_fsync(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Test databases commit without waiting for the disk (``PRAGMA synchronous=OFF``).

    fieldkit's SQLite files use ``synchronous=FULL`` so that a finished visit survives a power
    loss; every commit then waits for an fsync, about 10 ms on this machine's disk, and the
    suite commits tens of thousands of times. A test cannot cut the power, and a crashing
    process loses nothing with OFF either (the operating system keeps what was written), so
    tests run without the wait. The production setting is set first and then overridden here
    on each new connection of an engine made in this process; tests marked ``durable_sqlite``
    (the one that checks the setting) keep it, and CLIs run as subprocesses always do.
    """
    if request.node.get_closest_marker("durable_sqlite") is not None:
        return
    from sqlalchemy import event

    from fieldkit.store import db

    real = db.make_engine

    def without_fsync(url: str, key: bytes | None = None) -> Engine:
        engine = real(url, key)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _synchronous_off)  # after make_engine's own
        return engine

    monkeypatch.setattr(db, "make_engine", without_fsync)


@pytest.fixture(autouse=True)
def _one_routing_process(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The planner searches in this process only (``FIELDKIT_ROUTING_PROCESSES=1``), except in
    tests marked ``routing_helpers``.

    With two cores the planner runs a second search in a helper process for its whole time
    limit: about a third more CPU for every planning test, whose plans are checked for their
    rules, not for the better of two searches. One process is also how the frozen bundle and
    a one-core laptop plan. The tests of the helpers themselves, of the partner engine, of
    the big plans' decomposition and of the GUI staying free while planning keep them.
    """
    if request.node.get_closest_marker("routing_helpers") is None:
        monkeypatch.setenv("FIELDKIT_ROUTING_PROCESSES", "1")


@pytest.fixture(scope="session", autouse=True)
def _shared_compiled_statements() -> Iterator[None]:
    """Every engine this test process makes shares compiled statements with the engines of
    its kind (:func:`_share_compiled_statements`): the laptop files (``make_engine``), each
    sync's central engine (``open_central``) and the tests' own (``sa.create_engine``)."""
    import sqlalchemy

    from fieldkit.store import db
    from fieldkit.sync import service

    real = sqlalchemy.create_engine

    def shared(*args: Any, **kwargs: Any) -> Engine:
        engine: Engine = real(*args, **kwargs)
        _share_compiled_statements(engine)
        return engine

    with pytest.MonkeyPatch.context() as patch:
        for module in (sqlalchemy, db, service):
            patch.setattr(module, "create_engine", shared)
        yield


#: One statement cache per kind of engine in this test process (LRU, as SQLAlchemy's own).
_SHARED_CACHES: dict[tuple[Any, ...], Any] = {}
_SAME_KIND_CLASSES: dict[type, type] = {}


def _share_compiled_statements(engine: Engine) -> None:
    """Let the test process's engines of one kind share SQLAlchemy's compiled statements.

    SQLAlchemy caches each compiled statement per engine, keyed by the engine's dialect
    object. The app opens one engine and keeps it, but the suite opens ~1,500, and each new
    one compiled the same queries again (8 % of the CPU of twelve database-heavy test files,
    measured serially, three runs each way). Here the
    dialects of one kind (dialect class, driver module, URL driver, options) compare equal and their
    engines share one cache. Each engine keeps its own dialect, pool and events (the key of
    an encrypted file, the pragmas, a test's own ``do_connect``), so what runs is unchanged.
    """
    from sqlalchemy.util import LRUCache

    dialect = engine.dialect
    cls = type(dialect)
    # What the compiled form depends on: the dialect and driver, and the options that
    # change SQL text or bound values (all left at their defaults by fieldkit and the tests).
    options = ("paramstyle", "label_length", "_json_serializer", "_json_deserializer")
    kind = (
        cls,
        dialect.dbapi,
        engine.url.drivername,
        *(getattr(dialect, name, None) for name in options),
    )
    same = _SAME_KIND_CLASSES.get(cls)
    if same is None:
        same = type(
            f"SameKind{cls.__name__}",
            (cls,),
            {
                "supports_statement_cache": True,
                "__hash__": lambda self: hash(self._fieldkit_kind),
                "__eq__": lambda self, other: (
                    getattr(other, "_fieldkit_kind", None) == self._fieldkit_kind
                ),
            },
        )
        _SAME_KIND_CLASSES[cls] = same
    dialect.__class__ = same
    dialect._fieldkit_kind = kind  # type: ignore[attr-defined]
    engine._compiled_cache = _SHARED_CACHES.setdefault(kind, LRUCache(5000))


def _synchronous_off(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA synchronous=OFF")
    cur.close()


def pytest_collection_finish(session: pytest.Session) -> None:
    """Python's cyclic garbage collector leaves the collected suite alone.

    After collection a test process holds about half a million objects (PySide6, OR-Tools,
    SQLAlchemy's metadata, the test modules) that live until it ends, and each full
    collection walked them all: 2.9 s of 30 CPU-s in twelve database-heavy files. They are
    frozen (``gc.freeze``), and the youngest generation is collected every 20,000 new
    objects instead of 700 (fewer passes over what SQLAlchemy builds per test): 1.4 s.
    Nothing is collected later than a test could notice: every test closes what it opens.
    """
    del session
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that need Qt are marked ``gui``: those that use qtbot, every test of a module
    that imports Qt (or fieldkit.ui) and the tests that import it inside (tests/qt_modules.py).
    ``./dev test-core`` runs all the others with PySide6 blocked (tests/qt_free.py)."""
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "qtbot" in names or _needs_qt(item):
            item.add_marker(pytest.mark.gui)
    _slow_files_first(items)


def _slow_files_first(items: list[pytest.Item]) -> None:
    """Modules with a test marked ``slow`` run first, each in its own order.

    ``--dist loadfile`` hands out whole files in this order: a 20-s file handed out last
    (test_packaging, test_sync_files) kept one worker busy while the other had nothing left.
    Longest first is the usual cure for that tail."""
    slow = {item.path for item in items if item.get_closest_marker("slow") is not None}
    items.sort(key=lambda item: item.path not in slow)  # stable: in-file order is kept


def _needs_qt(item: pytest.Item) -> bool:
    path = Path(item.path)
    if path.suffix != ".py":
        return False
    if needs_qt(path):
        return True
    top = item.nodeid.split("::")[1] if "::" in item.nodeid else ""
    return top.split("[")[0] in qt_tests(path)


@pytest.fixture(scope="session")
def central_template() -> Iterator[str]:
    """A seeded central PostgreSQL database (sync tests), copied for each test.

    Built once per test process (each xdist worker): no test writes to it, and seeding it
    took several seconds in each of the dozen sync test modules."""
    from tests.test_sync_helpers import template_database

    yield from template_database()


@pytest.fixture
def central(central_template: str) -> Iterator[str]:
    """This test's own central database, a copy of the module's template."""
    from tests.test_sync_helpers import central_copy

    yield from central_copy(central_template)


@pytest.fixture(scope="session", autouse=True)
def _dropped_at_the_end() -> Iterator[None]:
    """Every test database dropped in the background is gone before the session ends."""
    yield
    helpers = sys.modules.get("tests.test_sync_helpers")
    if helpers is not None:
        helpers.LATER_DROPS.finish()
