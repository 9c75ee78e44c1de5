# AccessEvent moved to the audit app (audit 0001_initial), keeping its table accounts_accessevent, its index
# and its append-only trigger (0004): state only.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_admin_changes"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AccessEvent")], database_operations=[]
        )
    ]
