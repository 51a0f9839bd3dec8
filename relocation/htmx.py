"""Site-wide htmx glue."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def is_partial(request: HtmxHttpRequest) -> bool:
    """True for an htmx request that wants a fragment (boosted and history-restore requests want pages)."""
    return bool(request.htmx) and not request.htmx.boosted and not request.htmx.history_restore_request
