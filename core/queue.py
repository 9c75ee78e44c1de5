"""Enqueueing work that must not take a page down with it when the broker is away."""

import logging

from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args) -> None:
    """Send the task after the transaction commits. With the broker down the page still saves: the
    work is logged and left for the periodic job that picks it up (see CELERY_BEAT_SCHEDULE)."""

    def send():
        try:
            task.apply_async(args=args, retry=False)
        except (OperationalError, OSError) as error:
            logger.warning("Broker unavailable, %s left for the next periodic run: %s", task.name, error)

    transaction.on_commit(send)
