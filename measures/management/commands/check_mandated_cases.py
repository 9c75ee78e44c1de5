from django.core.management.base import BaseCommand, CommandError

from measures.selectors import cases_mandated_without_measure
from measures.services import cases_mandated_without_measure_repair


class Command(BaseCommand):
    help = (
        "Find cases in the court-mandated phase without an active measure; exit 1 on any "
        "(--fix returns them to the phase they were in before, and access follows)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="Return each such case to its previous phase.")

    def handle(self, *args, fix: bool = False, **options):
        orphans = list(cases_mandated_without_measure().order_by("number").values_list("number", flat=True))
        if not orphans:
            self.stdout.write(self.style.SUCCESS("No case is in the court-mandated phase without a measure."))
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
