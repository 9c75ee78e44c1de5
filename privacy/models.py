"""The family's rights and the file's end (domain.md §6): requests for inzage, correction and objection
with their legal deadline; retention holds; the reviewed destruction of files past their term, and the
record of what was destroyed (no names).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RightsRequest(models.Model):
    """A request of a person about their file: a copy (inzage), a correction, or an objection (AVG art. 15,
    16, 21; Jeugdwet 7.3.10). Answered within a month of receipt, extendable once with a reason."""

    class Kind(models.TextChoices):
        INZAGE = "inzage", _("Inspection and copy")
        CORRECTION = "correction", _("Correction")
        OBJECTION = "objection", _("Objection")

    class Requester(models.TextChoices):
        SELF = "self", _("The person themselves")
        PARENT = "parent", _("A parent with parental authority")
        GUARDIAN = "guardian", _("The guardian (voogd)")
        REPRESENTATIVE = "representative", _("A curator or mentor")
        OTHER = "other", _("Someone else, with consent")

    class Outcome(models.TextChoices):
        GRANTED = "granted", _("Granted")
        PARTLY = "partly", _("Partly granted")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    kind = models.CharField(_("kind of request"), max_length=20, choices=Kind.choices)
    person = models.ForeignKey(
        "cases.Person", on_delete=models.PROTECT, related_name="rights_requests", verbose_name=_("about")
    )
    # Corrections and objections concern one file; a copy covers every file of the person.
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rights_requests",
        verbose_name=_("case"),
    )
    requester = models.CharField(_("asked by"), max_length=20, choices=Requester.choices)
    requester_name = models.CharField(_("name of who asked"), max_length=200, blank=True)
    consent_given = models.BooleanField(_("the young person consented"), default=False)
    details = models.TextField(_("what is asked"), blank=True)
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("answer due"))
    extended_to = models.DateField(_("extended to"), null=True, blank=True)
    extension_reason = models.TextField(_("why more time is needed"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    # Inzage: the copy made and handed over (after the third-party information was reviewed).
    copy_made_at = models.DateTimeField(null=True, blank=True)
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)
    handed_over_how = models.CharField(_("how"), max_length=200, blank=True)
    third_parties_reviewed = models.BooleanField(_("third-party information reviewed"), default=False)
    # Every kind: the answer.
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("explanation"), blank=True)
    decided_on = models.DateField(_("answered on"), null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)  # when it was recorded
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("rights request")
        verbose_name_plural = _("rights requests")
        indexes = [models.Index(fields=["decided_on", "due_on"], name="rightsrequest_open_due")]

    @property
    def deadline(self):
        return self.extended_to or self.due_on

    @property
    def is_open(self) -> bool:
        return self.decided_on is None

    def is_late(self, today) -> bool:
        return self.decided_on is None and self.deadline < today


class RetentionHold(models.Model):
    """A reason to keep a closed file past its term: a running procedure, or a request of the family."""

    class Reason(models.TextChoices):
        PROCEDURE = "procedure", _("A running procedure (complaint, court, investigation)")
        FAMILY = "family", _("A request of the family")
        CARE = "care", _("Needed for careful help")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="retention_holds")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("explanation"))
    until = models.DateField(_("keep until"), null=True, blank=True, help_text=_("Empty: until lifted."))
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(default=timezone.now, editable=False)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("retention hold")
        verbose_name_plural = _("retention holds")


class DestructionReview(models.Model):
    """A closed file past its term, waiting for two people to confirm its destruction (four eyes)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a first confirmation")
        CONFIRMED_ONCE = "confirmed_once", _("Waiting for a second confirmation")
        DESTROYED = "destroyed", _("Destroyed")
        KEPT = "kept", _("Kept")
        WITHDRAWN = "withdrawn", _("No longer due")

    OPEN = (Status.PENDING, Status.CONFIRMED_ONCE)

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="destruction_reviews")
    due_on = models.DateField(_("term ended on"))
    listed_at = models.DateTimeField(default=timezone.now, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    first_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    first_at = models.DateTimeField(null=True, blank=True)
    second_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    second_at = models.DateTimeField(null=True, blank=True)
    closed_note = models.TextField(blank=True)  # why it was kept or withdrawn
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("destruction review")
        verbose_name_plural = _("destruction reviews")
        constraints = [
            # The weekly sweep may run twice: a file is on the list once.
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status__in=["pending", "confirmed_once"]),
                name="destructionreview_one_open_per_case",
            )
        ]


class DestructionRecord(models.Model):
    """What was destroyed, when and by whom: no names, no content (the case number stays, as in the log)."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="destruction")
    review = models.OneToOneField(DestructionReview, on_delete=models.PROTECT, related_name="record")
    closed_on = models.DateField()
    term_ended_on = models.DateField()
    destroyed_at = models.DateTimeField(default=timezone.now, editable=False)
    first_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    second_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # What was removed, counted per kind of data: {"contacts": 12, "persons": 3, ...}.
    removed = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("destruction record")
        verbose_name_plural = _("destruction records")
