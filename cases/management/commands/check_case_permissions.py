from django.core.management.base import BaseCommand, CommandError

from cases.access import permission_drift
from cases.models import Case
from cases.services import case_permissions_sync


class Command(BaseCommand):
    help = (
        "Compare every case's stored permission rows with the policy; exit 1 on drift (--fix repairs it). "
        "Cases in the court-mandated phase without a measure: check_mandated_cases."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="Recompute the rows of every drifted case.")

    def handle(self, *args, fix: bool = False, **options):
        drift = permission_drift()
        if not drift:
            self.stdout.write(self.style.SUCCESS(f"All {Case.objects.count()} cases match the policy."))
            return
        numbers = dict(Case.objects.filter(pk__in=drift).values_list("pk", "number"))
        for pk, (missing, extra) in sorted(drift.items()):
            for kind, holder, code in sorted(missing):
                self.stdout.write(f"{numbers[pk]}: missing {kind} {holder} {code}")
            for kind, holder, code in sorted(extra):
                self.stdout.write(f"{numbers[pk]}: unexpected {kind} {holder} {code}")
        if fix:
            for case in Case.objects.filter(pk__in=drift).select_related("team"):
                case_permissions_sync(case=case)
            self.stdout.write(self.style.SUCCESS(f"Repaired {len(drift)} cases."))
            return
        raise CommandError(f"{len(drift)} cases differ from the access policy. Run with --fix to repair.")
