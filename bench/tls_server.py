"""A throw-away PostgreSQL cluster with TLS on 127.0.0.1, for ``bench/sync.py --tls``.

Never used by the tests. The server certificate is self-signed at bench time with
``cryptography`` (subject alternative names ``localhost`` and ``127.0.0.1``) and is its own CA
file, so the laptops' side connects with ``sslmode=verify-full`` as in an office. The cluster
lives in a temporary folder, listens only on 127.0.0.1 at a free port and is stopped and
removed afterwards. ``pg_hba.conf`` takes passwords (SCRAM) over TLS and, for the plain
baseline the bench compares with, also without TLS from the loopback (an office refuses
``hostnossl``: docs/sync.md).
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy.engine import make_url

OWNER = "fk_bench_owner"


@dataclass(frozen=True)
class TlsServer:
    """The running cluster: the owner's URL without TLS, and the CA file for verify-full."""

    plain_url: str
    ca_file: Path

    def tls(self, url: str) -> str:
        """``url`` through verified TLS (the query an office's laptop would use)."""
        query = {"sslmode": "verify-full", "sslrootcert": str(self.ca_file)}
        return make_url(url).update_query_dict(query).render_as_string(hide_password=False)


def _bin(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"--tls needs the PostgreSQL server programs ({name} not found).")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed server certificate for localhost / 127.0.0.1; (cert, key) files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "server.crt", folder / "server.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    key_file.chmod(0o600)
    return cert_file, key_file


def _as_server_user(args: list[str]) -> list[str]:
    """initdb and postgres refuse root: run them as the ``postgres`` user then."""
    if os.geteuid() != 0:
        return args
    return [_bin("runuser"), "-u", "postgres", "--", *args]


def _chown(folder: Path) -> None:
    if os.geteuid() != 0:
        return
    for path in [folder, *folder.rglob("*")]:
        shutil.chown(path, "postgres", "postgres")


def _run(args: list[str]) -> None:
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@contextlib.contextmanager
def tls_server() -> Iterator[TlsServer]:
    """Start the cluster; yield its URLs; stop and remove it."""
    root = Path(tempfile.mkdtemp(prefix="fk-bench-tls-"))
    root.chmod(0o755)
    data, password = root / "data", secrets.token_hex(12)
    cert_file, key_file = write_certificate(root)
    ca_file = root / "ca.pem"
    shutil.copyfile(cert_file, ca_file)
    (root / "pw").write_text(password)
    port = _free_port()
    _chown(root)
    _run(
        _as_server_user(
            [_bin("initdb"), "-D", str(data), "-U", OWNER, "--auth=scram-sha-256",
             f"--pwfile={root / 'pw'}", "-E", "UTF8", "--locale=C.UTF-8"]
        )
    )  # fmt: skip
    with (data / "postgresql.conf").open("a") as conf:
        conf.write(
            f"listen_addresses = '127.0.0.1'\nport = {port}\n"
            f"unix_socket_directories = '{root}'\nssl = on\n"
            f"ssl_cert_file = '{cert_file}'\nssl_key_file = '{key_file}'\n"
            "ssl_min_protocol_version = 'TLSv1.2'\npassword_encryption = 'scram-sha-256'\n"
        )
    (data / "pg_hba.conf").write_text(
        "hostssl    all  all  127.0.0.1/32  scram-sha-256\n"
        "hostnossl  all  all  127.0.0.1/32  scram-sha-256\n"
    )
    _chown(root)
    log = root / "server.log"
    _run(_as_server_user([_bin("pg_ctl"), "-D", str(data), "-l", str(log), "-w", "start"]))
    try:
        url = f"postgresql+psycopg://{OWNER}:{password}@127.0.0.1:{port}/postgres"
        yield TlsServer(url + "?sslmode=disable", ca_file)
    finally:
        subprocess.run(
            _as_server_user([_bin("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(root, ignore_errors=True)
