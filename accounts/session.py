"""How long a login lasts: it ends after SESSION_IDLE_MINUTES without activity, and at the latest
SESSION_COOKIE_AGE seconds after logging in, whatever the user does.

The session keeps two timestamps (seconds since the epoch): when the user logged in (set on login, through
the user_logged_in signal connected in AccountsConfig.ready) and when they last did something (stored at most
once a minute, to spare the database a write per click). A request counts as activity unless it says it
is background work (the header ``X-Zicht-Background``, for polling): it may see that the session ended,
but never keeps it alive.

A session that ended is logged out before any view runs, so a form posted after it is never processed: the
view's ``login_required`` sends the user to the login page. For htmx requests that redirect is turned into an
``HX-Redirect`` (``HtmxLoginRedirectMiddleware``), so the login form never lands inside a panel of the page;
the page the user was on comes back after logging in, and static/js/session.js puts back what they typed.
"""

import time
from urllib.parse import parse_qs, urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse, JsonResponse
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

LOGIN_AT = "zicht_login_at"
LAST_ACTIVITY = "zicht_last_activity"
BACKGROUND_HEADER = "X-Zicht-Background"
REMAINING_HEADER = "X-Session-Remaining"
# Writing the session on every click costs a database write; a minute is precise enough for a 15-minute limit.
ACTIVITY_RESOLUTION = 60


def idle_seconds() -> int:
    return settings.SESSION_IDLE_MINUTES * 60


def remaining_seconds(session, now: float | None = None) -> int:
    """Seconds until this session ends: the idle limit or the absolute one, whichever comes first."""
    now = time.time() if now is None else now
    idle_left = session.get(LAST_ACTIVITY, now) + idle_seconds() - now
    absolute_left = session.get(LOGIN_AT, now) + settings.SESSION_COOKIE_AGE - now
    return max(0, int(min(idle_left, absolute_left)))


def _ends_at_login_limit(session, now: float) -> bool:
    idle_end = session.get(LAST_ACTIVITY, now) + idle_seconds()
    return session.get(LOGIN_AT, now) + settings.SESSION_COOKIE_AGE <= idle_end


def touch(request, *, force: bool = False, now: float | None = None) -> None:
    """Record activity now (at most once per ACTIVITY_RESOLUTION seconds unless forced)."""
    now = time.time() if now is None else now
    session = request.session
    if LOGIN_AT not in session:
        session[LOGIN_AT] = now
    if force or now - session.get(LAST_ACTIVITY, 0) >= ACTIVITY_RESOLUTION:
        session[LAST_ACTIVITY] = now


def session_started(sender, request, user, **kwargs) -> None:
    """On login (the user_logged_in signal): the absolute limit counts from now, and so does activity."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[LOGIN_AT] = now
        request.session[LAST_ACTIVITY] = now


class SessionTimeoutMiddleware:
    """Log out a session that was idle too long or has reached its maximum length; count activity.

    Sits after the message middleware (it leaves a message for the login page) and before django-htmx's.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            idle_expired = LAST_ACTIVITY in session and now - session[LAST_ACTIVITY] > idle_seconds()
            too_long = LOGIN_AT in session and now - session[LOGIN_AT] >= settings.SESSION_COOKIE_AGE
            if idle_expired or too_long:
                logout(request)  # flushes the session; this request goes on as an anonymous one
                messages.warning(request, _ended_message(idle_expired=idle_expired and not too_long))
            elif LOGIN_AT not in session or not request.headers.get(BACKGROUND_HEADER):
                touch(request, now=now)
        response = self.get_response(request)
        if request.user.is_authenticated:
            response[REMAINING_HEADER] = str(remaining_seconds(request.session))
        return response


def _ended_message(*, idle_expired: bool) -> str:
    if idle_expired:
        minutes = settings.SESSION_IDLE_MINUTES
        return ngettext(
            "You have been logged out because you were not active for %(minutes)d minute.",
            "You have been logged out because you were not active for %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}
    hours = settings.SESSION_COOKIE_AGE // 3600
    return ngettext(
        "You have been logged out because a login lasts at most %(hours)d hour. Please log in again.",
        "You have been logged out because a login lasts at most %(hours)d hours. Please log in again.",
        hours,
    ) % {"hours": hours}


def session_context(request) -> dict:
    """What templates/base.html tells static/js/session.js about the current session."""
    user = getattr(request, "user", None)  # none on an error page answered before authentication ran
    if user is None or not user.is_authenticated:
        return {}
    now = time.time()
    return {
        "session_remaining": remaining_seconds(request.session, now),
        "session_at_login_limit": _ends_at_login_limit(request.session, now),
    }


@require_POST
def keep_alive(request):
    """ "Stay logged in": the request itself counted as activity; answer how long the session now lasts."""
    if not request.user.is_authenticated:
        return JsonResponse({"remaining": 0}, status=401)
    touch(request, force=True)
    now = time.time()
    return JsonResponse(
        {
            "remaining": remaining_seconds(request.session, now),
            "at_login_limit": _ends_at_login_limit(request.session, now),
        }
    )


class HtmxLoginRedirectMiddleware:
    """A redirect to the login (or two-step) page must bring the user back to the page they were on.

    For an htmx request the browser would follow the redirect itself and htmx would put the login form
    inside the panel: answer 401 with ``HX-Redirect`` instead, so the whole page goes to the login page,
    with ``next`` the page (``HX-Current-URL``), not the URL the panel posted to. A plain form posted to a
    POST-only URL gets its ``next`` changed the same way, to the page the form was on (``Referer``).

    Sits before the two-factor middleware, whose redirects it must see.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code not in (301, 302, 303, 307, 308) or not response.has_header("Location"):
            return response
        location = urlsplit(response["Location"])
        if location.netloc or location.path not in _login_paths():
            return response
        is_htmx = request.headers.get("HX-Request") == "true"
        page = _page_url(request, request.headers.get("HX-Current-URL" if is_htmx else "Referer", ""))
        if not is_htmx and (request.method in ("GET", "HEAD") or page is None):
            return response
        query = parse_qs(location.query)
        if page is not None:
            query["next"] = [page]
        target = f"{location.path}?{urlencode(query, doseq=True)}" if query else location.path
        if not is_htmx:
            response["Location"] = target
            return response
        redirect = HttpResponse(status=401)
        redirect["HX-Redirect"] = target
        for name, value in response.cookies.items():  # e.g. the messages cookie set on the way
            redirect.cookies[name] = value
        return redirect


def _login_paths() -> set[str]:
    return {resolve_url(settings.LOGIN_URL), reverse("accounts:two-factor")}


def _page_url(request, url: str) -> str | None:
    """The path and query of ``url`` when it is a page of this site, else None."""
    if not url or not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    parts = urlsplit(url)
    if parts.path in _login_paths():
        return None
    return f"{parts.path}?{parts.query}" if parts.query else parts.path or "/"
