from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.tasks import sessions_clear_expired
from tests.helpers import wait_until


def test_a_task_sent_through_redis_runs_in_a_real_worker(celery_worker):
    now = timezone.now()
    Session.objects.create(
        session_key="expired" + "x" * 25, session_data="", expire_date=now - timedelta(hours=1)
    )
    Session.objects.create(
        session_key="current" + "x" * 25, session_data="", expire_date=now + timedelta(hours=1)
    )

    sessions_clear_expired.apply_async(queue=celery_worker)

    assert wait_until(lambda: not Session.objects.filter(session_key__startswith="expired").exists())
    assert Session.objects.filter(session_key__startswith="current").exists()
