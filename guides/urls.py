from django.urls import path

from . import views

app_name = "guides"

urlpatterns = [
    path("", views.home, name="home"),
    path("destinations/", views.destination_list, name="destination-list"),
    path("destinations/<slug:iso2>/", views.destination_detail, name="destination-detail"),
    path("compare/", views.compare, name="compare"),
    path("guides/", views.guide_list, name="guide-list"),
    path("guides/<slug:slug>/", views.guide_detail, name="guide-detail"),
    path("sources/", views.source_list, name="source-list"),
    path("report/", views.report, name="report"),
    path("plan/", views.plan, name="plan"),
    path("plan/<slug:iso2>/", views.plan_destination, name="plan-destination"),
]
