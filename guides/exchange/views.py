"""The open data: the published content as a fixture and as CSV.

Both are built once per data version and served as files: at a hundred times the starter data the
fixture takes seconds to build, and its size would crowd the page cache. A transaction that has written
content builds them afresh (its rows are not committed, so no file may hold them).
"""

import os
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.views.decorators.http import require_GET

from guides.outcomes.exchange import outcomes_csv
from relocation.cache import data_version, page_parameters, writes_pending

from . import opendata


def open_data_file(name: str, build: Callable[[], str]) -> Path | None:
    """The file holding ``build()`` at the current data version, written by the first request that
    needs it (``None`` inside a transaction that wrote)."""
    version = data_version()
    if writes_pending() or not version:  # no version while the cache is down: nothing to name a file by
        return None
    folder = Path(settings.OPEN_DATA_DIR)
    target = folder / f"{version}-{name}"
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}")
        partial.write_text(build(), encoding="utf-8")
        os.replace(partial, target)  # readers see the whole file or none
        for old in folder.glob(f"*-{name}"):
            if old != target:
                old.unlink(missing_ok=True)
    return target


def _serve(name: str, build: Callable[[], str], content_type: str, disposition: str):
    path = open_data_file(name, build)
    if path is None:
        response = HttpResponse(build(), content_type=content_type)
    else:
        response = FileResponse(path.open("rb"), content_type=content_type)
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


@require_GET
@page_parameters()
def data_starter_json(request):
    """The published content as a fixture, in the same format as ``export_fixtures --published-only``."""
    return _serve("starter.json", opendata.published_fixture, "application/json; charset=utf-8", "inline")


@require_GET
@page_parameters()
def data_destinations_csv(request):
    """One row per published path; the columns are described on the Sources page."""
    return _serve("destinations.csv", opendata.destinations_csv, "text/csv; charset=utf-8", "attachment")


@require_GET
@page_parameters()
def data_outcomes_csv(request):
    """Doctors' reported outcomes: one row per path or step with three approved reports or more."""
    return _serve("outcomes.csv", outcomes_csv, "text/csv; charset=utf-8", "attachment")
