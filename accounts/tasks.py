"""Housekeeping and e-mail for accounts; scheduled by beat (CELERY_BEAT_SCHEDULE) or sent on commit."""

from celery import shared_task
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
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
            # E-mail is not a safe place for case data: only that something waits, and where. The text
            # (names, emergency reasons, monitoring notes) stays in Zicht, behind the login.
            send_mail(
                subject=_("Zicht: something needs your attention"),
                message=_("Something in Zicht needs your attention. Log in to read it:")
                + f"\n\n{settings.SITE_URL}{reverse('accounts:notification', args=[notification.pk])}\n",
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


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def set_password_link_email(user_id: int) -> bool:
    """E-mail a one-time link to set the password; the token is made here, so nobody else sees it.

    The link works once (it depends on the current password) and expires after PASSWORD_RESET_TIMEOUT.
    """
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from accounts.models import User

    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return False
    path = reverse(
        "accounts:set-password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    send_mail(
        subject=_("Zicht: set your password"),
        message=_(
            "Set your password for Zicht with this link. It works once and expires after %(hours)s hours. "
            "Afterwards you set up the two-step login with an authenticator app."
        )
        % {"hours": hours}
        + f"\n\n{settings.SITE_URL}{path}\n\n"
        + _("Did you not expect this e-mail? Tell the privacy officer of your organisation."),
        from_email=None,
        recipient_list=[user.email],
    )
    return True


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def email_address_changed_notice(address: str) -> None:
    """Tell the old address that the account's e-mail address was changed (a takeover shows here)."""
    send_mail(
        subject=_("Zicht: your e-mail address was changed"),
        message=_(
            "The functional administrator changed the e-mail address of your Zicht account. "
            "Did you not expect this? Tell the privacy officer of your organisation."
        )
        + f"\n\n{settings.SITE_URL}/\n",
        from_email=None,
        recipient_list=[address],
    )
