"""Re-authentication before a copy of a file or a bulk export (issue 17).

Whoever takes data about people out of Zicht confirms first that they are the person logged in: the
password again, and the two-step code when they have an authenticator app. A confirmation counts for
REAUTHENTICATION_MINUTES; the confirm page (``accounts:reauthenticate``, views.reauthenticate) stores when it
was given in the session.

``reauthentication_required`` guards a view. Without a recent confirmation:

- a GET goes to the confirm page and, once confirmed, comes back to the same URL (an export link
  downloads);
- a POST is not replayed: the confirm page returns the user to the page the form was on (the posted
  ``next`` field, else the Referer), where they click again;
- an htmx request gets ``HX-Redirect`` (as in accounts/session.py), so the confirm page never lands inside
  a panel, and comes back to the page the panel is on (``HX-Current-URL``).
"""

import time
from functools import wraps
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.plugins.otp_totp.models import TOTPDevice

REAUTHENTICATED_AT = "reauthenticated_at"
# Several web servers may differ a little in their clocks: a confirmation "from the future" within this
# many seconds still counts.
CLOCK_TOLERANCE = 60


def is_reauthenticated(request, now: float | None = None) -> bool:
    """Whether the user confirmed their password (and code) in the last REAUTHENTICATION_MINUTES."""
    at = request.session.get(REAUTHENTICATED_AT)
    if isinstance(at, bool) or not isinstance(at, int | float):
        return False
    elapsed = (time.time() if now is None else now) - at
    return -CLOCK_TOLERANCE <= elapsed < settings.REAUTHENTICATION_MINUTES * 60


def reauthenticated(request, now: float | None = None) -> None:
    """Record that the user confirmed just now (the confirm page, after the password and code were right)."""
    request.session[REAUTHENTICATED_AT] = time.time() if now is None else now


def confirmed_totp_device(user) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they have one: then the code is asked for as well.

    (Not accounts.services.totp_device_for: that makes a device to set up, a write on every GET.)
    """
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def safe_next(request, url: str | None) -> str | None:
    """The path and query of ``url`` when it is a page of this site (and not the confirm page), else None."""
    if not url or not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    parts = urlsplit(url)
    path = parts.path or "/"
    if not path.startswith("/") or path == reverse("accounts:reauthenticate"):
        return None
    return f"{path}?{parts.query}" if parts.query else path


def _return_to(request) -> str:
    """Where the user comes back to after confirming."""
    is_htmx = request.headers.get("HX-Request") == "true"
    candidates = []
    if request.method in ("GET", "HEAD"):
        if is_htmx:  # the panel's URL is no page: the page it sits on is
            candidates.append(request.headers.get("HX-Current-URL"))
        candidates.append(request.get_full_path())
    else:  # a POST cannot be replayed: back to the page with the form, the user clicks again
        candidates.append(request.POST.get("next"))
        if is_htmx:
            candidates.append(request.headers.get("HX-Current-URL"))
        candidates.append(request.headers.get("Referer"))
    for url in candidates:
        page = safe_next(request, url)
        if page:
            return page
    return "/"


def confirm_url(request) -> str:
    """The confirm page, with ``next`` where this request should continue afterwards."""
    return f"{reverse('accounts:reauthenticate')}?{urlencode({'next': _return_to(request)})}"


def reauthentication_required(view):
    """Let the view run only after a recent confirmation of password and code; otherwise ask for it."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if is_reauthenticated(request):
            return view(request, *args, **kwargs)
        target = confirm_url(request)
        if request.headers.get("HX-Request") == "true":
            response = HttpResponse(status=401)  # as accounts.session does for the login page
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)

    return wrapped
