"""`make run` (scripts/run-dev.sh): says it runs only when it does, and PORT= chooses the port."""

import os
import signal
import socket
import subprocess
import time
import urllib.request

from tests.helpers import ROOT, child_env

SCRIPT = str(ROOT / "scripts" / "run-dev.sh")


def _env(tmp_path, port) -> dict[str, str]:
    return child_env({"PORT": str(port), "ZICHT_VAR_DIR": str(tmp_path)})


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_taken_port_is_reported_and_nothing_claims_to_run(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            ["bash", SCRIPT], cwd=ROOT, env=_env(tmp_path, port), capture_output=True, text=True, timeout=60
        )
    assert result.returncode == 1
    assert f"Poort {port} is al in gebruik" in result.stderr
    assert "PORT=8001 make run" in result.stderr
    assert "Zicht draait op" not in result.stdout


def test_a_port_that_is_not_a_number_is_refused(tmp_path):
    result = subprocess.run(
        ["bash", SCRIPT], cwd=ROOT, env=_env(tmp_path, "acht"), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "PORT moet een poortnummer zijn" in result.stderr


def test_port_chooses_where_zicht_runs_and_it_answers_there(tmp_path):
    port = _free_port()
    process = subprocess.Popen(
        ["bash", SCRIPT],
        cwd=ROOT,
        env=_env(tmp_path, port),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    seen = []
    try:
        deadline = time.monotonic() + 300
        for line in process.stdout:
            seen.append(line)
            if "Zicht draait op" in line or time.monotonic() > deadline:
                break
        assert f"Zicht draait op http://127.0.0.1:{port}/" in "".join(seen), "".join(seen[-40:])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/account/inloggen/", timeout=10) as response:
            assert response.status == 200
            assert "Inloggen" in response.read().decode()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=90)  # the worker finishes the task it holds first (a busy machine is slow)
