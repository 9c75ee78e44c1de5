"""Name search matches a household's members in one column, trigram-indexed on PostgreSQL (ADR 14)."""

from django.db import migrations, models

BATCH = 2000


def fill(apps, schema_editor):
    """The same as cases.services.family_names_refresh, on the historical models."""
    Family = apps.get_model("cases", "Family")
    Membership = apps.get_model("cases", "Membership")
    family_ids = list(Family.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(family_ids), BATCH):
        batch = family_ids[start : start + BATCH]
        names = {pk: [] for pk in batch}
        members = Membership.objects.filter(family_id__in=batch).order_by("person_id")
        for family_id, name in members.values_list("family_id", "person__search_name"):
            names[family_id].append(name)
        Family.objects.bulk_update(
            [Family(pk=pk, search_names="\n".join(filter(None, found))) for pk, found in names.items()],
            ["search_names"],
        )


def index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS family_search_names_trgm ON cases_family "
            "USING gin (search_names gin_trgm_ops)"
        )


def unindex(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS family_search_names_trgm")


class Migration(migrations.Migration):
    dependencies = [("cases", "0012_case_team_open")]

    operations = [
        migrations.AddField(
            model_name="family",
            name="search_names",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(index, unindex),
    ]
