"""`digest serve` builds, serves the site on loopback and rebuilds when a source changes."""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

DIGEST = (
    "What caught my attention in W10.\n"
    "{title}\n"
    "A chip startup raised two hundred million dollars to build inference accelerators for datacenters. Source\n"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except OSError:
        return 0, ""


def wait_for(predicate, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    return None


def test_serve_rebuilds_on_change_and_stays_inside_the_site(project):
    source = project / "sources" / "w10.txt"
    source.write_text(DIGEST.format(title="First Title Here"), encoding="utf-8")
    (project / "sources" / "w10.txt.meta.yaml").write_text("year: 2026\n", encoding="utf-8")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "digest", "serve", "--port", str(port)], cwd=project,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}/issues/2026-W10/index.html"
        assert wait_for(lambda: "First Title Here" in fetch(url)[1]), "site was not served"
        source.write_text(DIGEST.format(title="Second Title Here"), encoding="utf-8")
        assert wait_for(lambda: "Second Title Here" in fetch(url)[1]), "no rebuild after the change"
        status, _ = fetch(f"http://127.0.0.1:{port}/../digest.yaml")
        assert status == 404
        status, _ = fetch(f"http://127.0.0.1:{port}/%2e%2e/digest.yaml")
        assert status == 404
    finally:
        proc.terminate()
        proc.wait(timeout=10)
