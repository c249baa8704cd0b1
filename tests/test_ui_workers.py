"""Background jobs keep the GUI thread free: the collector and the interpreter's switching."""

from __future__ import annotations

import gc
import sys
import threading
import time
from collections.abc import Callable

from pytestqt.qtbot import QtBot

from fieldkit.ui import workers
from fieldkit.ui.workers import Job


def test_a_running_job_freezes_the_old_objects_and_switches_threads_often(qtbot: QtBot) -> None:
    before = sys.getswitchinterval()
    thresholds = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    old = [[k] for k in range(10_000)]  # objects from before the job
    seen: dict[str, float] = {}

    def fn(_progress: Callable[[int, int], None], _cancelled: Callable[[], bool]) -> int:
        seen["frozen"] = gc.get_freeze_count()
        seen["interval"] = sys.getswitchinterval()
        seen["full"] = gc.get_threshold()[2]
        return len(old)

    job = Job(fn)
    with qtbot.waitSignal(job.done, timeout=10_000) as blocker:
        job.start()
    assert blocker.args == [10_000]
    assert job.wait(5000)
    assert seen["frozen"] >= 10_000  # what existed at the start is out of the collector
    assert seen["interval"] <= workers.JOB_SWITCH_INTERVAL
    assert seen["full"] == workers.FULL_COLLECTIONS_AFTER  # no full collection meanwhile
    assert gc.get_freeze_count() == 0  # handed back when the job ended
    assert sys.getswitchinterval() == before
    assert gc.get_threshold() == thresholds


def test_overlapping_jobs_release_the_collector_only_after_the_last(qtbot: QtBot) -> None:
    gate = threading.Event()

    def slow(_p: Callable[[int, int], None], _c: Callable[[], bool]) -> str:
        gate.wait(10)
        return "slow"

    def quick(_p: Callable[[int, int], None], _c: Callable[[], bool]) -> str:
        return "quick"

    first, second = Job(slow), Job(quick)
    first.start()
    with qtbot.waitSignal(second.done, timeout=10_000):
        second.start()
    assert second.wait(5000)
    assert gc.get_freeze_count() > 0  # the slow job still runs
    gate.set()
    assert first.wait(5000)
    deadline = time.perf_counter() + 5
    while gc.get_freeze_count() and time.perf_counter() < deadline:
        qtbot.wait(10)
    assert gc.get_freeze_count() == 0


def test_a_failing_job_releases_the_collector_too(qtbot: QtBot) -> None:
    def boom(_p: Callable[[int, int], None], _c: Callable[[], bool]) -> None:
        raise ValueError("kaputt")

    job = Job(boom)
    with qtbot.waitSignal(job.failed, timeout=10_000) as blocker:
        job.start()
    assert isinstance(blocker.args[0], ValueError)
    assert job.wait(5000)
    assert gc.get_freeze_count() == 0
