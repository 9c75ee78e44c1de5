from django.urls import path

from audit import views

app_name = "audit"

urlpatterns = [
    path("inzagelog/", views.privacy_access_log, name="privacy-access-log"),
    path("inzagelog/export.csv", views.privacy_access_log_export, name="privacy-access-log-export"),
]
