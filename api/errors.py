"""The API's errors in one shape and in Dutch: {"fouten": [{"pad": "$.adres.postcode", "melding": "..."}]}.

``install(api)`` registers the handlers on one NinjaAPI only; the rest of Zicht keeps its own pages.
"""

import re
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from api.schemas import OWN_ERROR_TYPES

ROOT = "$"
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class DocumentError(Exception):
    """A document that is well-formed but that Zicht cannot take in (an unknown municipality, no child):
    answered with 400 and the path of each problem."""

    def __init__(self, errors: Iterable[tuple[str, str]]):
        self.errors = list(errors)
        super().__init__(self.errors)


def path(loc: Sequence[str | int]) -> str:
    """A pydantic location as a JSON path: ("adres", "postcode") -> $.adres.postcode, 0 -> [0]."""
    parts = [ROOT]
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        elif _NAME.match(part):
            parts.append(f".{part}")
        else:
            parts.append(f"[{part!r}]")
    return "".join(parts)


def body(errors: Iterable[tuple[str, str]]) -> dict:
    return {"fouten": [{"pad": pad, "melding": melding} for pad, melding in errors]}


# Pattern errors say what the field should look like, by the field's name.
def _pattern_messages() -> dict[str, str]:
    return {
        "burgerservicenummer": _("A BSN is nine digits."),
        "postcode": _("A Dutch postcode is four digits and two letters, like 1501 AB."),
        "gemeentecode": _("A municipality code is GM and four digits, like GM0479 (CBS)."),
        "registratienummer": _(
            "Use letters, digits, dots, hyphens and underscores only, at most 40, starting with a letter or "
            "a digit."
        ),
        "huisletter": _("A house letter is a single letter."),
        "huisnummertoevoeging": _("A house number addition is at most four letters or digits."),
    }


def _too_short_messages() -> dict[str, str]:
    return {
        "natuurlijkPersonen": _("Name at least one member of the family."),
        "veiligheidsvoorwaarden": _("Write down at least one safety condition."),
        "monitoringMaanden": _("Give at least one monitoring moment."),
    }


def message(error: dict) -> str:
    """The Dutch message for one pydantic error."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    names = [part for part in error["loc"] if isinstance(part, str)]
    name = names[-1] if names else ""
    if kind in OWN_ERROR_TYPES:
        return error["msg"]
    if kind == "missing":
        if not error["loc"]:
            return _("Send the Melding as a JSON object in the body of the request.")
        return _("This field is missing; it is required.")
    if kind == "extra_forbidden":
        return _("Zicht does not know this field. Check its name in the OpenAPI document.")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _("Expected an object (a JSON object with fields).")
    if kind == "list_type":
        return _("Expected a list (a JSON array).")
    if kind == "string_unicode":  # a lone surrogate ("\ud800"), refused before api.schemas sees it
        return _("This text holds a character Zicht cannot store (a NUL or a lone surrogate).")
    if kind == "string_type":
        return _("Expected text (a JSON string).")
    if kind == "string_too_short":
        return _("This field may not be empty.")
    if kind == "string_too_long":
        return _("At most %(max_length)s characters.") % {"max_length": ctx.get("max_length")}
    if kind == "string_pattern_mismatch":
        return _pattern_messages().get(name, _("This value does not have the expected form."))
    if kind == "too_short":
        return _too_short_messages().get(name, _("Give at least %(min_length)s.") % ctx)
    if kind == "too_long":
        return _("Give at most %(max_length)s.") % ctx
    if kind in ("int_type", "int_parsing", "int_from_float", "int_parsing_size"):
        return _("Expected a whole number.")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        if name == "monitoringMaanden":
            return _("Each moment lies between 1 and 24 months after acceptance.")
        if "ge" in ctx:
            return _("Expected %(limit)s or more.") % {"limit": ctx["ge"]}
        if "le" in ctx:
            return _("Expected %(limit)s or less.") % {"limit": ctx["le"]}
        return _("This number is out of range.")
    if kind in ("bool_type", "bool_parsing"):
        return _("Expected true or false.")
    if kind in ("literal_error", "enum"):
        return _("Choose one of: %(choices)s.") % {
            "choices": str(ctx.get("expected", "")).replace(" or ", ", ")
        }
    if kind.startswith("datetime") or kind.startswith("timezone"):
        return _("Expected a date and time in ISO 8601, like 2026-03-01T14:30:00+01:00.")
    if kind.startswith("date"):
        return _("Expected a date as YYYY-MM-DD, like 2016-04-01.")
    return _("This value is not valid.")


def _from_pydantic(errors: list[dict]) -> list[tuple[str, str]]:
    found = []
    for error in errors:
        loc = list(error["loc"])
        if loc and loc[0] == "body":
            loc = loc[2:]  # ("body", <the view's parameter>, ...): the document starts after them
        elif loc and loc[0] in ("path", "query"):
            loc = loc[1:]
        found.append((path(loc), message({**error, "loc": loc})))
    return found


def service_errors(
    error: DjangoValidationError, fields: dict[str, str] | None = None
) -> list[tuple[str, str]]:
    """A service's ValidationError, each message at the path of its field (``fields``) or at $."""
    fields = fields or {}
    if hasattr(error, "error_dict"):
        return [
            (fields.get(field, ROOT), message)
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [(ROOT, message) for message in error.messages]


def _http_error_message(status: int) -> str:
    if status == 400:
        return _("The body of the request is not valid JSON.")
    if status == 403:
        return _("This API client may not do this.")
    return _("The request could not be handled.")


def install(api: NinjaAPI) -> None:
    """Answer every error of ``api`` in the shape above. More specific handlers (a 401 of api/auth.py, say)
    may be added after this and win, as ninja looks a handler up by the exception's class first."""

    def respond(request, errors, status: int):
        return api.create_response(request, body(errors), status=status)

    @api.exception_handler(NinjaValidationError)
    def invalid(request, exc: NinjaValidationError):
        return respond(request, _from_pydantic(exc.errors), 400)

    @api.exception_handler(DocumentError)
    def refused(request, exc: DocumentError):
        return respond(request, exc.errors, 400)

    @api.exception_handler(DjangoValidationError)
    def service_refused(request, exc: DjangoValidationError):
        return respond(request, service_errors(exc), 400)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        return respond(request, [(ROOT, _http_error_message(exc.status_code))], exc.status_code)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc: PermissionDenied):
        return respond(request, [(ROOT, _http_error_message(403))], 403)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc: RequestDataTooBig):
        return respond(request, [(ROOT, _("The document is too large."))], 400)

    @api.exception_handler(Http404)
    def not_found(request, exc: Http404):
        return respond(request, [(ROOT, _("Not found."))], 404)
