"""The load balancer over TLS: HAProxy accepts the configuration, and one request through it on loopback has
HSTS, frame-ancestors, X-Frame-Options, a Secure affinity cookie and the client's own address; plain HTTP is
sent on to HTTPS. A small Python server stands in for a replica; the certificate is made here with openssl."""

import http.client
import http.server
import shutil
import socket
import ssl
import subprocess
import threading
import time

import pytest

from sprx_map import replicas
from sprx_map.replicas import Replica


def _haproxy() -> str:
    found = shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin")
    if found is None:
        pytest.skip("HAProxy (Debian's haproxy package) is not installed; .ci/run installs it")
    return found


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1: HAProxy's PEM (certificate, then key) and the certificate alone."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl (Debian's openssl package) is not installed")
    folder = tmp_path_factory.mktemp("tls")
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    both = folder / "haproxy.pem"
    both.write_bytes(cert.read_bytes() + key.read_bytes())
    return str(both), str(cert)


# What Streamlit 1.67 sets when someone signs in (its identity cookie in two chunks, and its tokens), beside
# one cookie already Secure and one that is not Streamlit's.
SIGN_IN_COOKIES = [
    "_streamlit_user=eyJzdWIiOiJTZWN1cmUifQ.secure; HttpOnly; Max-Age=2592000; Path=/; SameSite=lax",
    "_streamlit_user__1=c2VjdXJl; HttpOnly; Max-Age=2592000; Path=/; SameSite=lax",
    "_streamlit_user_tokens=dG9rZW5z; HttpOnly; Max-Age=2592000; Path=/; SameSite=lax",
    "_streamlit_xsrf=2|ab|cd|1; Path=/; SameSite=none; Secure",
    "theme=dark; Path=/",
]


class _Replica(http.server.BaseHTTPRequestHandler):
    """Answers every GET with 200 and the forwarding headers it was given, one per line; ``/oauth2callback``
    also sets the cookies a sign-in sets."""

    def do_GET(self):  # the name http.server calls
        body = "\n".join(
            f"{name}: {value}" for name, value in self.headers.items() if name.lower().startswith("x-forwarded")
        ).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        if self.path == "/oauth2callback":
            for cookie in SIGN_IN_COOKIES:
                self.send_header("Set-Cookie", cookie)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # HAProxy's health checks hang up without reading the answer


@pytest.fixture
def balancer(tmp_path, certificate):
    """HAProxy on loopback over TLS (and a redirecting HTTP port) in front of one stand-in replica."""
    haproxy = _haproxy()
    backend = _Server(("127.0.0.1", 0), _Replica)
    threading.Thread(target=backend.serve_forever, daemon=True).start()
    https_port, http_port = _free_ports(2)
    config = tmp_path / "haproxy.cfg"
    replica = Replica("replica1", "127.0.0.1", backend.server_address[1])
    config.write_text(
        replicas.render_config([replica], https_port, "127.0.0.1", certificate=certificate[0], redirect_port=http_port),
        encoding="utf-8",
    )
    process = subprocess.Popen([haproxy, "-db", "-f", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    context = ssl.create_default_context(cafile=certificate[1])
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                connection = http.client.HTTPSConnection("127.0.0.1", https_port, timeout=5, context=context)
                connection.request("GET", "/_stcore/health")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, process.stderr.read().decode()
            assert time.monotonic() < deadline, "HAProxy did not answer over TLS within 20 s"
            time.sleep(0.2)
        yield https_port, http_port, context
    finally:
        process.terminate()
        process.wait(timeout=15)
        backend.shutdown()
        backend.server_close()


def test_haproxy_accepts_the_configuration_over_tls(tmp_path, certificate):
    config = tmp_path / "haproxy.cfg"
    two = [Replica("replica1", "127.0.0.1", 9101), Replica("replica2", "127.0.0.1", 9102)]
    config.write_text(replicas.render_config(two, 443, certificate=certificate[0], redirect_port=80), encoding="utf-8")
    done = subprocess.run([_haproxy(), "-c", "-f", str(config)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_request_over_tls_gets_the_security_headers_and_a_secure_cookie(balancer):
    https_port, _, context = balancer
    connection = http.client.HTTPSConnection("127.0.0.1", https_port, timeout=10, context=context)
    connection.request("GET", "/", headers={"X-Forwarded-For": "203.0.113.9"})  # a client's own claim
    response = connection.getresponse()
    body = response.read().decode()
    assert response.status == 200
    assert response.getheader("Strict-Transport-Security") == "max-age=31536000"
    assert response.getheader("Content-Security-Policy") == "frame-ancestors 'self'"
    assert response.getheader("X-Frame-Options") == "SAMEORIGIN"
    assert response.getheader("Set-Cookie") == "sprx_replica=replica1; path=/; HttpOnly; Secure; SameSite=Lax"
    # The replica sees the address HAProxy saw, not the one the client wrote, and that it came over HTTPS.
    # (HAProxy writes header names in lower case, as HTTP/2 does.)
    assert body.splitlines() == ["x-forwarded-proto: https", "x-forwarded-for: 127.0.0.1"]


def test_streamlit_cookies_are_marked_secure_over_tls_and_others_left_alone(balancer):
    https_port, _, context = balancer
    connection = http.client.HTTPSConnection("127.0.0.1", https_port, timeout=10, context=context)
    connection.request("GET", "/oauth2callback", headers={"Cookie": "sprx_replica=replica1"})
    response = connection.getresponse()
    response.read()
    assert response.headers.get_all("Set-Cookie") == [
        "_streamlit_user=eyJzdWIiOiJTZWN1cmUifQ.secure; HttpOnly; Max-Age=2592000; Path=/; SameSite=lax; Secure",
        "_streamlit_user__1=c2VjdXJl; HttpOnly; Max-Age=2592000; Path=/; SameSite=lax; Secure",
        "_streamlit_user_tokens=dG9rZW5z; HttpOnly; Max-Age=2592000; Path=/; SameSite=lax; Secure",
        "_streamlit_xsrf=2|ab|cd|1; Path=/; SameSite=none; Secure",
        "theme=dark; Path=/",
    ]


def test_without_a_certificate_no_cookie_is_rewritten():
    config = replicas.render_config([Replica("a", "127.0.0.1", 9001)], 8080)
    assert "Set-Cookie" not in config


def test_plain_http_is_sent_on_to_https_with_its_path(balancer):
    https_port, http_port, _ = balancer
    connection = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
    connection.request("GET", "/Data_intake?lang=cy", headers={"Host": f"127.0.0.1:{http_port}"})
    response = connection.getresponse()
    assert response.status == 301
    assert response.getheader("Location") == f"https://127.0.0.1:{https_port}/Data_intake?lang=cy"
    assert response.getheader("Set-Cookie") is None


def test_the_redirect_leaves_out_the_standard_https_port():
    config = replicas.render_config([Replica("a", "127.0.0.1", 9001)], 443, certificate="/etc/ssl/sprx.pem",
                                    redirect_port=80)  # fmt: skip
    lines = [line.strip() for line in config.splitlines()]
    assert "bind :80" in lines
    assert "bind :443 ssl crt /etc/ssl/sprx.pem" in lines
    redirect = "http-request redirect location https://%[req.hdr(host),regsub(:[0-9]+$,)]%[capture.req.uri] code 301"
    assert redirect in lines
