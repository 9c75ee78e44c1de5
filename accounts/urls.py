from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.generic import TemplateView

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("uitgelogd/", TemplateView.as_view(template_name="registration/logged_out.html"), name="logged-out"),
    path("tweestaps/", views.two_factor, name="two-factor"),
    path("meldingen/<int:pk>/", views.notification_read, name="notification"),
    path("inzagelog/", views.privacy_access_log, name="privacy-access-log"),
    path("inzagelog/export.csv", views.privacy_access_log_export, name="privacy-access-log-export"),
]
