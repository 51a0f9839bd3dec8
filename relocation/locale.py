"""Language: public pages take it from the URL only (English unprefixed, Russian under /ru/); the admin
takes it from the staff member's own choice, kept in their session, or else from the browser."""

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .cache import without_vary

ADMIN_LANGUAGE_SESSION_KEY = "admin_language"


def is_admin_path(request) -> bool:
    return request.path_info.startswith("/" + settings.ADMIN_PATH)


def admin_language(request) -> str:
    """The staff member's chosen admin language, else the browser's (Accept-Language), else English."""
    chosen = request.session.get(ADMIN_LANGUAGE_SESSION_KEY) if hasattr(request, "session") else None
    if chosen in dict(settings.LANGUAGES):
        return chosen
    return translation.get_language_from_request(request, check_path=False)


class PathLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware with the admin on its own rule, and without ``Vary: Accept-Language`` on
    pages whose language is in the path.

    With ``prefix_default_language=False`` an unprefixed public page is always English whatever the
    browser asks for, so varying on Accept-Language would only split caches by every browser's header.
    The admin lives outside the language patterns: without this it would always be English too.
    """

    def process_request(self, request):
        if not is_admin_path(request):
            return super().process_request(request)
        language = admin_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        if is_admin_path(request):
            # Follows the browser (and the session): it varies on the header, and nothing is redirected.
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        response = super().process_response(request, response)
        without_vary(response, "Accept-Language")
        return response


@require_POST
@staff_member_required
def set_admin_language(request):
    """Remember a staff member's admin language in their session (public pages set no cookie)."""
    language = request.POST.get("language", "")
    if language in dict(settings.LANGUAGES):
        request.session[ADMIN_LANGUAGE_SESSION_KEY] = language
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("admin:index")
    return HttpResponseRedirect(target)
