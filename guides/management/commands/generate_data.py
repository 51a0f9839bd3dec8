import time

from django.core.management.base import BaseCommand, CommandError

from tests.generate import STARTER, generate, starter_counts


class Command(BaseCommand):
    help = (
        "Add a synthetic, deterministic dataset with N times the starter set's rows per model. "
        "For benchmarks and query-count tests only: never on a database people read."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, required=True, help="How many times the starter set (>= 1).")

    def handle(self, *args, scale, **options):
        if scale < 1:
            raise CommandError("--scale must be at least 1.")
        if not STARTER.is_file():
            raise CommandError(f"{STARTER} is missing: the scale is counted from the starter set.")
        started = time.monotonic()
        try:
            created = generate(scale, counts=starter_counts(), progress=self.stderr.write)
        except ValueError as error:
            raise CommandError(str(error)) from error
        summary = ", ".join(f"{count} {label}" for label, count in created.items())
        self.stdout.write(f"Created {summary} in {time.monotonic() - started:.1f}s.")
