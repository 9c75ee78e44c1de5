from django.core.management.base import BaseCommand, CommandError

from cases.access import permission_drift
from cases.models import Case
from cases.selectors import cases_mandated_without_measure
from cases.services import case_permissions_sync, cases_mandated_without_measure_repair


class Command(BaseCommand):
    help = (
        "Compare every case's stored permission rows with the policy, and find cases in the court-mandated "
        "phase without an active measure; exit 1 on either (--fix repairs both)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="Recompute the rows of every drifted case.")

    def handle(self, *args, fix: bool = False, **options):
        self._mandated_without_measure(fix)
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

    def _mandated_without_measure(self, fix: bool) -> None:
        orphans = list(cases_mandated_without_measure().values_list("number", flat=True))
        if not orphans:
            return
        for number in orphans:
            self.stdout.write(f"{number}: court-mandated phase without an active measure")
        if not fix:
            raise CommandError(
                f"{len(orphans)} cases are in the court-mandated phase without a measure. "
                "Run with --fix to return them to their previous phase."
            )
        repaired = cases_mandated_without_measure_repair()
        self.stdout.write(self.style.SUCCESS(f"Returned {len(repaired)} cases to their previous phase."))
