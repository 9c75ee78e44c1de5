"""How Zicht writes a person's name: one place, so a prefix ("van", "de") is never lost."""


def full_name(given_name: str, surname_prefix: str, surname: str) -> str:
    """ "Jonas", "van", "Kusen" -> "Jonas van Kusen"; empty parts are left out."""
    return " ".join(part.strip() for part in (given_name, surname_prefix, surname) if part and part.strip())
