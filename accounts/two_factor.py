"""Two-factor authentication: after the password, a code from an authenticator app (TOTP)."""

from urllib.parse import quote

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

# What a user who has given the password but no code yet may still reach.
_OPEN = (
    "/account/inloggen/",
    "/account/uitloggen/",
    "/account/uitgelogd/",
    "/account/tweestaps/",
    "/account/wachtwoord-instellen/",
    "/account/wachtwoord-ingesteld/",
    "/static/",
    "/health/",
)


class TwoFactorMiddleware:
    """Where two-factor authentication is required, a login only counts once a code was given."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.TWO_FACTOR_REQUIRED
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(_OPEN)
        ):
            return redirect(f"{reverse('accounts:two-factor')}?next={quote(request.get_full_path())}")
        return self.get_response(request)
