# Flag (from cases) and RuleSetting (from accounts) moved here (issue 13). Their tables keep their names,
# indexes and constraints, so this migration only changes Django's state: no table is created, and
# cases 0010_flags_moved and accounts 0008_rule_setting_moved drop the old models from their apps' state.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cases", "0009_measures_moved"),
        ("accounts", "0007_access_event_moved"),
        ("referrals", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name="Flag",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("rule", models.CharField(max_length=10, verbose_name="rule")),
                ("severity", models.PositiveSmallIntegerField(choices=[(1, "Attention"), (2, "Warning"), (3, "Urgent")])),
                ("opened_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("facts", models.JSONField(default=dict)),
                ("resolved_at", models.DateTimeField(blank=True, null=True)),
                ("acknowledged_at", models.DateTimeField(blank=True, null=True)),
                ("acknowledgement", models.TextField(blank=True)),
                ("snoozed_until", models.DateField(blank=True, null=True)),
                ("snooze_reason", models.TextField(blank=True)),
                ("notified_at", models.DateTimeField(blank=True, null=True)),
                ("acknowledged_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("case", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="flags", to="cases.case")),
                ("referral", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="flags", to="referrals.referral")),
            ],
            options={
                "db_table": "cases_flag",
                "indexes": [
                    models.Index(fields=["rule", "resolved_at"], name="flag_rule_open"),
                    models.Index(condition=models.Q(("resolved_at__isnull", True)), fields=["case"], name="flag_case_open"),
                ],
                "constraints": [
                    models.UniqueConstraint(condition=models.Q(("case__isnull", False), ("resolved_at__isnull", True)), fields=("rule", "case"), name="flag_open_case"),
                    models.UniqueConstraint(condition=models.Q(("referral__isnull", False), ("resolved_at__isnull", True)), fields=("rule", "referral"), name="flag_open_referral"),
                ],
            },
        ),
        migrations.CreateModel(
            name="RuleSetting",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("rule", models.CharField(max_length=10, verbose_name="rule")),
                ("threshold", models.PositiveIntegerField(verbose_name="threshold")),
                ("enabled", models.BooleanField(default=True, verbose_name="in use")),
                ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="rule_settings", to="accounts.organisation")),
            ],
            options={
                "verbose_name": "rule setting",
                "verbose_name_plural": "rule settings",
                "db_table": "accounts_rulesetting",
                "constraints": [models.UniqueConstraint(fields=("rule", "organisation"), name="rule_setting_unique")],
            },
        ),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[])]
