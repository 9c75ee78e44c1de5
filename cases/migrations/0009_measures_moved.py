# The measure models moved to the measures app (issue 13): state only, the tables stay where they are.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_phase_change_by_zicht"),
        ("measures", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Placement"),
                migrations.DeleteModel(name="MeasureExtension"),
                migrations.DeleteModel(name="Measure"),
            ]
        )
    ]
