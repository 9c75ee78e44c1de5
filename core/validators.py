import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def bsn_is_valid(value: str) -> bool:
    """The elfproef for a burgerservicenummer: nine digits whose weighted sum is a multiple of 11."""
    if not re.fullmatch(r"\d{9}", value) or value == "000000000":
        return False
    return sum(int(digit) * weight for digit, weight in zip(value, _BSN_WEIGHTS, strict=True)) % 11 == 0


def clean_bsn(value: str) -> str:
    """Strip spaces and dots as people type them; raise a Dutch error when the number is not a BSN."""
    digits = re.sub(r"[\s.]", "", value or "")
    if not bsn_is_valid(digits):
        raise ValidationError(
            _("This is not a valid BSN: it must be nine digits and pass the eleven test."), code="invalid_bsn"
        )
    return digits


# Letters that Unicode does not decompose into a base letter plus an accent.
_UNDECOMPOSABLE = str.maketrans(
    {"ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th"}
)


def normalise_name(value: str) -> str:
    """Lower case without accents or extra spaces, so 'Çelik' finds 'celik' and 'Yılmaz' finds 'yilmaz'."""
    # Decomposed before and after folding the case: a compatibility character may decompose into capitals
    # ("㎩" into "Pa"), and folding may give a letter that decomposes further.
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", value).casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.translate(_UNDECOMPOSABLE).split())


def person_search_name(given_name: str, surname_prefix: str, surname: str) -> str:
    """What name search matches a person on: every part of the name, prefix included, normalised."""
    return normalise_name(f"{given_name} {surname_prefix} {surname}")


def normalise_postcode(value: str) -> str:
    """A Dutch postcode as stored: no spaces, capitals ("1501 ab" -> "1501AB")."""
    return "".join(value.split()).upper()


def display_postcode(value: str) -> str:
    """A stored postcode as people write it: "1501CM" -> "1501 CM" (anything else unchanged)."""
    compact = normalise_postcode(value or "")
    if len(compact) == 6 and compact[:4].isdigit() and compact[4:].isalpha():
        return f"{compact[:4]} {compact[4:]}"
    return value
