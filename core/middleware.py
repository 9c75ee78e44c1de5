"""Refuse what PostgreSQL cannot store before it gets near a view: a NUL character in the input."""

from django.http import HttpResponseBadRequest
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string

NUL = "\x00"

# Bodies read as form data; anything else (JSON, a file) is the view's own business.
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RefuseNulMiddleware:
    """Answer 400 in Dutch when the query string or the posted form holds a NUL character.

    PostgreSQL stores no NUL in text or jsonb: such a value would break the page's access event (the
    log records the query) or any write, and no person types one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _contains_nul(request.GET) or (request.method == "POST" and _form_contains_nul(request)):
            return HttpResponseBadRequest(render_to_string("bad_input.html"))
        return self.get_response(request)


def _contains_nul(data) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in data.lists())


def _form_contains_nul(request) -> bool:
    if request.content_type not in _FORM_TYPES:
        return False
    try:
        return _contains_nul(request.POST)
    except OSError:  # the client broke off while sending: the CSRF check answers that, as it always has
        return False
    except MultiPartParserError:  # "multipart/form-data" without a boundary: no form to read. The form is
        return False  # then empty (the CSRF check refuses it); the API answers its body in its own words
