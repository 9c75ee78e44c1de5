from django.contrib.auth import views as auth_views
from django.urls import path, re_path
from django.views.generic import TemplateView

from accounts import session, views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("uitgelogd/", TemplateView.as_view(template_name="registration/logged_out.html"), name="logged-out"),
    path("tweestaps/", views.two_factor, name="two-factor"),
    # Password (and code) again before a copy of a file or a bulk export (accounts/reauth.py).
    path("bevestigen/", views.reauthenticate, name="reauthenticate"),
    path("sessie/verlengen/", session.keep_alive, name="session-keep-alive"),
    # The one-time link from the e-mail: a signed, expiring token, not an object id.
    re_path(
        r"^wachtwoord-instellen/(?P<uidb64>[0-9A-Za-z_\-]+)/(?P<token>[0-9A-Za-z\-]+)/$",
        views.SetPasswordView.as_view(),
        name="set-password",
    ),
    path(
        "wachtwoord-ingesteld/",
        TemplateView.as_view(template_name="registration/set_password_done.html"),
        name="set-password-done",
    ),
    path("meldingen/<int:pk>/", views.notification_read, name="notification"),
]
