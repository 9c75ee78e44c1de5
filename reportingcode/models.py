"""The meldcode record of a case (domain.md §2): the professional's five steps and the step-5 decision.

The tables keep the names they had in the cases app (issue 13), so no data moved.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case


class ReportingCodeStep(models.Model):
    """One of the five steps of the meldcode (domain.md §2), as recorded on a case."""

    class Step(models.IntegerChoices):
        SIGNALS = 1, _("1. Map the signals")
        CONSULTATION = 2, _("2. Peer consultation (and advice from Veilig Thuis if needed)")
        CONVERSATION = 3, _("3. Conversation with the person(s) concerned")
        WEIGH = 4, _("4. Weigh the risk, nature and severity")
        DECIDE = 5, _("5. Decide: organise help and/or report")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reporting_code_steps")
    step = models.PositiveSmallIntegerField(choices=Step.choices)
    done_on = models.DateField(_("date"))
    performed_by = models.CharField(_("who"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "cases_reportingcodestep"
        ordering = ["step"]
        constraints = [models.UniqueConstraint(fields=["case", "step"], name="reporting_code_step_unique")]


class ReportingCodeDecision(models.Model):
    """The step-5 decision: the two questions of the afwegingskader (domain.md §2.2)."""

    class Outcome(models.TextChoices):
        CLOSE = "close", _("No report, no own help needed: record and close")
        OWN_HELP = "own_help", _("Organise help ourselves")
        REPORT = "report", _("Report to Veilig Thuis")
        REPORT_AND_OWN_HELP = "report_and_own_help", _("Report to Veilig Thuis and keep helping")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="reporting_code_decision")
    reporting_required = models.BooleanField(_("Is reporting necessary?"))
    reporting_rationale = models.TextField(_("why"))
    own_help_possible = models.BooleanField(_("Is providing or organising help ourselves (also) possible?"))
    own_help_rationale = models.TextField(_("why"))
    decided_on = models.DateField(_("date"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        db_table = "cases_reportingcodedecision"

    @property
    def outcome(self) -> "ReportingCodeDecision.Outcome":
        if self.reporting_required:
            return self.Outcome.REPORT_AND_OWN_HELP if self.own_help_possible else self.Outcome.REPORT
        return self.Outcome.OWN_HELP if self.own_help_possible else self.Outcome.CLOSE
