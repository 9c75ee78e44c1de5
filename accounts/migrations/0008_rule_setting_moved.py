# RuleSetting moved to the flags app (flags 0001_initial), keeping its table accounts_rulesetting: state only.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_access_event_moved"),
        ("flags", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="RuleSetting")], database_operations=[]
        )
    ]
