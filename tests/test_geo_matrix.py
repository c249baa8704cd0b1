"""Travel-time matrices: geodesic estimate (checked against geopy) and a routing server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import numpy as np
import pytest
from geopy.distance import geodesic

from fieldkit.geo.matrix import (
    TravelTimeService,
    geodesic_matrix,
    geodesic_travel_matrix,
    haversine_matrix,
)
from fieldkit.geo.settings import GeoSettings


def _worst_relative_error(fn: Any, box: tuple[float, float, float, float]) -> float:
    rng = np.random.default_rng(7)
    lats = rng.uniform(box[0], box[1], 30)
    lons = rng.uniform(box[2], box[3], 30)
    fast = fn(lats, lons)
    worst = 0.0
    for i in range(30):
        for j in range(i + 1, 30):
            exact = geodesic((lats[i], lons[i]), (lats[j], lons[j])).meters
            worst = max(worst, abs(fast[i, j] - exact) / exact)
    return worst


DISTRICT = (49.0, 49.4, 8.9, 9.5)
GERMANY = (47.3, 55.0, 5.9, 15.0)


def test_fast_matrix_against_geopy_geodesic() -> None:
    # The matrix formula: within 10 ppm of geopy's exact ellipsoidal geodesic (measured ~4 ppm).
    assert _worst_relative_error(geodesic_matrix, DISTRICT) < 1e-5
    assert _worst_relative_error(geodesic_matrix, GERMANY) < 1e-5
    # Plain spherical haversine would be off by up to about 0.3-0.5 %.
    assert _worst_relative_error(haversine_matrix, GERMANY) < 0.006
    assert np.all(np.diag(geodesic_matrix(np.array([49.1, 49.2]), np.array([9.1, 9.2]))) == 0)


def test_geodesic_travel_matrix_units_and_settings() -> None:
    points = [(49.14, 9.22), (49.24, 9.22)]  # about 11.1 km apart
    m = geodesic_travel_matrix(points, GeoSettings())
    assert m.seconds.dtype == np.int64
    assert m.seconds.shape == (2, 2)
    assert m.seconds[0, 0] == 0
    assert m.seconds[0, 1] == m.seconds[1, 0]
    straight = geodesic(points[0], points[1]).meters
    assert m.seconds[0, 1] == pytest.approx(straight * 1.3 / (50 / 3.6), rel=0.005)
    slower = geodesic_travel_matrix(points, GeoSettings(average_speed_kmh=25.0, detour_factor=1.0))
    assert slower.seconds[0, 1] == pytest.approx(straight / (25 / 3.6), rel=0.005)
    assert m.source == "geodesic"


def test_service_caches_by_rounded_coordinates() -> None:
    service = TravelTimeService(GeoSettings())
    a = service.matrix([(49.1, 9.2), (49.2, 9.3)])
    b = service.matrix([(49.1000001, 9.2), (49.2, 9.3000001)])
    assert a is b


class _Osrm(BaseHTTPRequestHandler):
    answer: Any = None
    calls: list[str] = []  # noqa: RUF012 - shared on purpose for the test

    def do_GET(self) -> None:
        type(self).calls.append(self.path)
        body = json.dumps(self.answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


#: serve_forever's poll interval: shutdown() waits for the next poll, 0.5 s by default.
POLL = 0.01


@pytest.fixture
def osrm() -> Iterator[tuple[str, type[_Osrm]]]:
    handler = type("Handler", (_Osrm,), {"calls": [], "answer": None})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(POLL,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()


def test_osrm_table(osrm: tuple[str, type[_Osrm]]) -> None:
    url, handler = osrm
    handler.answer = {
        "code": "Ok",
        "durations": [[0, 600.4, None], [610, 0, 700], [None, 690, 0]],
        "distances": [[0, 9000, None], [9100, 0, 9900], [None, 9800, 0]],
    }
    settings = GeoSettings(routing_server_enabled=True, routing_server_url=url)
    points = [(49.1, 9.2), (49.15, 9.25), (49.2, 9.3)]
    result = TravelTimeService(settings).matrix(points)
    assert result.source == "osrm"
    assert result.seconds[0, 1] == 600
    assert result.meters[1, 2] == 9900
    estimate = geodesic_travel_matrix(points, settings)
    assert result.seconds[0, 2] == estimate.seconds[0, 2]  # unreachable pair: estimated
    assert result.note is not None
    assert result.note.text("de") == (
        "2 Verbindungen fehlten beim Routing-Server und sind geschätzt."
    )
    assert result.note.text("en").startswith("2 connections were missing")
    assert handler.calls[0].startswith("/table/v1/driving/9.200000,49.100000;")


def test_routing_server_failure_falls_back_with_a_message(osrm: tuple[str, type[_Osrm]]) -> None:
    url, handler = osrm
    handler.answer = {"code": "InvalidQuery"}
    settings = GeoSettings(routing_server_enabled=True, routing_server_url=url)
    points = [(49.1, 9.2), (49.2, 9.3)]
    result = TravelTimeService(settings).matrix(points)
    assert result.source == "geodesic"
    assert result.note is not None
    assert "nicht erreichbar" in result.note.text("de")
    assert "unreachable" in result.note.text("en")
    assert (result.seconds == geodesic_travel_matrix(points, settings).seconds).all()
    closed = GeoSettings(
        routing_server_enabled=True,
        routing_server_url="http://127.0.0.1:9",  # nothing listens there
        routing_timeout_seconds=2.0,
    )
    assert TravelTimeService(closed).matrix(points).source == "geodesic"


class _Valhalla(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        n = len(request["sources"])
        cells = [
            [{"time": 0 if i == j else 100 * (i + j), "distance": 1.5} for j in range(n)]
            for i in range(n)
        ]
        body = json.dumps({"sources_to_targets": cells}).encode()
        self.send_response(200)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def test_valhalla_matrix() -> None:
    server = HTTPServer(("127.0.0.1", 0), _Valhalla)
    thread = threading.Thread(target=server.serve_forever, args=(POLL,), daemon=True)
    thread.start()
    try:
        settings = GeoSettings(
            routing_server_enabled=True,
            routing_server_kind="valhalla",
            routing_server_url=f"http://127.0.0.1:{server.server_address[1]}",
        )
        result = TravelTimeService(settings).matrix([(49.1, 9.2), (49.2, 9.3)])
    finally:
        server.shutdown()
        server.server_close()
    assert result.source == "valhalla"
    assert result.seconds[0, 1] == 100
    assert result.meters[0, 1] == 1500
    assert result.note is None


def test_a_failed_routing_server_is_logged_without_its_address(
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = GeoSettings(
        routing_server_enabled=True,
        routing_server_url="http://user:Geheim-4711@127.0.0.1:9/",  # nothing listens there
        routing_timeout_seconds=2.0,
    )
    with caplog.at_level("WARNING"):
        result = TravelTimeService(settings).matrix([(49.1, 9.2), (49.2, 9.3)])
    assert result.source == "geodesic"
    assert "routing server failed" in caplog.text
    assert "Geheim-4711" not in caplog.text
    assert "49.1" not in caplog.text  # no coordinates of homes
    assert "9.2" not in caplog.text
