from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from relocation.htmx import HtmxHttpRequest

from .models import Country, Guide


@require_GET
@never_cache
def healthz(request):
    """Liveness: answers without touching the database."""
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
def home(request: HtmxHttpRequest):
    countries = Country.objects.with_published_paths().order_by("iso2")
    return render(request, "guides/home.html", {"countries": countries})


@require_GET
def destination_detail(request: HtmxHttpRequest, iso2: str):
    country = get_object_or_404(Country, iso2=iso2.lower())
    return render(request, "guides/destination_detail.html", {"country": country})


@require_GET
def guide_detail(request: HtmxHttpRequest, slug: str):
    guide = get_object_or_404(Guide.objects.published(), slug=slug)
    return render(request, "guides/guide_detail.html", {"guide": guide})
