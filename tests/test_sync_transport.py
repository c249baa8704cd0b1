"""The laptop reaches a central server other than itself only through verified TLS (issue 15).

The refusals happen before any connection: ``psycopg.connect`` and Python sockets are made to
fail the test if they are called. The addresses 192.0.2.x (TEST-NET-1) are never contacted.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
from pathlib import Path
from typing import Any

import psycopg
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy.engine import make_url

from fieldkit.cli import main
from fieldkit.settings import Settings, settings_file
from fieldkit.sync import service, transport
from fieldkit.sync.errors import SyncError
from fieldkit.sync.settings import SyncSettings

REMOTE = "postgresql+psycopg://fieldkit@192.0.2.10:5432/fieldkit"


class Connected(Exception):
    """psycopg was asked to connect: carries the parameters it was given."""

    def __init__(self, kwargs: dict[str, Any]) -> None:
        super().__init__("connect called")
        self.kwargs = kwargs


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection attempt raises ``Connected`` (psycopg) or fails the test (sockets)."""

    def connect(*_args: Any, **kwargs: Any) -> Any:
        raise Connected(kwargs)

    def no_socket(*_args: Any, **_kwargs: Any) -> Any:
        pytest.fail("a socket was opened")

    monkeypatch.setattr(psycopg, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect", no_socket)
    monkeypatch.setattr(socket, "create_connection", no_socket)


def ca_file(folder: Path) -> Path:
    """A throw-away self-signed CA certificate (PEM)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fieldkit test CA")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    path = folder / "office-ca.pem"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path


@pytest.mark.parametrize(
    "url",
    [
        REMOTE,
        REMOTE + "?sslmode=require",
        REMOTE + "?sslmode=disable",
        REMOTE + "?sslmode=verify-ca",
        "postgresql+psycopg://fieldkit@/fieldkit?host=192.0.2.11",
        "postgresql+psycopg://fieldkit@/fieldkit?host=127.0.0.1:5432&host=db.example.org:5432",
        "postgresql+psycopg://fieldkit@localhost/fieldkit?hostaddr=192.0.2.12",
        "postgresql+psycopg://fieldkit@[2001:db8::1]:5432/fieldkit",
        "postgresql+psycopg://fieldkit@127.0.0.1/fieldkit?service=office",
    ],
)
def test_a_remote_server_without_verified_tls_is_refused_before_connecting(
    url: str, no_network: None
) -> None:
    with pytest.raises(SyncError) as err:
        service.open_central(url, SyncSettings())
    assert err.value.code in {"insecure", "ca_file"}
    message = str(err.value)
    assert message.count(". ") == 0  # one sentence
    assert message.endswith(".")
    assert "nothing was synced" in message


def test_a_weaker_sslmode_is_refused_even_with_a_ca_file(tmp_path: Path, no_network: None) -> None:
    settings = SyncSettings(ca_file=str(ca_file(tmp_path)))
    for mode in ("disable", "allow", "prefer", "require", "verify-ca"):
        with pytest.raises(SyncError) as err:
            service.open_central(f"{REMOTE}?sslmode={mode}", settings)
        assert err.value.code == "insecure"
        assert f"sslmode={mode}" in str(err.value)


def test_pghost_from_the_environment_counts_as_the_host(
    monkeypatch: pytest.MonkeyPatch, no_network: None
) -> None:
    monkeypatch.setenv("PGHOST", "db.example.org")
    with pytest.raises(SyncError) as err:
        service.open_central("postgresql+psycopg:///fieldkit", SyncSettings())
    assert err.value.code == "ca_file"


def test_psycopg_gets_verify_full_and_the_ca_file(tmp_path: Path, no_network: None) -> None:
    ca = ca_file(tmp_path)
    for url in (REMOTE, REMOTE + "?sslmode=verify-full&sslrootcert=/tmp/someone-elses.pem"):
        with pytest.raises(Connected) as got:
            service.open_central(url, SyncSettings(ca_file=str(ca)))
        assert got.value.kwargs["sslmode"] == "verify-full"
        assert got.value.kwargs["sslrootcert"] == str(ca)  # IT's file, not the URL's


def test_a_missing_ca_file_is_one_sentence(tmp_path: Path, no_network: None) -> None:
    with pytest.raises(SyncError) as err:
        service.open_central(REMOTE, SyncSettings(ca_file=str(tmp_path / "gone.pem")))
    assert err.value.code == "ca_file"
    assert (
        str(err.value) == f"The CA file {tmp_path / 'gone.pem'} named in the settings is missing."
    )


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "127.8.9.10", "localhost", "LOCALHOST.", "[::1]", "/run/postgresql", ""]
)
def test_the_loopback_needs_no_tls(host: str) -> None:
    url = make_url(f"postgresql+psycopg://fieldkit@{host}/fieldkit")
    if host.startswith("/"):
        url = make_url(f"postgresql+psycopg://fieldkit@/fieldkit?host={host}")
    assert transport.transport_args(url, SyncSettings()) == {}


def test_a_plain_connection_to_the_loopback_server_works(central: str) -> None:
    assert make_url(central).host in {"127.0.0.1", "localhost"}
    service.open_central(central, SyncSettings()).dispose()


def test_only_the_machine_policy_may_allow_an_insecure_test_server(no_network: None) -> None:
    path = settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"sync": {"allow_insecure_for_testing": True}}), encoding="utf-8")
    assert Settings.load().sync.allow_insecure_for_testing is False
    assert Settings.load().replace("sync", allow_insecure_for_testing=True).sync == SyncSettings()
    pulled = Settings.load().with_office_wide({"sync": {"allow_insecure_for_testing": True}})
    assert pulled.sync.allow_insecure_for_testing is False
    with pytest.raises(SyncError):
        service.open_central(REMOTE, Settings.load().sync)
    Path(os.environ["FIELDKIT_POLICY"]).write_text(
        "[sync]\nallow_insecure_for_testing = true\n", encoding="utf-8"
    )
    allowed = Settings.load().sync
    assert allowed.allow_insecure_for_testing is True
    with pytest.raises(Connected) as got:  # the plain connection is now attempted
        service.open_central(REMOTE + "?sslmode=disable", allowed)
    assert "sslrootcert" not in got.value.kwargs


def test_the_cli_refuses_a_plain_remote_server_with_one_sentence(
    tmp_path: Path, no_network: None, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "laptop.sqlite")
    code = main(["sync", "--db", db, "--central", REMOTE, "--worker", "Testkraft"])
    err = capsys.readouterr().err
    assert code == 1
    assert "sslmode=verify-full" in err or "no CA file" in err
    assert "Traceback" not in err
