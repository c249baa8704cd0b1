"""Search profiles: how OR-Tools looks for good routes, chosen by measurement (bench/README.md).

A profile is a first-solution strategy, a metaheuristic and optional overrides of
``RoutingSearchParameters`` in protobuf text format, so the benchmark can try any setting
without code changes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from google.protobuf import text_format  # type: ignore[import-untyped]
from ortools.constraint_solver import pywrapcp, routing_enums_pb2


@dataclass(frozen=True)
class SearchProfile:
    """One way to search; ``overrides`` is merged into the parameters (protobuf text).

    ``partner`` is a second search run at the same time in a helper process
    (:mod:`fieldkit.routing.parallel`); the better plan of the two is kept.
    """

    first_solution: str = "PATH_CHEAPEST_ARC"
    metaheuristic: str = "GUIDED_LOCAL_SEARCH"
    overrides: str = ""
    partner: SearchProfile | None = None


_ILS_SISR = """
use_iterated_local_search: true
iterated_local_search_parameters {
  perturbation_strategy: RUIN_AND_RECREATE
  ruin_recreate_parameters {
    ruin_strategies { sisr { max_removed_sequence_size: 10 avg_num_removed_visits: 10
                             bypass_factor: 0.01 } }
    ruin_composition_strategy: RUN_ALL_SEQUENTIALLY
    recreate_strategy { heuristic: LOCAL_CHEAPEST_INSERTION }
    route_selection_neighbors_ratio: 1
    route_selection_min_neighbors: 10
    route_selection_max_neighbors: 100
  }
  improve_perturbed_solution: true
  reference_solution_acceptance_strategy {
    simulated_annealing { cooling_schedule_strategy: EXPONENTIAL
                          automatic_temperatures: true }
  }
  best_solution_acceptance_strategy { greedy_descent {} }
}
"""

# Operators for pickup-and-delivery, visit types and whole-path re-insertion cost much time
# per step on a 300-stop week and never improve a plain visiting plan (bench/README.md).
LEAN_OPERATORS = """
local_search_operators {
  use_relocate_pair: BOOL_FALSE
  use_light_relocate_pair: BOOL_FALSE
  use_exchange_pair: BOOL_FALSE
  use_relocate_subtrip: BOOL_FALSE
  use_exchange_subtrip: BOOL_FALSE
  use_global_cheapest_insertion_path_lns: BOOL_FALSE
  use_local_cheapest_insertion_path_lns: BOOL_FALSE
  use_relocate_path_global_cheapest_insertion_insert_unperformed: BOOL_FALSE
  use_global_cheapest_insertion_visit_types_lns: BOOL_FALSE
  use_local_cheapest_insertion_visit_types_lns: BOOL_FALSE
  use_shortest_path_swap_active: BOOL_FALSE
  use_shortest_path_two_opt: BOOL_FALSE
}
"""

_ILS_WEEK = (
    _ILS_SISR.replace(
        "max_removed_sequence_size: 10 avg_num_removed_visits: 10",
        "max_removed_sequence_size: 20 avg_num_removed_visits: 20",
    ).replace("heuristic: LOCAL_CHEAPEST_INSERTION", "heuristic: PARALLEL_CHEAPEST_INSERTION")
    + LEAN_OPERATORS
)

# Ruin and recreate without a local search after each step: thousands of small steps a second
# instead of a few dozen full neighbourhood scans. Each step removes a SISR string and then a
# random walk of 8 visits: with the SISR ruin alone every step put the tour back as it was
# (ch150 stalls at 6585 after 0.15 s; with both, 6559 at 0.8 s; bench/README.md).
_RUIN_RECREATE = (
    _ILS_SISR.replace(
        "heuristic: LOCAL_CHEAPEST_INSERTION", "heuristic: PARALLEL_CHEAPEST_INSERTION"
    )
    .replace("improve_perturbed_solution: true", "improve_perturbed_solution: false")
    .replace(
        "ruin_composition_strategy:",
        "ruin_strategies { random_walk { num_removed_visits: 8 } }\n    ruin_composition_strategy:",
    )
    + LEAN_OPERATORS
)

_ILS_PCA = SearchProfile("PATH_CHEAPEST_ARC", "GREEDY_DESCENT", _ILS_WEEK)
_ILS_LCI = SearchProfile("LOCAL_CHEAPEST_INSERTION", "GREEDY_DESCENT", _ILS_WEEK)
_ILS_RW = SearchProfile(
    "PATH_CHEAPEST_ARC",
    "GREEDY_DESCENT",
    _ILS_SISR.replace(
        "sisr { max_removed_sequence_size: 10 avg_num_removed_visits: 10\n"
        "                             bypass_factor: 0.01 }",
        "random_walk { num_removed_visits: 10 }",
    ),
)
_TSP_GLS = SearchProfile(
    "CHRISTOFIDES", "GUIDED_LOCAL_SEARCH", "guided_local_search_lambda_coefficient: 0.5"
)

PROFILES: dict[str, SearchProfile] = {
    # OR-Tools' defaults with guided local search: the usual baseline.
    "gls": SearchProfile("PATH_CHEAPEST_ARC", "GUIDED_LOCAL_SEARCH"),
    # The planner's default: iterated local search, SISR ruin of ~20 visits, parallel cheapest
    # insertion, simulated-annealing acceptance, without the operators that only serve
    # pickups/deliveries and visit types; started from the cheapest arcs, with a partner
    # started by local cheapest insertion (they get stuck in different places: day scenario
    # 21881 and 21650 alone; 60-stop days of five other seeds: +0.49 % and +0.16 % on average).
    "ils": replace(_ILS_PCA, partner=_ILS_LCI),
    "ils_single": _ILS_PCA,
    "ils_lci": _ILS_LCI,
    # Single tours: Christofides start, then ruin and recreate without local search. No
    # partner: guided local search beside it (a280 2579 alone) slowed it down so much on this
    # shared machine that ch150 ended at 6565 instead of 6559 (bench/README.md).
    "tsp": SearchProfile("CHRISTOFIDES", "GREEDY_DESCENT", _RUIN_RECREATE),
    "tsp_pair": SearchProfile("CHRISTOFIDES", "GREEDY_DESCENT", _RUIN_RECREATE, partner=_TSP_GLS),
    "tsp_gls": _TSP_GLS,
    # Capacitated routes: guided local search with a stronger penalty (lambda 0.2); partner:
    # iterated local search with random-walk ruin (P-n101-k4: 684 and 681 alone).
    "cvrp": SearchProfile(
        "PATH_CHEAPEST_ARC",
        "GUIDED_LOCAL_SEARCH",
        "guided_local_search_lambda_coefficient: 0.2",
        partner=_ILS_RW,
    ),
    # Time windows: the same two searches the other way round (RC208: 781.2 from LCI, 789.5).
    "vrptw": replace(_ILS_LCI, partner=_ILS_PCA),
    # Re-plan on the road and re-optimise after a drag-and-drop: small, seeded problems.
    "fast": SearchProfile("PATH_CHEAPEST_ARC", "GUIDED_LOCAL_SEARCH", LEAN_OPERATORS),
    # Variants kept for bench/README.md comparisons.
    "ils_sisr10": SearchProfile("PATH_CHEAPEST_ARC", "GREEDY_DESCENT", _ILS_SISR),
    "gls_lean": SearchProfile("PATH_CHEAPEST_ARC", "GUIDED_LOCAL_SEARCH", LEAN_OPERATORS),
    "sa": SearchProfile("PATH_CHEAPEST_ARC", "SIMULATED_ANNEALING"),
    "tabu": SearchProfile("PATH_CHEAPEST_ARC", "TABU_SEARCH"),
}


def search_parameters(
    profile: SearchProfile,
    *,
    time_limit: float,
    solution_limit: int = 0,
) -> pywrapcp.DefaultRoutingSearchParameters:
    """The OR-Tools parameters of ``profile`` with a time and an optional step limit."""
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = getattr(
        routing_enums_pb2.FirstSolutionStrategy, profile.first_solution
    )
    params.local_search_metaheuristic = getattr(
        routing_enums_pb2.LocalSearchMetaheuristic, profile.metaheuristic
    )
    if profile.overrides.strip():
        text_format.Merge(profile.overrides, params)
    params.time_limit.FromMilliseconds(max(1, int(time_limit * 1000)))
    if solution_limit > 0:
        params.solution_limit = solution_limit
    error = pywrapcp.FindErrorInRoutingSearchParameters(params)
    if error:
        raise ValueError(f"invalid routing search parameters: {error}")
    # One CP-SAT worker if the scheduling fallback ever runs: threads make results vary.
    params.sat_parameters.num_workers = 1
    return params
