"""Housekeeping and e-mail for accounts; scheduled by beat (CELERY_BEAT_SCHEDULE) or sent on commit."""

from celery import shared_task
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Notification


@shared_task
def sessions_clear_expired() -> int:
    """Delete expired sessions (each one holds a login); returns how many went."""
    deleted, _count = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notifications_email(notification_ids: list[int]) -> int:
    """E-mail in-app notifications to their recipients, once each (a redelivered task sends nothing twice)."""
    sent = 0
    for notification in Notification.objects.filter(pk__in=notification_ids).select_related("recipient"):
        with transaction.atomic():
            claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
                emailed_at=timezone.now()
            )
            if not claimed or not notification.recipient.email:
                continue
            send_mail(
                subject=_("Zicht: a notification for you"),
                message=f"{notification.text}\n\n{settings.SITE_URL}{notification.link}",
                from_email=None,
                recipient_list=[notification.recipient.email],
            )
            sent += 1
    return sent


@shared_task
def notifications_email_pending() -> int:
    """Pick up notifications whose e-mail was never sent (the broker was down when they were made)."""
    stale = timezone.now() - timezone.timedelta(minutes=5)
    ids = list(
        Notification.objects.filter(
            emailed_at__isnull=True, created_at__lt=stale, recipient__email__gt=""
        ).values_list("pk", flat=True)[:500]
    )
    return notifications_email(ids) if ids else 0
