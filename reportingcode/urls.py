"""Included under "casussen/" (config/urls.py): the meldcode page sits with the case it belongs to."""

from django.urls import path

from reportingcode import views

app_name = "reportingcode"

urlpatterns = [
    path("<int:pk>/meldcode/", views.reporting_code, name="reporting-code"),
]
