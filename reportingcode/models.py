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
    """The step-5 decision (domain.md §2.2): the five afwegingen answered one by one, and what follows.

    Whether reporting is required and whether own help is possible follow from the answers (weigh()); they
    are stored too, so records made before the afwegingen were asked one by one (only the two questions and
    their free text) still read the same.
    """

    class Outcome(models.TextChoices):
        CLOSE = "close", _("No report, no own help needed: record and close")
        OWN_HELP = "own_help", _("Organise help ourselves")
        REPORT = "report", _("Report to Veilig Thuis")
        REPORT_AND_OWN_HELP = "report_and_own_help", _("Report to Veilig Thuis and keep helping")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="reporting_code_decision")
    reporting_required = models.BooleanField(_("Is reporting necessary?"))
    reporting_rationale = models.TextField(_("why"), blank=True)
    own_help_possible = models.BooleanField(_("Is providing or organising help ourselves (also) possible?"))
    own_help_rationale = models.TextField(_("why"), blank=True)
    decided_on = models.DateField(_("date"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Steps 2-4 that were not recorded when the decision was taken, and why (e.g. acute danger).
    skipped_steps = models.JSONField(default=list, blank=True)
    skipped_reason = models.TextField(_("why steps were skipped"), blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        db_table = "cases_reportingcodedecision"

    @property
    def outcome(self) -> "ReportingCodeDecision.Outcome":
        if self.reporting_required:
            return self.Outcome.REPORT_AND_OWN_HELP if self.own_help_possible else self.Outcome.REPORT
        return self.Outcome.OWN_HELP if self.own_help_possible else self.Outcome.CLOSE

    @property
    def skipped_steps_text(self) -> str:
        """The skipped steps as people write them: "2–4", "3–4", "3", "2, 4"."""
        steps = sorted(self.skipped_steps)
        if len(steps) > 1 and steps == list(range(steps[0], steps[-1] + 1)):
            return f"{steps[0]}–{steps[-1]}"
        return ", ".join(str(step) for step in steps)


class Weighing(models.Model):
    """One afweging of the afwegingskader (domain.md §2.2), answered yes or no, with its explanation."""

    class Question(models.IntegerChoices):
        SUSPICION = 1, _("1. Is there a suspicion of (the threat of) domestic violence or child abuse?")
        UNSAFETY = 2, _("2. Is there acute and/or structural unsafety?")
        HELP_POSSIBLE = 3, _("3. Can you provide or organise sufficiently effective help?")
        HELP_ACCEPTED = 4, _("4. Do the people concerned accept the help and commit to it?")
        RESULTS = (
            5,
            _("5. Does the help reach the results needed for safety and wellbeing within the desired term?"),
        )

    decision = models.ForeignKey(ReportingCodeDecision, on_delete=models.CASCADE, related_name="weighings")
    question = models.PositiveSmallIntegerField(choices=Question.choices)
    answer = models.BooleanField()
    explanation = models.TextField()

    class Meta:
        ordering = ["question"]
        constraints = [models.UniqueConstraint(fields=["decision", "question"], name="weighing_unique")]


# Per afweging: the answer that settles the decision there, and whether reporting then is required.
# 1 no: close and record; 2 yes: report (3-5 are walked through with Veilig Thuis); 3, 4 or 5 no: report.
# All five answered without a settling answer (5 yes): no report, own help with agreements on follow-up.
_SETTLES = {1: (False, False), 2: (True, True), 3: (False, True), 4: (False, True), 5: (False, True)}


def weigh(answers: dict[int, bool]) -> tuple[bool | None, int | None]:
    """Walk the afwegingen in order: (is reporting required, the first question still to answer).

    While a question that matters is unanswered, the first is None and the second names it.
    """
    for question in Weighing.Question.values:
        if question not in answers:
            return None, question
        settling_answer, report = _SETTLES[question]
        if answers[question] == settling_answer:
            return report, None
    return False, None


def own_help_possible(answers: dict[int, bool]) -> bool:
    """Help of our own is possible when we can give it (3) and it is not refused (4)."""
    return answers.get(1) is True and answers.get(3) is True and answers.get(4) is not False
