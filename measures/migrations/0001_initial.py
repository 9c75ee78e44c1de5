# The measure models moved here from the cases app (issue 13). Their tables keep their names, so this
# migration only changes Django's state: no table is created, and cases 0009_measures_moved drops the old
# models from the cases app's state.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cases", "0008_phase_change_by_zicht"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name="Measure",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("interim_supervision", "Interim supervision order (voorlopige OTS)"), ("supervision", "Supervision order (OTS)"), ("placement", "Out-of-home placement authorisation (machtiging uithuisplaatsing)"), ("guardianship", "Termination of parental authority / guardianship")], max_length=24, verbose_name="measure")),
                ("court", models.CharField(max_length=200, verbose_name="court")),
                ("decided_on", models.DateField(verbose_name="date of the decision")),
                ("starts_on", models.DateField(verbose_name="starts on")),
                ("ends_on", models.DateField(blank=True, null=True, verbose_name="ends on")),
                ("ended_on", models.DateField(blank=True, null=True, verbose_name="ended on")),
                ("end_reason", models.TextField(blank=True, verbose_name="why it ended")),
                ("recorded_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("case", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="measures", to="cases.case")),
                ("children", models.ManyToManyField(related_name="measures", to="cases.person", verbose_name="children")),
                ("gi_organisation", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="accounts.organisation", verbose_name="certified institution")),
                ("gi_worker", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="child protection worker")),
                ("recorded_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "db_table": "cases_measure",
                "ordering": ["-starts_on", "-pk"],
                "indexes": [models.Index(fields=["kind", "ends_on"], name="measure_kind_end")],
            },
        ),
        migrations.CreateModel(
            name="MeasureExtension",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("decided_on", models.DateField(verbose_name="date of the decision")),
                ("previous_ends_on", models.DateField()),
                ("new_ends_on", models.DateField(verbose_name="new end date")),
                ("recorded_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("measure", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="extensions", to="measures.measure")),
                ("recorded_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "db_table": "cases_measureextension",
                "ordering": ["decided_on", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Placement",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("where", models.CharField(max_length=300, verbose_name="where")),
                ("since", models.DateField(verbose_name="since")),
                ("until", models.DateField(blank=True, null=True, verbose_name="until")),
                ("child", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="placements", to="cases.person", verbose_name="child")),
                ("measure", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="placements", to="measures.measure")),
                ("recorded_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "db_table": "cases_placement",
                "ordering": ["-since", "-pk"],
            },
        ),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations)]
