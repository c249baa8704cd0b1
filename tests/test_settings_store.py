"""One settings store (issue 19, item 2): the only writer of settings.json, typed sections
declared once, change events, and a hostile file that never stops the app."""

from __future__ import annotations

import ast
import dataclasses
import json
import os
from pathlib import Path

import pytest

import fieldkit
from fieldkit import settings as settings_module
from fieldkit.domain.settings import RulesSettings
from fieldkit.geo.settings import GeoSettings
from fieldkit.policy import Policy
from fieldkit.settings import (
    MAX_FILE_BYTES,
    SECTION_TYPES,
    Sections,
    Settings,
    SettingsStore,
    settings_file,
)
from tests import source_trees

SRC = Path(fieldkit.__file__).parent
STORE_MODULE = SRC / "settings.py"


def _names_and_strings(tree: ast.AST) -> tuple[set[str], list[str]]:
    """The names a module uses (plain, attributes, imported) and its string constants that
    are not docstrings, in one walk of its tree (five walks of 290 files took 3 s)."""
    names: set[str] = set()
    strings: list[ast.Constant] = []
    docstrings: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.ImportFrom):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            strings.append(node)
        if (
            isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        ):
            docstrings.add(id(node.body[0].value))
    return names, [str(c.value) for c in strings if id(c) not in docstrings]


def test_no_module_but_the_store_touches_the_settings_file() -> None:
    """Nothing below src/ names the file, its writer or the values written: the store is the
    one writer (and Settings itself has no ``save`` any more)."""
    private = {"_write_atomically", "_file_values", "settings_file"}
    offenders: list[str] = []
    for path in sorted(SRC.rglob("*.py")):
        if path == STORE_MODULE:
            continue
        names, strings = _names_and_strings(source_trees.tree(path))
        if names & private or any("settings.json" in s for s in strings):
            offenders.append(str(path.relative_to(SRC)))
    assert offenders == []
    assert not hasattr(Settings, "save")
    with pytest.raises(AttributeError):
        getattr(Settings(), "save")  # noqa: B009 - mypy knows it does not exist


def test_the_sections_are_declared_once_and_imported_plainly() -> None:
    assert list(SECTION_TYPES) == list(Sections.__annotations__)
    assert list(SECTION_TYPES) == [
        "app", "rules", "geo", "routing", "printing", "sync", "office", "audit",
    ]  # fmt: skip
    for cls in SECTION_TYPES.values():
        assert dataclasses.is_dataclass(cls)
        assert cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
    settings = Settings()
    geo: GeoSettings = settings.geo  # typed for mypy through Sections
    assert isinstance(geo, GeoSettings)
    assert set(settings.to_dict()) == set(SECTION_TYPES)
    source = STORE_MODULE.read_text(encoding="utf-8")
    assert "__import__" not in source
    assert "importlib" not in source


def test_the_section_modules_import_only_settings_fields() -> None:
    """So fieldkit.settings may import them (an ignore in the layers contract) without a cycle."""
    for name, cls in SECTION_TYPES.items():
        if name == "app":
            continue
        module = Path(__import__(cls.__module__, fromlist=["_"]).__file__ or "")
        walked = source_trees.nodes(module)
        imported = {
            n.module
            for n in walked
            if isinstance(n, ast.ImportFrom) and n.module and n.module.startswith("fieldkit")
        }
        imported |= {
            a.name
            for n in walked
            if isinstance(n, ast.Import)
            for a in n.names
            if a.name.startswith("fieldkit")
        }
        assert imported <= {"fieldkit.settings_fields"}, (cls.__module__, imported)


def test_save_writes_atomically_and_tells_every_subscriber(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "settings.json"
    store = SettingsStore(Settings(), path)
    seen: list[tuple[str, str]] = []
    unsubscribe = store.subscribe(
        lambda old, new: seen.append((old.rules.office_hours_end, new.rules.office_hours_end))
    )
    changed = store.current.replace("rules", office_hours_end="15:00")
    store.save(changed)
    assert store.current is changed
    assert seen == [("16:00", "15:00")]
    assert json.loads(path.read_text(encoding="utf-8"))["rules"]["office_hours_end"] == "15:00"
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]  # no temp file left
    store.use(changed.replace("rules", office_hours_end="14:00"))  # in use, not written
    assert seen[-1] == ("15:00", "14:00")
    assert Settings.load(path).rules.office_hours_end == "15:00"
    unsubscribe()
    unsubscribe()  # twice is harmless
    store.save(Settings())
    assert len(seen) == 2


def test_a_failed_write_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    store = SettingsStore(Settings(), path)
    store.save(Settings().replace("rules", office_hours_end="15:00"))
    seen: list[Settings] = []
    store.subscribe(lambda _old, new: seen.append(new))

    def full_disk(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(settings_module.json, "dump", full_disk)
        with pytest.raises(OSError, match="No space"):
            store.save(Settings().replace("rules", office_hours_end="09:00"))
    assert store.current.rules.office_hours_end == "15:00"
    assert seen == []
    assert Settings.load(path).rules.office_hours_end == "15:00"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.json"]


def test_session_only_values_are_used_but_never_written(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    store = SettingsStore(Settings(), path)
    store.use(store.current.for_session("office", role="office", caseworker="Frau Test"))
    store.save(store.current.replace("rules", office_hours_end="15:00"))
    assert store.current.office.caseworker == "Frau Test"
    on_file = json.loads(path.read_text(encoding="utf-8"))
    assert on_file["office"].get("caseworker", "") == ""
    assert on_file["rules"]["office_hours_end"] == "15:00"


def test_the_machine_policy_still_wins_over_a_save(tmp_path: Path) -> None:
    policy = Policy(values={"rules": {"office_hours_end": "17:00"}})
    store = SettingsStore(Settings(policy=policy), tmp_path / "settings.json")
    store.save(store.current.replace("rules", office_hours_end="12:00", call_min_gap_hours=3.0))
    assert store.current.locked("rules", "office_hours_end")
    assert store.current.rules.office_hours_end == "17:00"
    assert store.current.rules.call_min_gap_hours == 3.0


@pytest.mark.parametrize(
    "content",
    [
        b"{ broken",
        b"\x00\xff\xfe",
        b"[1, 2, 3]",
        b'"nur ein Text"',
        b"[" * 100_000 + b"]" * 100_000,  # nested too deep for the parser
        json.dumps({"rules": {"office_hours_end": 7, "call_min_gap_hours": "zwei"}}).encode(),
        json.dumps(
            {"rules": "kein Abschnitt", "geo": None, "app": {"idle_lock_minutes": 1e99}}
        ).encode(),
    ],
)
def test_a_hostile_settings_file_never_stops_the_app(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    store = SettingsStore.open(path)
    assert isinstance(store.current.rules, RulesSettings)
    assert store.current.rules.office_hours_end == "16:00"
    store.save(store.current)  # and it can be written over with good values
    assert json.loads(path.read_text(encoding="utf-8"))["rules"]["office_hours_end"] == "16:00"


def test_a_huge_settings_file_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    padding = " " * (MAX_FILE_BYTES + 1)
    path.write_text('{"rules": {"office_hours_end": "15:00"}}' + padding, encoding="utf-8")
    assert Settings.load(path).rules.office_hours_end == "16:00"
    path.write_text('{"rules": {"office_hours_end": "15:00"}}', encoding="utf-8")
    assert Settings.load(path).rules.office_hours_end == "15:00"


def test_the_default_store_writes_the_config_folders_file() -> None:
    store = SettingsStore()
    assert store.file == settings_file()
    store.save(Settings().replace("app", device_name="laptop-7"))
    assert Settings.load().app.device_name == "laptop-7"
    assert settings_file().parent == Path(os.environ["FIELDKIT_CONFIG_DIR"])


def test_the_command_line_sync_keeps_the_settings_it_adopted(
    central: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``fieldkit sync`` adopts the office's rules and then remembers the address: both
    through one store, so the address is not saved over the rules just adopted."""
    from fieldkit.cli import main
    from fieldkit.sync import office_docs
    from fieldkit.sync.service import url_without_password
    from tests.test_sync_helpers import ANNA, NOW, new_laptop
    from tests.test_sync_office_docs import _office_name

    office = _office_name(central)
    published = Settings().replace("rules", office_hours_end="15:00")
    office_docs.publish(central, office=office, settings=published, now=NOW)
    new_laptop(tmp_path / "laptop.sqlite").dispose()
    path = str(tmp_path / "laptop.sqlite")
    assert main(["sync", "--db", path, "--central", central, "--worker", ANNA]) == 0
    assert "Traceback" not in capsys.readouterr().err
    on_file = Settings.load()
    assert on_file.rules.office_hours_end == "15:00"
    assert on_file.sync.worker_name == ANNA
    assert on_file.sync.central_url == url_without_password(central)
    assert (settings_file().parent / "settings.json.bak").exists() is False
