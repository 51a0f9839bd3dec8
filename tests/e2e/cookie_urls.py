"""The site's URLs plus one page that sets a cookie, for the offline test: the worker must not keep it."""

from django.http import HttpResponse
from django.urls import path

from relocation.urls import urlpatterns as site


def page_that_sets_a_cookie(request):
    response = HttpResponse('<!DOCTYPE html><html lang="en"><title>Cookie</title><p>A cookie was set.</p>')
    response.set_cookie("remember", "1")
    return response


urlpatterns = [path("cookie-page/", page_that_sets_a_cookie), *site]
