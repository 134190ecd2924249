"""The reverse-proxy examples of docs/deploying.md (deploy/nginx.conf, deploy/Caddyfile) really run: in front of the real
`trust-builder serve`, on loopback, with a throwaway certificate, they pass /alexa and /healthz, refuse other paths,
and answer while slow clients trickle requests in. Skipped where nginx or caddy is not installed."""
from __future__ import annotations

import datetime
import http.client
import json
import shutil
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.gunicorn_support import LOOPBACK, free_port, running_server, serve_command, wait_or_kill
from tests.live_signing_support import launch_envelope, stamped

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
SLOW_CLIENTS = 16


def _self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now)
                   .not_valid_after(now + datetime.timedelta(days=1)).sign(key, hashes.SHA256()))
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def _nginx(directory: Path, proxy_port: int, backend_port: int) -> list[str]:
    cert, key = _self_signed(directory)
    config = (DEPLOY / "nginx.conf").read_text()
    config = (config.replace("127.0.0.1:5000", f"127.0.0.1:{backend_port}")
              .replace("listen 443 ssl;", f"listen {LOOPBACK}:{proxy_port} ssl;")
              .replace("/etc/letsencrypt/live/your.host/fullchain.pem", str(cert))
              .replace("/etc/letsencrypt/live/your.host/privkey.pem", str(key))
              .replace("http {", f"http {{\n    access_log off;\n    client_body_temp_path {directory}/body;\n"
                                 f"    proxy_temp_path {directory}/proxy;", 1))
    path = directory / "nginx.conf"
    path.write_text(config)
    return ["nginx", "-p", str(directory), "-c", str(path),
            "-g", f"daemon off; pid {directory}/nginx.pid; error_log {directory}/error.log;"]


def _caddy(directory: Path, proxy_port: int, backend_port: int) -> list[str]:
    config = (DEPLOY / "Caddyfile").read_text()
    config = (config.replace("127.0.0.1:5000", f"127.0.0.1:{backend_port}")
              .replace("your.host {", f"https://{LOOPBACK}:{proxy_port} {{\n\ttls internal", 1)
              .replace("{\n\tservers {", "{\n\tadmin off\n\tskip_install_trust\n\tauto_https disable_redirects\n"
                                         f"\tstorage file_system {directory}/data\n\tservers {{", 1))
    path = directory / "Caddyfile"
    path.write_text(config)
    return ["caddy", "run", "--config", str(path), "--adapter", "caddyfile"]


@contextmanager
def _proxy(command_for, backend_port: int):
    with tempfile.TemporaryDirectory(prefix="trust-proxy-") as scratch:
        port = free_port()
        log = open(Path(scratch, "proxy.log"), "wb")
        env = {"HOME": scratch, "XDG_DATA_HOME": scratch, "XDG_CONFIG_HOME": scratch, "PATH": "/usr/sbin:/usr/bin"}
        process = subprocess.Popen(command_for(Path(scratch), port, backend_port), stdout=log, stderr=log, env=env)
        try:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                assert process.poll() is None, Path(scratch, "proxy.log").read_text()
                try:
                    socket.create_connection((LOOPBACK, port), timeout=0.5).close()
                    break
                except OSError:
                    time.sleep(0.1)
            yield port
        finally:
            process.terminate()
            wait_or_kill(process, 10)
            log.close()


def _https(port: int, method: str, path: str, body: bytes | None = None, timeout: float = 5.0) -> tuple[int, bytes]:
    connection = http.client.HTTPSConnection(LOOPBACK, port, timeout=timeout,
                                             context=ssl._create_unverified_context())  # noqa: SLF001 - throwaway CA
    try:
        connection.request(method, path, body=body, headers={"Content-Type": "application/json"})
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


def _trickle_body(port: int, stop: threading.Event) -> None:
    try:
        raw = socket.create_connection((LOOPBACK, port), timeout=5)
        with ssl._create_unverified_context().wrap_socket(raw, server_hostname="localhost") as connection:  # noqa: SLF001
            connection.sendall(b"POST /alexa HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\n")
            while not stop.wait(0.25):
                connection.sendall(b" ")
    except OSError:
        pass  # dropped by the proxy's body timeout: also fine


@pytest.mark.parametrize("proxy", ["nginx", "caddy"])
def test_the_example_proxy_config_serves_the_skill_and_holds_slow_clients(proxy):
    if shutil.which(proxy) is None and not Path("/usr/sbin", proxy).exists():
        pytest.skip(f"{proxy} is not installed (apt-get install {proxy})")
    launch = json.dumps(stamped(launch_envelope("amzn1.ask.account.PROXY"))).encode("utf-8")
    env = {"TRUST_DATABASE": "none", "TRUST_VERIFY_REQUESTS": "false"}
    with running_server(serve_command, env) as server, _proxy(_nginx if proxy == "nginx" else _caddy,
                                                             server.port) as port:
        status, answer = _https(port, "POST", "/alexa", launch)
        assert status == 200 and "outputSpeech" in json.loads(answer)["response"]
        assert _https(port, "GET", "/elsewhere")[0] == 404
        stop = threading.Event()
        clients = [threading.Thread(target=_trickle_body, args=(port, stop), daemon=True) for _ in range(SLOW_CLIENTS)]
        for client in clients:
            client.start()
        try:
            time.sleep(1.0)
            started = time.monotonic()
            assert _https(port, "GET", "/healthz", timeout=1.0)[0] == 200
            assert time.monotonic() - started < 1.0
        finally:
            stop.set()
            for client in clients:
                client.join(timeout=5)
