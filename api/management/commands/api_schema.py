"""Write the API's OpenAPI document to docs/api/openapi.json, as /api/v1/openapi.json serves it.

Sorted keys and an indent of 2, so a change to the API shows as a small diff. ``--check`` only compares
(exit status 1 when the file is out of date), for CI. tests/test_api_schema.py fails when they differ.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import translation
from ninja.responses import NinjaJSONEncoder

from api.api import api

DOCUMENT = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.json"


def openapi_document() -> dict:
    """The document as the app serves it (in the site's language, under its own URL prefix)."""
    with translation.override(settings.LANGUAGE_CODE):
        prefix = reverse("api:api-root")
        return json.loads(json.dumps(api.get_openapi_schema(path_prefix=prefix), cls=NinjaJSONEncoder))


def openapi_text(document: dict) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Write the API's OpenAPI document to docs/api/openapi.json (--check: only compare)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Only compare; exit 1 if it differs.")
        parser.add_argument("--output", default=str(DOCUMENT), help="Where to write it.")

    def handle(self, *args, check: bool, output: str, **options):
        text = openapi_text(openapi_document())
        path = Path(output)
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise CommandError(f"{path} is out of date: run `manage.py api_schema` and commit it.")
            self.stdout.write(f"{path} is up to date.")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {path}.")
