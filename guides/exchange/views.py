"""The open data: the published content as a fixture and as CSV."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from guides.outcomes.exchange import outcomes_csv

from . import opendata


@require_GET
def data_starter_json(request):
    """The published content as a fixture, in the same format as ``export_fixtures --published-only``."""
    response = HttpResponse(opendata.published_fixture(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="starter.json"'
    return response


@require_GET
def data_destinations_csv(request):
    """One row per published path; the columns are described on the Sources page."""
    response = HttpResponse(opendata.destinations_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="destinations.csv"'
    return response


@require_GET
def data_outcomes_csv(request):
    """Doctors' reported outcomes: one row per path or step with three approved reports or more."""
    response = HttpResponse(outcomes_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="outcomes.csv"'
    return response
