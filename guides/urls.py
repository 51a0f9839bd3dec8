from django.urls import path

from . import views

app_name = "guides"

urlpatterns = [
    path("", views.home, name="home"),
    path("destinations/<slug:iso2>/", views.destination_detail, name="destination-detail"),
    path("guides/<slug:slug>/", views.guide_detail, name="guide-detail"),
]
