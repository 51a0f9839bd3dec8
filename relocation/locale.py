"""Language from the URL only: English at unprefixed paths, Russian under /ru/."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware

from .cache import without_vary


class PathLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware without ``Vary: Accept-Language`` on pages whose language is in the path.

    With ``prefix_default_language=False`` an unprefixed page is always English whatever the browser
    asks for, so varying on Accept-Language would only split caches by every browser's header. The admin,
    outside the language patterns, follows the browser and keeps the header.
    """

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if not request.path_info.startswith("/" + settings.ADMIN_PATH):
            without_vary(response, "Accept-Language")
        return response
