from django.core.management.base import BaseCommand

from privacy.services import retention_sweep


class Command(BaseCommand):
    help = "List closed files past their retention term for reviewed destruction (deletes nothing)."

    def handle(self, *args, **options):
        result = retention_sweep()
        self.stdout.write(f"listed: {result['listed']}, withdrawn: {result['withdrawn']}")
