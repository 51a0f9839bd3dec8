from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from guides.models import Country
from guides.services.fixtures import export_fixture


class Command(BaseCommand):
    help = "Export the curated content as a deterministic JSON fixture with natural keys."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=str(Path(settings.BASE_DIR) / "fixtures" / "starter.json"),
            help="File to write, or '-' for standard output (default: fixtures/starter.json).",
        )
        parser.add_argument(
            "--country",
            action="append",
            metavar="ISO2",
            help="Export only this country and what it refers to (repeat for several).",
        )
        parser.add_argument(
            "--published-only", action="store_true", help="Leave out drafts and items in review."
        )

    def handle(self, *args, output, country, published_only, **options):
        codes = None
        if country:
            codes = sorted({code.strip().lower() for code in country})
            known = set(Country.objects.filter(iso2__in=codes).values_list("iso2", flat=True))
            unknown = [code for code in codes if code not in known]
            if unknown:
                raise CommandError(f"Unknown country code(s): {', '.join(unknown)}.")

        verbose = options["verbosity"] >= 1

        def progress(message: str) -> None:
            if verbose:
                self.stderr.write(message)

        if output == "-":
            # The serializer writes in pieces: no newline may be added after each one.
            self.stdout.ending = ""
            counts = export_fixture(
                self.stdout, country_codes=codes, published_only=published_only, progress=progress
            )
        else:
            path = Path(output)
            if not path.parent.is_dir():
                raise CommandError(f"The folder {path.parent} does not exist.")
            tmp = path.with_name(path.name + ".tmp")
            with tmp.open("w", encoding="utf-8", newline="\n") as stream:
                counts = export_fixture(
                    stream, country_codes=codes, published_only=published_only, progress=progress
                )
            tmp.replace(path)
        if verbose:
            total = sum(counts.values())
            self.stderr.write(f"Exported {total} rows to {output}.")
