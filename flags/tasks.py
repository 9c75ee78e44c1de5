from celery import shared_task

from flags.digest import flag_digest_send
from flags.services import flags_evaluate


@shared_task
def flag_stalled_cases() -> dict:
    """Beat, every 15 minutes: evaluate every stalled-case rule (idempotent; acknowledged late)."""
    return {rule: list(counts) for rule, counts in flags_evaluate().items()}


@shared_task
def send_flag_digest() -> int:
    """Daily: one message per director and team lead with their new flags."""
    return flag_digest_send()
