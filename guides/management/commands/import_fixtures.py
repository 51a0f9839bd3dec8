from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from guides.exchange.importer import import_fixture, size_problem


class Command(BaseCommand):
    help = (
        "Validate a content fixture and import it by natural key in one transaction. "
        "Nothing is written when any record is invalid. Through review unless --direct: changed published "
        "paths, barriers and guides become draft revisions, new items drafts, for a Reviewer to publish."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The fixture file (JSON).")
        parser.add_argument("--dry-run", action="store_true", help="Validate and summarise; write nothing.")
        parser.add_argument(
            "--direct",
            action="store_true",
            help=(
                "Superusers' direct import (the starter set, data moved between our own sites): write the "
                "file's content and statuses as they are, published content included, without review."
            ),
        )

    def handle(self, *args, path, dry_run, direct, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"{path}: no such file.")
        size = file.stat().st_size
        too_big = size_problem(size)
        if too_big:
            raise CommandError(f"{path}: {too_big}")
        if options["verbosity"] >= 1:
            self.stderr.write(f"Reading {path} ({size:,} bytes)...")
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: cannot be read ({error.strerror}).") from None
        progress = self._progress(options["verbosity"])
        result = import_fixture(data, dry_run=dry_run, direct=direct, filename=file.name, progress=progress)
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(problem.describe(path))
            raise CommandError(f"{len(result.problems)} problem(s) found; nothing was imported.")
        for line in result.summary_lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
        elif direct:
            self.stdout.write("Imported directly.")
        else:
            self.stdout.write("Imported for review: nothing published changed until a Reviewer publishes it.")

    def _progress(self, verbosity: int):
        """Report every tenth of the records written (a large file takes minutes)."""
        if verbosity < 1:
            return None
        reported = {"tenth": 0}

        def progress(done: int, total: int) -> None:
            tenth = done * 10 // total if total else 10
            if tenth > reported["tenth"]:
                reported["tenth"] = tenth
                self.stderr.write(f"{done:,} of {total:,} records checked and written...")

        return progress
