# The meldcode models moved to the reportingcode app (issue 13): state only, the tables stay where they are.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_flags_moved"),
        ("reportingcode", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ReportingCodeStep"),
                migrations.DeleteModel(name="ReportingCodeDecision"),
            ]
        )
    ]
