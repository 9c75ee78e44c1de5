"""Sending the outbox: each Delivery row is POSTed to its client's endpoint until it is taken (ADR 13).

At least once: a row stays pending until the receiver answers 2xx, and the CloudEvent's id never changes, so
a receiver that saw it before (our answer lost on the way back, a worker stopped mid-send) recognises it.
One attempt holds the row's lock (``skip_locked``: two workers never send the same row at once) and checks it
is due, so a task delivered twice, or the pick-up running beside a retry, sends nothing twice in a row.

After a failure the next attempt waits API_DELIVERY_RETRY_SECONDS, doubling each time up to an hour (or the
receiver's Retry-After, within that hour). A receiver that refuses the event (a 4xx other than 408/425/429),
or one still failing API_DELIVERY_GIVE_UP_HOURS after the event was made, makes the row FAILED and the
functional administrators are told; they send it again from /beheer/ once the receiver is fixed.
"""

import datetime as dt
import json
import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from accounts.services import notify, role_holders
from api.models import Delivery

logger = logging.getLogger(__name__)

RETRY_CAP = dt.timedelta(hours=1)
# Answers after which the same request may well be taken later: wait and try again.
RETRYABLE_STATUSES = frozenset({408, 425, 429})
CONTENT_TYPE = "application/cloudevents+json; charset=utf-8"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """An endpoint that redirects is misconfigured: the event is not sent on to wherever it points."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


class Answer:
    """What one POST came to: delivered, or not (and whether trying again may help)."""

    def __init__(self, *, ok: bool, retry: bool = False, error: str = "", wait: int | None = None, body=b""):
        self.ok, self.retry, self.error, self.wait = ok, retry, error, wait
        self.interaction_id = ""
        if ok:
            try:
                found = json.loads(body or b"{}").get("interactieId", "")
            except (ValueError, AttributeError):
                found = ""
            self.interaction_id = str(found)[:200] if isinstance(found, str | int) else ""


def _retry_after(headers) -> int | None:
    """Seconds the receiver asks us to wait (the seconds form only), at most the cap."""
    value = str((headers or {}).get("Retry-After", "")).strip()
    if not value.isdigit():
        return None
    return min(int(value[:9]), int(RETRY_CAP.total_seconds()))


def post(url: str, cloudevent: dict) -> Answer:
    """POST the CloudEvent in structured mode (the chain's generic ``/events``); never raises."""
    schemes = ("https://",) if settings.API_DELIVERY_HTTPS_ONLY else ("https://", "http://")
    if not url.lower().startswith(schemes):
        return Answer(ok=False, error=_("The endpoint is not an address Zicht may send to (https)."))
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
        url,
        data=json.dumps(cloudevent, ensure_ascii=False).encode(),
        method="POST",
        headers={"Content-Type": CONTENT_TYPE, "Accept": "application/json", "User-Agent": "Zicht"},
    )
    try:
        with _opener.open(request, timeout=settings.API_DELIVERY_TIMEOUT_SECONDS) as response:
            return Answer(ok=True, body=response.read(10_000))
    except urllib.error.HTTPError as error:
        status = error.code
        retry = status in RETRYABLE_STATUSES or status >= 500
        return Answer(ok=False, retry=retry, error=f"HTTP {status}", wait=_retry_after(error.headers))
    except (urllib.error.URLError, OSError, ValueError) as error:
        # Refused, unreachable, timed out, or an answer that broke off: the receiver may be back later.
        reason = getattr(error, "reason", error)
        return Answer(ok=False, retry=True, error=f"{type(error).__name__}: {reason}"[:500])


def retry_delay(attempts: int, wait: int | None = None) -> dt.timedelta:
    """How long to wait after the ``attempts``-th failure: doubling from the setting, at most an hour."""
    base = dt.timedelta(seconds=settings.API_DELIVERY_RETRY_SECONDS)
    delay = min(base * 2 ** max(attempts - 1, 0), RETRY_CAP)
    if wait is not None:
        delay = min(max(delay, dt.timedelta(seconds=wait)), RETRY_CAP)
    return delay


def _tell_administrators(delivery: Delivery) -> None:
    notify(
        users=role_holders(Role.ADMIN),
        text=_(
            "An event for %(client)s could not be delivered (%(error)s). Check the endpoint and send it "
            "again."
        )
        % {"client": delivery.client.name, "error": delivery.last_error},
        link=reverse("admin:api_delivery_change", args=[delivery.pk]),
    )


def attempt(delivery_id: int, *, now: dt.datetime | None = None) -> Delivery | None:
    """Try one due, pending delivery once; returns it (updated), or None when it was not ours to send."""
    now = now or timezone.now()
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("event", "client")
            .filter(pk=delivery_id, state=Delivery.State.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if delivery is None:
            return None
        client = delivery.client
        delivery.attempts += 1
        delivery.last_attempt_at = now
        if not client.is_active or not client.endpoint_url:
            delivery.state = Delivery.State.CANCELLED
            delivery.last_error = _("The client was switched off or has no endpoint.")
            delivery.next_attempt_at = None
        else:
            answer = post(client.endpoint_url, delivery.event.cloudevent)
            if answer.ok:
                delivery.state = Delivery.State.DELIVERED
                delivery.delivered_at = timezone.now()
                delivery.interaction_id = answer.interaction_id
                delivery.last_error = ""
                delivery.next_attempt_at = None
            else:
                delivery.last_error = answer.error
                give_up = dt.timedelta(hours=settings.API_DELIVERY_GIVE_UP_HOURS)
                if answer.retry and now < delivery.retry_from + give_up:
                    delivery.next_attempt_at = now + retry_delay(delivery.attempts, answer.wait)
                else:
                    delivery.state = Delivery.State.FAILED
                    delivery.next_attempt_at = None
                    _tell_administrators(delivery)
        delivery.save()
    if delivery.state == Delivery.State.PENDING:
        logger.info("Delivery %s failed (%s); next attempt at %s", delivery.pk, delivery.last_error,
                    delivery.next_attempt_at)  # fmt: skip
    return delivery


def due(*, now: dt.datetime | None = None, limit: int = 200) -> list[int]:
    """Pending deliveries whose time has come, oldest first."""
    return list(
        Delivery.objects.filter(state=Delivery.State.PENDING, next_attempt_at__lte=now or timezone.now())
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
