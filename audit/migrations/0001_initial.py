# AccessEvent moved here from accounts (issue 13). Its table keeps its name (accounts_accessevent), its index
# and its append-only trigger (accounts 0004), so this migration only changes Django's state: no table is
# created, and accounts 0007_access_event_moved drops the old model from the accounts app's state.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0006_admin_changes"),
        ("cases", "0008_phase_change_by_zicht"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name="AccessEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="when")),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("view", "Viewed"),
                            ("list", "Listed"),
                            ("search", "Searched"),
                            ("create", "Created"),
                            ("update", "Changed"),
                            ("export", "Exported"),
                            ("print", "Printed"),
                            ("emergency", "Emergency access"),
                        ],
                        max_length=16,
                        verbose_name="action",
                    ),
                ),
                ("object_ref", models.CharField(blank=True, max_length=100, verbose_name="object")),
                ("reason", models.TextField(blank=True, verbose_name="reason")),
                ("detail", models.JSONField(blank=True, default=dict)),
                ("request_id", models.CharField(blank=True, max_length=64)),
                (
                    "case",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="access_events",
                        to="cases.case",
                        verbose_name="case",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.organisation",
                        verbose_name="on behalf of",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="access_events",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="who",
                    ),
                ),
            ],
            options={
                "verbose_name": "access event",
                "verbose_name_plural": "access events",
                "db_table": "accounts_accessevent",
                "indexes": [models.Index(fields=["case", "-at"], name="accessevent_case_at")],
            },
        ),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[])]
