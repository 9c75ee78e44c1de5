"""Included under "casussen/" (config/urls.py): the measures page sits with the case it belongs to."""

from django.urls import path

from measures import views

app_name = "measures"

urlpatterns = [
    path("<int:pk>/maatregelen/", views.case_measures, name="case-measures"),
]
