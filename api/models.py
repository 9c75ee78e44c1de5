"""The chain's systems that talk to Zicht: API clients per organisation, the Meldingen they sent, and the
table outcomes Zicht makes available to them (who may read which, and the outbox of CloudEvents)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tables import jzv


class ApiClient(models.Model):
    """A system of one organisation (a Veilig Thuis registration system, say) with its own token.

    Its calls act as ``user``: a technical account of the organisation with the role its scope needs, so an
    API call goes through the same services, permission checks and access log as a person in the browser.
    The token itself is never stored: only its SHA-256 and its first characters (to recognise it).
    """

    class Scope(models.TextChoices):
        INTAKE = "intake", _("Send handovers (Melding)")
        OUTCOMES = "outcomes", _("Receive table outcomes (Uitkomst Overleg)")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="api_clients",
        verbose_name=_("organisation"),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("Which system this is, e.g. its product name.")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_client", editable=False
    )
    scope = models.CharField(_("what it may do"), max_length=20, choices=Scope.choices, default=Scope.INTAKE)
    token_prefix = models.CharField(_("token starts with"), max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, editable=False
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    # Where Zicht offers this organisation's CloudEvents (POST, the chain's generic /events), for a client
    # that receives outcomes.
    endpoint_url = models.URLField(
        _("event endpoint"),
        max_length=500,
        blank=True,
        help_text=_("Only for a client that receives outcomes: the address its system takes CloudEvents at."),
    )

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class Intake(models.Model):
    """A Melding an organisation sent, by its own id: the same id posted again finds the same handover."""

    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="intakes")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    sender_id = models.CharField(max_length=100)  # the Melding's registratienummer
    # SHA-256 of the document as received (canonical JSON): the same id with other content is refused.
    document_hash = models.CharField(max_length=64)
    referral = models.OneToOneField("referrals.Referral", on_delete=models.PROTECT, related_name="intake")
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "sender_id"], name="intake_one_per_sender_id")
        ]


class OutcomeRecipient(models.Model):
    """An organisation entitled to a table outcome, fixed when it is recorded (api.outcomes.recipients_of).

    Entitlement is the organisation's, not a client's: a client it makes later reads the outcome too.
    """

    outcome = models.ForeignKey("tables.Outcome", on_delete=models.CASCADE, related_name="recipients")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    # Why: "veilig_thuis" (it handed the family over), "investigation" (the Raad investigates), "director".
    reason = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["outcome", "organisation"], name="outcome_recipient_once")
        ]


class OutboundEvent(models.Model):
    """A CloudEvent Zicht puts out, frozen as it was made: its id stays the same however often it is sent."""

    class Type(models.TextChoices):
        AVAILABLE = jzv.EVENT_TYPE, _("Outcome made available")
        READ = jzv.READ_EVENT_TYPE, _("Outcome read")

    event_id = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    type = models.CharField(_("type"), max_length=100, choices=Type.choices)
    outcome = models.ForeignKey("tables.Outcome", on_delete=models.PROTECT, related_name="+")
    # For an "ingezien" event: the organisation that read.
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cloudevent = models.JSONField()
    created_at = models.DateTimeField(_("made"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.event_id}"


class Delivery(models.Model):
    """One event to one client's endpoint: the transactional outbox row Celery works off (api.delivery)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed: needs attention")
        CANCELLED = "cancelled", _("Not sent")

    event = models.ForeignKey(OutboundEvent, on_delete=models.PROTECT, related_name="deliveries")
    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="deliveries")
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True, default=timezone.now)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    # The give-up time counts from here: when the event was made, or when it was sent again by hand.
    retry_from = models.DateTimeField(default=timezone.now, editable=False)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    # What the receiver calls its handling of the event (AcceptatieResponse.interactieId), if it said.
    interaction_id = models.CharField(_("interaction id"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["event", "client"], name="delivery_once_per_client")]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="delivery_due",
                condition=models.Q(state="pending"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.client}"
