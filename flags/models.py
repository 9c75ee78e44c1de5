"""Signals on stalled cases, and each organisation's own rule thresholds.

Both tables were made by other apps (cases_flag, accounts_rulesetting) and keep their names, indexes and
constraints: the models moved here without data moving (migrations 0001 here, cases 0010, accounts 0008).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.rules import Severity

__all__ = ["Flag", "RuleSetting", "Severity"]


class Flag(models.Model):
    """A stalled-case rule matching a case (or a handover not on a case yet). Opens and resolves itself."""

    rule = models.CharField(_("rule"), max_length=10)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="flags"
    )
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.CASCADE, null=True, blank=True, related_name="flags"
    )
    severity = models.PositiveSmallIntegerField(choices=Severity.choices)
    opened_at = models.DateTimeField(default=timezone.now)
    facts = models.JSONField(default=dict)
    resolved_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledgement = models.TextField(blank=True)
    snoozed_until = models.DateField(null=True, blank=True)
    snooze_reason = models.TextField(blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "cases_flag"
        constraints = [
            # Two evaluations at once, or a task delivered twice, never open a second flag.
            models.UniqueConstraint(
                fields=["rule", "case"],
                condition=Q(resolved_at__isnull=True, case__isnull=False),
                name="flag_open_case",
            ),
            models.UniqueConstraint(
                fields=["rule", "referral"],
                condition=Q(resolved_at__isnull=True, referral__isnull=False),
                name="flag_open_referral",
            ),
        ]
        indexes = [
            models.Index(fields=["rule", "resolved_at"], name="flag_rule_open"),
            # Caseloads count each case's open flags: by case, among the open ones.
            models.Index(fields=["case"], condition=Q(resolved_at__isnull=True), name="flag_case_open"),
        ]


class RuleSetting(models.Model):
    """An organisation's own threshold for a stalled-case rule, or the rule switched off."""

    rule = models.CharField(_("rule"), max_length=10)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="rule_settings"
    )
    threshold = models.PositiveIntegerField(_("threshold"))
    enabled = models.BooleanField(_("in use"), default=True)

    class Meta:
        db_table = "accounts_rulesetting"
        verbose_name = _("rule setting")
        verbose_name_plural = _("rule settings")
        constraints = [models.UniqueConstraint(fields=["rule", "organisation"], name="rule_setting_unique")]

    def __str__(self) -> str:
        return f"{self.rule} · {self.organisation}"
