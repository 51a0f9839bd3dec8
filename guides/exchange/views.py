"""The open data: the published content as a fixture and as CSV."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from relocation.cache import page_parameters

from . import opendata


@require_GET
@page_parameters()
def data_starter_json(request):
    """The published content as a fixture, in the same format as ``export_fixtures --published-only``."""
    response = HttpResponse(opendata.published_fixture(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="starter.json"'
    return response


@require_GET
@page_parameters()
def data_destinations_csv(request):
    """One row per published path; the columns are described on the Sources page."""
    response = HttpResponse(opendata.destinations_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="destinations.csv"'
    return response
