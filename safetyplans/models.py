"""The safety plan (veiligheidsplan), agreed with the family, in versions (domain.md §5)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SafetyPlan(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AGREED = "agreed", _("Agreed")
        SUPERSEDED = "superseded", _("Superseded")

    class AgreedHow(models.TextChoices):
        IN_PERSON = "in_person", _("In person, in a conversation")
        SIGNED = "signed", _("Signed on paper")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="safety_plans")
    number = models.PositiveIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    based_on = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    made_by = models.TextField(_("who made this plan"), blank=True)
    conditions = models.JSONField(_("Veilig Thuis safety conditions"), default=list, blank=True)
    family_goals = models.TextField(_("the family's own goals"), blank=True)
    strengths = models.TextField(_("what is going well"), blank=True)
    supervisor = models.CharField(_("who supervises the agreements"), max_length=200, blank=True)
    evaluation_on = models.DateField(_("evaluation date"), null=True, blank=True)
    evaluation_with = models.CharField(_("evaluation with"), max_length=300, blank=True)
    child_section = models.TextField(_("the children's part, in their own words"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agreed_how = models.CharField(max_length=12, choices=AgreedHow.choices, blank=True)
    agreed_with = models.CharField(_("agreed with"), max_length=300, blank=True)
    # Optimistic locking for drafts: two people editing, the second save is refused.
    edit_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="plan_version_unique"),
            models.UniqueConstraint(fields=["case"], condition=Q(state="draft"), name="plan_one_draft"),
            models.UniqueConstraint(fields=["case"], condition=Q(state="agreed"), name="plan_one_agreed"),
        ]

    def __str__(self) -> str:
        return f"{self.case} v{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT


class Worry(models.Model):
    """A danger statement with its safety goal: who worries about what, and what safe enough looks like."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="worries")
    position = models.PositiveSmallIntegerField(default=0)
    who_worried = models.CharField(_("who is worried"), max_length=200)
    behaviour = models.TextField(_("about what behaviour"))
    consequence = models.TextField(_("what will happen to the child if nothing changes"))
    goal = models.TextField(_("safety goal: what everyone will see when it is safe enough"))
    goal_duration = models.CharField(_("for how long"), max_length=200)

    class Meta:
        ordering = ["position", "pk"]


class Agreement(models.Model):
    """Who does what, when and how often: concrete and checkable."""

    worry = models.ForeignKey(Worry, on_delete=models.CASCADE, related_name="agreements")
    position = models.PositiveSmallIntegerField(default=0)
    who = models.CharField(_("who"), max_length=200)
    what = models.TextField(_("does what"))
    when = models.CharField(_("when and how often"), max_length=200)

    class Meta:
        ordering = ["position", "pk"]


class NetworkMember(models.Model):
    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="network")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=200)
    relation = models.CharField(_("relation"), max_length=100)
    phone = models.CharField(_("phone"), max_length=40)
    role = models.CharField(_("role in the plan"), max_length=200, blank=True)
    child_can_call = models.BooleanField(_("the child can call"), default=False)

    class Meta:
        ordering = ["position", "pk"]


class EmergencyStep(models.Model):
    """What to do when things go wrong: a signal, what happens, who to call."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="emergency_steps")
    position = models.PositiveSmallIntegerField(default=0)
    signal = models.CharField(_("signal"), max_length=300)
    action = models.CharField(_("what happens"), max_length=300)
    call = models.CharField(_("who to call"), max_length=200)

    class Meta:
        ordering = ["position", "pk"]


class ScaleScore(models.Model):
    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="scores")
    position = models.PositiveSmallIntegerField(default=0)
    participant = models.CharField(_("participant"), max_length=200)
    score = models.PositiveSmallIntegerField(
        _("safety scale"), validators=[MinValueValidator(0), MaxValueValidator(10)]
    )

    class Meta:
        ordering = ["position", "pk"]


class Evaluation(models.Model):
    plan = models.ForeignKey(SafetyPlan, on_delete=models.PROTECT, related_name="evaluations")
    evaluated_on = models.DateField(_("date"))
    with_whom = models.CharField(_("with whom"), max_length=300)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    # New scale scores given at the evaluation: [{"participant": "Moeder", "score": 7}, ...]
    scores = models.JSONField(default=list)

    class Meta:
        ordering = ["-evaluated_on", "-pk"]


class GoalResult(models.Model):
    class Result(models.TextChoices):
        MET = "met", _("Met")
        PARTLY = "partly", _("Partly met")
        NOT_MET = "not_met", _("Not met")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="results")
    worry = models.ForeignKey(Worry, on_delete=models.PROTECT, related_name="results")
    result = models.CharField(max_length=10, choices=Result.choices)
