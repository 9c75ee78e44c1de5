from celery import shared_task

from referrals import services


@shared_task
def monitoring_access_expire() -> int:
    """End Veilig Thuis monitors' access where the monitoring period is over."""
    return services.monitoring_access_expire()
