"""Response headers that keep case data in its place (the Content-Security-Policy is django-csp's, set in
config/settings/base.py).

- ``Permissions-Policy`` on every response: Zicht uses no camera, microphone, location, payment or USB, and
  neither may anything that gets into a page.
- ``Cache-Control: no-store, private`` (Django's never-cache set) on every response to a logged-in user,
  and on every answer of the chain's API (a client with a token is no logged-in user): pages, PDFs, CSV
  exports and API documents show case data and must not stay in a browser's or proxy's cache. Static files
  are served before this middleware runs (WhiteNoise) and stay cacheable.
"""

from django.utils.cache import add_never_cache_headers

API_PREFIX = "/api/"  # config/urls.py mounts the chain's API there

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class SecurityHeadersMiddleware:
    """Sits right after Django's SecurityMiddleware, before WhiteNoise: its responses get the policy too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)  # absent for static files: WhiteNoise answered first
        if (user is not None and user.is_authenticated) or request.path.startswith(API_PREFIX):
            add_never_cache_headers(
                response
            )  # Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private
        return response
