import argparse
import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from guides.exchange.export import export_fixture
from guides.models import Country, Guide


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


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
            "--guide",
            action="append",
            metavar="SLUG",
            help="Export this guide and the country rows it is about (repeat for several).",
        )
        parser.add_argument(
            "--published-only", action="store_true", help="Leave out drafts and items in review."
        )
        parser.add_argument(
            "--since",
            type=_date,
            metavar="YYYY-MM-DD",
            help="Only the rows added or changed on or after this date (to update a copy made before).",
        )
        parser.add_argument(
            "--with-outcomes",
            action="store_true",
            help="Add the doctors' reported outcomes of the exported paths (aggregates of three reports "
            "or more, never a single report).",
        )

    def handle(
        self, *args, output, country, guide, published_only, since=None, with_outcomes=False, **options
    ):
        codes = slugs = None
        if country:
            codes = sorted({code.strip().lower() for code in country})
            known = set(Country.objects.filter(iso2__in=codes).values_list("iso2", flat=True))
            unknown = [code for code in codes if code not in known]
            if unknown:
                raise CommandError(f"Unknown country code(s): {', '.join(unknown)}.")
        if guide:
            slugs = sorted({slug.strip() for slug in guide})
            known = set(Guide.objects.filter(slug__in=slugs).values_list("slug", flat=True))
            unknown = [slug for slug in slugs if slug not in known]
            if unknown:
                raise CommandError(f"Unknown guide(s): {', '.join(unknown)}.")
        selection = {
            "country_codes": codes,
            "guide_slugs": slugs,
            "published_only": published_only,
            "since": since,
            "with_outcomes": with_outcomes,
        }

        verbose = options["verbosity"] >= 1

        def progress(message: str) -> None:
            if verbose:
                self.stderr.write(message)

        if output == "-":
            # The serializer writes in pieces: no newline may be added after each one.
            self.stdout.ending = ""
            counts = export_fixture(self.stdout, progress=progress, **selection)
        else:
            path = Path(output)
            if not path.parent.is_dir():
                raise CommandError(f"The folder {path.parent} does not exist.")
            tmp = path.with_name(path.name + ".tmp")
            with tmp.open("w", encoding="utf-8", newline="\n") as stream:
                counts = export_fixture(stream, progress=progress, **selection)
            tmp.replace(path)
        if verbose:
            total = sum(counts.values())
            self.stderr.write(f"Exported {total} rows to {output}.")
