from celery import shared_task

from cases import services


@shared_task
def emergency_access_expire() -> int:
    """End emergency accesses past their 24 hours (access checks also refuse them on their own)."""
    return services.emergency_access_expire()


@shared_task
def flag_stalled_cases() -> dict:
    """Beat, every 15 minutes: evaluate every stalled-case rule (idempotent; acknowledged late)."""
    from cases.flags import flags_evaluate

    return {rule: list(counts) for rule, counts in flags_evaluate().items()}


@shared_task
def send_flag_digest() -> int:
    """Daily: one e-mail per director and team lead with their new flags."""
    from cases.digest import flag_digest_send

    return flag_digest_send()
