import json

from django.core.management.base import BaseCommand

from guides.curation.gaps import data_gaps, totals_line

COLUMNS = [
    ("iso2", "cc"),
    ("standard_path", "standard path"),
    ("time", "time"),
    ("cost", "cost"),
    ("steps", "steps"),
    ("steps_without_months", "no months"),
    ("steps_without_cost", "no cost"),
    ("gaps_without_search_note", "no note"),
    ("low_confidence_without_reason", "low, no why"),
    ("paths_without_language_level", "no level"),
    ("authorities_without_url", "no URL"),
    ("stale_items", "stale"),
]


class Command(BaseCommand):
    help = "What the data does not know yet, per country: a table (or --format json) and a totals line."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["table", "json"], default="table")
        parser.add_argument("--country", action="append", metavar="ISO2", help="Only these countries.")

    def handle(self, *args, format, country, **options):
        report = data_gaps([code.lower() for code in country] if country else None)
        if format == "json":
            self.stdout.write(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
            return
        rows = [[str(getattr(row, name)) or "—" for name, _label in COLUMNS] for row in report.countries]
        header = [label for _name, label in COLUMNS]
        widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]
        for line in [header, *rows]:
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))
        self.stdout.write("")
        self.stdout.write("Totals: " + totals_line(report.totals()))
