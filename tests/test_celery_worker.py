import subprocess
import sys
import time
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from accounts.tasks import sessions_clear_expired
from tests.helpers import ROOT


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker process on Redis, on a queue of its own, using the test database."""
    queue = f"test-{uuid.uuid4().hex}"
    db = connection.settings_dict
    env_db = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "--queues",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "INFO",
        ],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": env_db,
            "REDIS_URL": settings.REDIS_URL,
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield queue
    process.terminate()
    output, _ = process.communicate(timeout=30)
    print(output)


def _wait_until(condition, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_a_task_sent_through_redis_runs_in_a_real_worker(celery_worker):
    now = timezone.now()
    Session.objects.create(
        session_key="expired" + "x" * 25, session_data="", expire_date=now - timedelta(hours=1)
    )
    Session.objects.create(
        session_key="current" + "x" * 25, session_data="", expire_date=now + timedelta(hours=1)
    )

    sessions_clear_expired.apply_async(queue=celery_worker)

    assert _wait_until(lambda: not Session.objects.filter(session_key__startswith="expired").exists())
    assert Session.objects.filter(session_key__startswith="current").exists()
