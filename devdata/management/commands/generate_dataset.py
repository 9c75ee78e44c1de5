import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devdata.dataset import SCALES, Generator


class Command(BaseCommand):
    help = "Write a deterministic benchmark dataset (--scale small or region), once per database."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, scale: str, seed: int, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "generate_dataset writes users with a known password and is refused under these settings."
            )
        started = time.monotonic()
        made = Generator(scale, seed, out=self.stdout.write).run()
        if not made:
            self.stdout.write("The benchmark dataset is already there.")
            return
        self.stdout.write(
            self.style.SUCCESS(f"Dataset '{scale}' written in {time.monotonic() - started:.0f} s: {made}")
        )
