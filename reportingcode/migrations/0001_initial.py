# The meldcode models moved here from the cases app (issue 13). Their tables keep their names, so this
# migration only changes Django's state: no table is created, and cases 0011_reportingcode_moved drops the
# old models from the cases app's state.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cases", "0010_flags_moved"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name="ReportingCodeStep",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("step", models.PositiveSmallIntegerField(choices=[(1, "1. Map the signals"), (2, "2. Peer consultation (and advice from Veilig Thuis if needed)"), (3, "3. Conversation with the person(s) concerned"), (4, "4. Weigh the risk, nature and severity"), (5, "5. Decide: organise help and/or report")])),
                ("done_on", models.DateField(verbose_name="date")),
                ("performed_by", models.CharField(max_length=200, verbose_name="who")),
                ("note", models.TextField(blank=True, verbose_name="note")),
                ("recorded_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("case", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="reporting_code_steps", to="cases.case")),
                ("recorded_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "db_table": "cases_reportingcodestep",
                "ordering": ["step"],
                "constraints": [models.UniqueConstraint(fields=("case", "step"), name="reporting_code_step_unique")],
            },
        ),
        migrations.CreateModel(
            name="ReportingCodeDecision",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("reporting_required", models.BooleanField(verbose_name="Is reporting necessary?")),
                ("reporting_rationale", models.TextField(verbose_name="why")),
                ("own_help_possible", models.BooleanField(verbose_name="Is providing or organising help ourselves (also) possible?")),
                ("own_help_rationale", models.TextField(verbose_name="why")),
                ("decided_on", models.DateField(verbose_name="date")),
                ("case", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="reporting_code_decision", to="cases.case")),
                ("decided_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "db_table": "cases_reportingcodedecision",
            },
        ),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations)]
