from celery import shared_task

from cases import services


@shared_task
def emergency_access_expire() -> int:
    """End emergency accesses past their 24 hours (access checks also refuse them on their own)."""
    return services.emergency_access_expire()
