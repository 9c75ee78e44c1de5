import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Variables that would leak this test run's configuration into a child process.
_OWN = (
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "SECRET_KEY",
    "DEBUG",
)


def child_env(env: dict[str, str]) -> dict[str, str]:
    """This process's environment without this test run's Zicht configuration, plus ``env``."""
    base = {key: value for key, value in os.environ.items() if key not in _OWN and not key.endswith("_FILE")}
    return {**base, **env}


def run_python(*args: str, env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    """Run this project's Python in a child process with a clean Zicht environment plus ``env``."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=child_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def wait_until(condition, timeout: float = 30.0) -> bool:
    """Poll condition() until it holds or the timeout passes (for work done by another process)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False
