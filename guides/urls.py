from django.urls import path

from relocation.cache import page_parameters

from . import views
from .changes import views as change_views
from .changes.feeds import ChangeFeed
from .outcomes import views as outcome_views
from .plan import views as plan_views
from .reports import views as report_views

app_name = "guides"

# One feed view for every feed: a topic, or a plan's countries and paths, in the query.
FEED = page_parameters("topic", "c", "path")(ChangeFeed())

urlpatterns = [
    path("", views.home, name="home"),
    path("destinations/", views.destination_list, name="destination-list"),
    path("destinations/<slug:iso2>/", views.destination_detail, name="destination-detail"),
    path("destinations/<slug:iso2>/feed/", FEED, name="destination-feed"),
    path("destinations/<slug:iso2>/dates/<slug:slug>.ics", change_views.event_ics, name="event-ics"),
    path("destinations/<slug:iso2>/report-outcome/", outcome_views.outcome_report, name="outcome-report"),
    path("compare/", views.compare, name="compare"),
    path("guides/", views.guide_list, name="guide-list"),
    path("guides/<slug:slug>/", views.guide_detail, name="guide-detail"),
    path("sources/", views.source_list, name="source-list"),
    path("changes/", change_views.change_list, name="change-list"),
    path("changes/feed/", FEED, name="change-feed"),
    path("changes/dates.ics", change_views.plan_ics, name="dates-ics"),
    path("report/", report_views.report, name="report"),
    path("plan/", plan_views.plan, name="plan"),
    path("plan/<slug:iso2>/", plan_views.plan_destination, name="plan-destination"),
]
