"""Celery's part in the outbox: send one delivery, and pick up every due one (beat, each minute)."""

import contextlib
import time

from celery import shared_task
from kombu.exceptions import OperationalError

from api import delivery

# The pick-up stops taking new rows after this long, well inside the task's time limit.
PICK_UP_BUDGET_SECONDS = 50


@shared_task(bind=True, ignore_result=True)
def delivery_send(self, delivery_id: int) -> None:
    """One attempt; after a failure the next one is queued with its backoff, on the queue this came from."""
    done = delivery.attempt(delivery_id)
    if done is None or done.next_attempt_at is None:
        return
    countdown = max((done.next_attempt_at - done.last_attempt_at).total_seconds(), 0)
    queue = (self.request.delivery_info or {}).get("routing_key")
    # With the broker away the pick-up finds the row when it is due.
    with contextlib.suppress(OperationalError, OSError):
        self.apply_async(args=[delivery_id], countdown=countdown, queue=queue, retry=False)


@shared_task(ignore_result=True)
def deliveries_pick_up() -> int:
    """Beat, every minute: send what is due and not sent (the broker was away, a countdown was lost)."""
    started, sent = time.monotonic(), 0
    for delivery_id in delivery.due():
        if time.monotonic() - started > PICK_UP_BUDGET_SECONDS:
            break
        sent += delivery.attempt(delivery_id) is not None
    return sent
