import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """The record of what the functional admin changed on a user's account (issue 12)."""

    dependencies = [
        ("accounts", "0005_rule_settings"),
    ]

    operations = [
        migrations.CreateModel(
            name="UserChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="when")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("created", "Account created"),
                            ("changed", "Account changed"),
                            ("password_link", "Link to set the password sent"),
                        ],
                        max_length=16,
                        verbose_name="kind",
                    ),
                ),
                ("fields", models.JSONField(blank=True, default=list)),
                ("detail", models.JSONField(blank=True, default=dict)),
                (
                    "by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="changed by",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="admin_changes",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            options={
                "verbose_name": "account change",
                "verbose_name_plural": "account changes",
                "ordering": ["-at", "-pk"],
            },
        ),
    ]
