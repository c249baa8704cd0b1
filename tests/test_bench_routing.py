"""bench/routing.py: the city scenario's shape, the precise "why not feasible" line, the CPU
seconds per process; bench/pyvrp_tuning.py's CPU-second budget."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pytest

from fieldkit.routing.problem import Reason, RoutingProblem, Solution, Stop, Unplanned, Vehicle
from tests.bench_scripts import bench_module

# The planner's helper processes are what these tests are about (tests/conftest.py).
pytestmark = pytest.mark.routing_helpers

BENCH = Path(__file__).resolve().parents[1] / "bench"


def test_the_city_week_is_a_thousand_customers_over_fifty_routes() -> None:
    routing = bench_module("routing")
    case = routing.city_case()
    problem = case.problem
    assert len(problem.stops) == 1000
    assert len(problem.vehicles) == 50
    assert len({v.start for v in problem.vehicles}) == 7  # the district offices
    assert all(v.break_ is not None for v in problem.vehicles)
    windows = sum(s.window is not None for s in problem.stops)
    assert 100 < windows < 300
    # Hamburg-like density: most customers within a few kilometres (minutes) of a neighbour.
    travel = np.asarray(problem.travel)[7:, 7:] + np.eye(1000, dtype=np.int64) * 10**6
    assert float(np.median(travel.min(axis=1))) < 5 * 60
    assert routing.city_case().problem.stops == problem.stops  # fixed seed


def test_why_not_says_when_the_fleet_cannot_carry_the_demand() -> None:
    routing = bench_module("routing")
    travel = np.zeros((3, 3), dtype=np.int64)
    problem = RoutingProblem(
        travel, [Stop(1, demand=8), Stop(2, demand=8)], [Vehicle(0, 0, capacity=10)]
    )
    sol = Solution((), (Unplanned(1, Reason.NOT_ENOUGH_TIME),), 0, 0, 0.0)
    text = routing.why_not(problem, sol, [])
    assert "1 of 2 stops unplanned (not_enough_time)" in text
    assert "demand 16 against fleet capacity 10" in text
    assert "cannot be solved" in text
    assert routing.why_not(problem, sol, ["stop 0 late"]).startswith("check_solution: 1")


def test_tight_instances_are_tight_and_reproducible(tmp_path: Path) -> None:
    make = bench_module("make_tight")
    name, text = make.instance(100, 11)
    assert text == make.instance(100, 11)[1]
    path = tmp_path / f"{name}.vrp"
    path.write_text(text, encoding="utf-8")
    from fieldkit.routing.instances import load_instance

    inst = load_instance(path)
    assert inst.capacity is not None
    fill = sum(inst.demands) / (inst.vehicles * inst.capacity)
    assert 0.95 < fill <= 1.0
    assert (Path(BENCH / "instances" / f"{name}.vrp")).read_text(encoding="utf-8") == text


def test_the_city_week_goes_to_the_partner_engine() -> None:
    from fieldkit.routing import partner

    assert partner.expressible(bench_module("routing").city_case().problem)


def test_cpu_seconds_count_this_process_and_each_helper() -> None:
    from fieldkit.routing import parallel, partner
    from fieldkit.routing.search import PROFILES

    routing = bench_module("routing")
    before = routing._cpu_seconds()
    assert len(before) == 1 + parallel.SLOTS
    sum(i * i for i in range(300_000))  # some work here
    assert routing._cpu_seconds()[0] > before[0]
    if not (parallel.enabled() and partner.available()):
        pytest.skip("no helper or no pyvrp here")
    assert parallel.warm_up()  # started and answering (a cold start takes seconds)
    before = routing._cpu_seconds()
    case = routing.scenario("day")
    job = parallel.submit(case.problem, time_limit=1.0, search=PROFILES["ils"], engine="pyvrp")
    assert job is not None
    assert job.result() is not None
    after = routing._cpu_seconds()
    assert (
        max(a - b for a, b in zip(after[1:], before[1:], strict=True)) > 0
    )  # it searched (any share)


def test_the_tuning_bench_stops_on_cpu_seconds_and_prints_a_checked_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    from fieldkit.routing import partner

    if not partner.available():
        pytest.skip("pyvrp not installed")
    tuning = bench_module("pyvrp_tuning")
    assert tuning.main(["--scenario", "day", "--cpu-seconds", "0.2", "--history", "50"]) == 0
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert line["feasible"] is True
    assert line["history"] == 50
    assert line["best_at_cpu_s"] <= 0.2 + 0.1
    assert line["cost"] >= 21650  # the day's best known plan


def test_the_exchange_bench_is_deterministic_and_an_exchange_starts_from_the_better_plan(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    from fieldkit.routing import partner

    if not partner.available():
        pytest.skip("pyvrp not installed")
    exchange = bench_module("pyvrp_exchange")
    argv = ["--scenario", "day", "--iterations", "120", "--at", "", "0.5"]
    assert exchange.main(argv) == 0
    first = [json.loads(x) for x in capsys.readouterr().out.strip().splitlines()]
    assert exchange.main(argv) == 0
    again = [json.loads(x) for x in capsys.readouterr().out.strip().splitlines()]
    strip = ("cpu",)
    assert [{k: v for k, v in x.items() if k not in strip} for x in first] == [
        {k: v for k, v in x.items() if k not in strip} for x in again
    ]  # the same seeds and steps give the same plans
    independent, exchanged = first
    assert independent["at"] == []
    assert exchanged["at"] == [0.5]
    assert len(exchanged["log"]) == 2
    # After the exchange both searches go on from the better plan: neither ends above it.
    middle = min(c for c in exchanged["log"][0] if c is not None)
    assert all(c is not None and c <= middle for c in exchanged["log"][1])
    assert all(x["best"] >= 21650 for x in first)  # the day's best known plan
    # The neighbourhood options reach PyVRP (bench/README.md, session 12) and change the search.
    assert exchange.main([*argv[:4], "--neighbours", "5", "--wait-weight", "0.5"]) == 0
    narrow = json.loads(capsys.readouterr().out.splitlines()[0])
    assert (narrow["neighbours"], narrow["wait_weight"]) == (5, 0.5)
    assert (first[0]["neighbours"], first[0]["wait_weight"]) == (50, 0.2)
    assert narrow["log"] != first[0]["log"]
    # So do the penalty options (bench/README.md, session 15: the planner's own tuning).
    assert exchange.main([*argv[:4], "--penalty-start", "7", "--penalty-every", "10"]) == 0
    low = json.loads(capsys.readouterr().out.splitlines()[0])
    assert (low["penalty_start"], low["penalty_every"]) == (7, 10)
    assert (first[0]["penalty_start"], first[0]["penalty_every"]) == (None, 500)
    # The prize factor scales what PyVRP's search gets for a visit (session 16) and nothing else.
    assert exchange.main([*argv[:4], "--prize-factor", "0.5"]) == 0
    cheap = json.loads(capsys.readouterr().out.splitlines()[0])
    assert (cheap["prize_factor"], first[0]["prize_factor"]) == (0.5, 1.0)
    import pyvrp

    from fieldkit.routing import solver

    problem = bench_module("routing").scenario("day").problem
    day, _ = partner._data(pyvrp, problem, solver._Model(problem, ()))
    half = exchange.scaled_prizes(pyvrp, day, 0.5)
    assert [c.prize for c in half.clients()] == [round(c.prize / 2) for c in day.clients()]
    assert [(c.tw_early, c.tw_late, c.service_duration) for c in half.clients()] == [
        (c.tw_early, c.tw_late, c.service_duration) for c in day.clients()
    ]
    data, _ = partner._data(pyvrp, problem, solver._Model(problem, ()))
    args = exchange.argparse.Namespace(
        history=50, extra=(), without=(), max_perturbations=25, neighbours=50, wait_weight=0.2
    )
    args.penalty_every = 10
    search = exchange.Search(data, 1, exchange._params(args), 50, None, 7.0)
    assert search.pm.penalties()[1] == 7.0  # the time-warp penalty it starts with
    assert exchange._params(args).penalty.solutions_between_updates == 10


def test_the_split_bench_is_deterministic_and_never_loses_the_plan_it_splits(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    from fieldkit.routing import partner

    if not partner.available():
        pytest.skip("pyvrp not installed")
    split = bench_module("pyvrp_split")
    argv = ["--scenario", "day", "--iterations", "--whole", "5", "--rounds", "3"]
    argv += ["--round", "20", "--final", "10", "--seeds", "1", "2"]
    assert split.main(argv) == 0
    first = [json.loads(x) for x in capsys.readouterr().out.strip().splitlines()]
    assert split.main(argv) == 0
    again = [json.loads(x) for x in capsys.readouterr().out.strip().splitlines()]
    assert [x["log"] for x in first] == [x["log"] for x in again]  # the same seed, same plans
    for line in first:
        log = line["log"]
        assert len(log) == 1 + 3 + 1  # whole, three rounds, final
        assert all(c is not None for c in log)  # every joined plan is a feasible plan
        assert log == sorted(log, reverse=True)  # a half starts from its routes: never worse
        assert line["best"] >= 21650  # the day's best known plan
        assert len(line["cpu"]) == 2
    # --tuned: the planner's penalties and moves (session 16); the same rules hold.
    assert split.main([*argv, "--tuned"]) == 0
    tuned = [json.loads(x) for x in capsys.readouterr().out.strip().splitlines()]
    assert [x["tuned"] for x in tuned] == [True, True]
    assert not first[0]["tuned"]
    assert all(x["log"] == sorted(x["log"], reverse=True) for x in tuned)
    assert all(x["best"] >= 21650 for x in tuned)


def test_the_split_halves_the_routes_and_places_every_stop_and_vehicle_once() -> None:
    import pyvrp

    from fieldkit.routing import partner, solver

    split = bench_module("pyvrp_split")
    case = split.exchange._routing().scenario("day")
    data, _ = partner._data(pyvrp, case.problem, solver._Model(case.problem, ()))
    xy = split.positions(data)
    assert xy.shape == (data.num_locations, 2)
    fleet = [t.num_available for t in data.vehicle_types()]
    n = fleet[0] - 1  # one vehicle unused, every odd client unrouted
    plan = [(0, list(range(2 * k, data.num_clients, 2 * n))) for k in range(n)]
    for degrees in (0, 45, 90, 300):
        groups = split.split(data, xy, plan, math.radians(degrees))
        assert sorted(len(g[0]) for g in groups) in ([len(plan) // 2, (len(plan) + 1) // 2],)
        assert sorted(c for g in groups for c in g[1]) == list(range(data.num_clients))
        assert [a + b for a, b in zip(groups[0][2], groups[1][2], strict=True)] == fleet
    for parts in (3, 4):  # session 10: more parts per round, each a run of neighbouring routes
        groups = split.split(data, xy, plan, math.radians(30), parts)
        assert len(groups) == parts
        sizes = sorted(len(g[0]) for g in groups)
        assert sum(sizes) == len(plan)
        assert sizes[-1] - sizes[0] <= 1
        assert sorted(c for g in groups for c in g[1]) == list(range(data.num_clients))
        assert [sum(g[2][t] for g in groups) for t in range(len(fleet))] == fleet
        angles = [list(split.route_angles(data, xy, g[0], math.radians(30))[2]) for g in groups]
        angles = [a for a in angles if a]  # the day has 3 routes: a fourth part is empty
        assert all(max(a) <= min(b) for a, b in itertools.pairwise(angles))  # runs, in turn


def test_the_split_bench_with_more_parts_and_starts_counts_each_core_and_never_gets_worse(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    from fieldkit.routing import partner

    if not partner.available():
        pytest.skip("pyvrp not installed")
    split = bench_module("pyvrp_split")
    argv = ["--scenario", "day", "--iterations", "--whole", "6", "--starts", "3", "--parts", "3"]
    argv += ["--rounds", "2", "--round", "10", "--seeds", "1"]
    assert split.main(argv) == 0
    first = json.loads(capsys.readouterr().out)
    assert split.main(argv) == 0
    assert json.loads(capsys.readouterr().out)["log"] == first["log"]  # deterministic
    assert (first["parts"], first["starts"], first["carry"]) == (3, 3, False)
    assert split.main([*argv, "--carry"]) == 0
    carried = json.loads(capsys.readouterr().out)
    assert carried["carry"] is True
    assert carried["log"][0] == first["log"][0]  # the same whole searches before the rounds
    assert carried["log"] == sorted(carried["log"], reverse=True)  # the best is kept
    log = first["log"]
    assert len(log) == 1 + 2
    assert all(c is not None for c in log)
    assert log == sorted(log, reverse=True)
    assert log[-1] >= 21650
    assert len(first["cpu"]) == 2
    assert sum(first["cpu"]) > 0


def test_the_vrptw_generator_writes_an_instance_the_planner_reads(tmp_path: Path) -> None:
    from fieldkit.routing.instances import load_instance

    make = bench_module("make_vrptw")
    out = tmp_path / "r1.vrp"
    assert make.main(["--customers", "40", "--seed", "3", "--out", str(out)]) == 0
    problem = load_instance(out).to_problem()
    assert len(problem.stops) == 40
    windows = [s.window for s in problem.stops if s.window is not None]
    assert windows
    assert all(lo <= hi for lo, hi in windows)
    # Every window can be reached from the depot in time (the generator's promise).
    for stop in problem.stops:
        if stop.window is not None:
            assert problem.travel[0][stop.node] <= stop.window[1] + 1
    assert make.instance_text(40, 3) == out.read_text(encoding="utf-8")  # per seed


def test_a_reference_run_keeps_the_better_of_the_stored_plan_and_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    routing = bench_module("routing")
    monkeypatch.setattr(routing, "INSTANCES", tmp_path)
    stored = {"instance": "X", "cost": 100, "how": "best 60-s plan: PyVRP, 60 s, seed 1"}
    (tmp_path / "X.best.json").write_text(routing.json.dumps(stored), encoding="utf-8")
    worse = routing._store_best("X", {"instance": "X"}, [(105, "planner")], 60, "cmd")
    assert worse["cost"] == 100  # never worse than the stored reference
    assert [r["cost"] for r in worse["all"]] == [100, 105]
    better = routing._store_best("X", {"instance": "X"}, [(98.5, "PyVRP")], 60, "cmd")
    assert better["cost"] == 98.5
    assert better["how"].endswith(": PyVRP")
    assert routing._stored_reference("X")["cost"] == 98.5  # what the next bench run reads
    assert [r["cost"] for r in better["all"]] == [100, 105, 98.5]
    assert routing._reference_file("city").name == "scenario-city.best.json"
