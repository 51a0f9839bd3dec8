from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from guides.models import content_models


class Command(BaseCommand):
    help = "Load fixtures/starter.json into an empty database; never over curated data."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixture",
            default=str(Path(settings.BASE_DIR) / "fixtures" / "starter.json"),
            help="The fixture to load (default: fixtures/starter.json).",
        )

    def handle(self, *args, fixture, **options):
        existing = {model._meta.verbose_name_plural: model.objects.count() for model in content_models()}
        present = {name: count for name, count in existing.items() if count}
        if present:
            summary = ", ".join(f"{count} {name}" for name, count in present.items())
            self.stdout.write(f"The database already holds content ({summary}): starter data not loaded.")
            return
        if not Path(fixture).is_file():
            raise CommandError(f"No fixture at {fixture}.")
        self.stdout.write(f"Loading the starter data from {fixture}...")
        call_command("loaddata", fixture, verbosity=options["verbosity"])
