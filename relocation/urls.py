from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from guides.changes import views as changes
from guides.exchange import views as open_data
from relocation.health import healthz, readyz

from . import locale, offline
from . import views as site

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("robots.txt", site.robots_txt, name="robots-txt"),
    path("favicon.ico", site.favicon, name="favicon"),
    path("sw.js", offline.service_worker, name="service-worker"),
    path("data/starter.json", open_data.data_starter_json, name="data-starter-json"),
    path("data/destinations.csv", open_data.data_destinations_csv, name="data-destinations-csv"),
    path("data/changes.json", changes.changes_json, name="data-changes-json"),
    path(f"{settings.ADMIN_PATH}language/", locale.set_admin_language, name="admin-language"),
    path("data/outcomes.csv", open_data.data_outcomes_csv, name="data-outcomes-csv"),
    path(settings.ADMIN_PATH, admin.site.urls),
]
urlpatterns += i18n_patterns(
    path("offline/", offline.offline_page, name="offline"),
    path("", include("guides.urls")),
    prefix_default_language=False,
)
