"""Pagination that never fails on what a reader typed in the address bar."""

from django.core.paginator import Page, Paginator


def get_page(request, items, per_page: int) -> tuple[Page, bool]:
    """The requested page, clamped into range (``?page=abc``, ``-1`` or ``99999`` never give a 404 or
    a 500), and whether the page shown differs from the one asked for, so the page can say so.
    """
    requested = request.GET.get("page", "")
    page = Paginator(items, per_page).get_page(requested)
    try:
        changed = int(requested) != page.number
    except ValueError:
        changed = requested != ""
    return page, changed
