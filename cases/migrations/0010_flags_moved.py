# Flag moved to the flags app (flags 0001_initial), keeping its table cases_flag: state only.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_measures_moved"),
        ("flags", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="Flag")], database_operations=[])
    ]
