from celery import shared_task

from privacy.services import retention_sweep as sweep


@shared_task
def retention_sweep() -> dict:
    """Weekly: list closed files past their retention term for reviewed destruction. Deletes nothing."""
    return sweep()
