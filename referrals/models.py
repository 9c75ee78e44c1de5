"""The Veilig Thuis handover (overdracht): a referral from Veilig Thuis to a local team."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Relation
from core.names import full_name


class OutcomeCode(models.TextChoices):
    """Outcome of the safety assessment, after VNG Realisatie's JZV Meldingen (domain.md §1.2)."""

    VT_01_01 = "VT-01-01", _("VT-01-01 Safety assessment: follow-up by Veilig Thuis")
    VT_01_02 = "VT-01-02", _("VT-01-02 Safety assessment: handover")
    VT_01_04 = "VT-01-04", _("VT-01-04 Safety assessment: regional tailored work by Veilig Thuis")
    VT_02 = "VT-02", _("VT-02 Handover")


class Urgency(models.TextChoices):
    ACUTE = "acute", _("Acute: contact the family today")
    HIGH = "high", _("High: within a few days")
    NORMAL = "normal", _("Normal")


class Referral(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned to Veilig Thuis")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # One per form shown: a second POST of the same form (double click, refresh) finds this row.
    form_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    reference = models.CharField(_("Veilig Thuis reference"), max_length=40)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("Veilig Thuis"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals"
    )
    receiving_team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="referrals", verbose_name=_("receiving team")
    )
    what_happened = models.TextField(_("what happened"))
    since = models.CharField(_("since when"), max_length=200, blank=True)
    # Who reported: Veilig Thuis keeps this to itself (domain.md §1.1).
    reporter = models.CharField(_("reporter"), max_length=200, blank=True)
    outcome_code = models.CharField(
        _("outcome of the safety assessment"), max_length=10, choices=OutcomeCode.choices
    )
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    street = models.CharField(_("street"), max_length=200)
    house_number = models.CharField(_("house number"), max_length=20)
    postcode = models.CharField(_("postcode"), max_length=7)
    city = models.CharField(_("place"), max_length=100)
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The case it became part of: set on acceptance, or on sending when the family already has an open case.
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    warm_handover_at = models.DateTimeField(_("warm handover planned at"), null=True, blank=True)
    monitoring_ends_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        indexes = [
            models.Index(fields=["receiving_team", "state"], name="referral_inbox"),
            models.Index(fields=["organisation", "state"], name="referral_outbox"),
        ]

    def __str__(self) -> str:
        return self.reference


class ReferralPerson(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="persons")
    given_name = models.CharField(_("first name"), max_length=100)
    surname_prefix = models.CharField(_("prefix"), max_length=20, blank=True)
    surname = models.CharField(_("surname"), max_length=100)
    birth_date = models.DateField(_("date of birth"))
    bsn = models.CharField(_("BSN"), max_length=9, blank=True)
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    # Set on acceptance: the Zicht person this entry became.
    person = models.ForeignKey(
        "cases.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    @property
    def full_name(self) -> str:
        return full_name(self.given_name, self.surname_prefix, self.surname)


class SafetyCondition(models.Model):
    """A veiligheidsvoorwaarde: what at least must happen for the children to be safe now."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="conditions")
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="safety_conditions"
    )
    text = models.TextField(_("condition"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]


class MonitoringMoment(models.Model):
    class Result(models.TextChoices):
        MET = "met", _("Conditions met")
        PARTLY = "partly", _("Partly met")
        NOT_MET = "not_met", _("Not met")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="monitoring_moments")
    months_after_acceptance = models.PositiveSmallIntegerField(_("months after acceptance"))
    is_default = models.BooleanField(default=False)
    due_on = models.DateField(null=True, blank=True)  # set on acceptance
    result = models.CharField(max_length=10, choices=Result.choices, blank=True)
    note = models.TextField(blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Why the result was recorded well before the moment's date (services.monitoring_is_early).
    early_reason = models.TextField(_("why recorded early"), blank=True)

    class Meta:
        ordering = ["months_after_acceptance"]


class ReferralEvent(models.Model):
    """What happened to a referral, for both sides to see: sent, forwarded, returned, accepted, withdrawn."""

    class Kind(models.TextChoices):
        SENT = "sent", _("Sent")
        FORWARDED = "forwarded", _("Forwarded to another team")
        RETURNED = "returned", _("Returned with a question")
        ACCEPTED = "accepted", _("Accepted")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        WARM_HANDOVER = "warm_handover", _("Warm handover planned")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # FORWARDED: the team it left (``team`` is where it went), so both teams and Veilig Thuis see the trace.
    from_team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=["forwarded", "returned", "withdrawn"]) | ~Q(reason=""),
                name="referral_event_reason_required",
            )
        ]
