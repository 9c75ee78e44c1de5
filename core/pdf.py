"""Documents on paper: HTML rendered to a tagged PDF by WeasyPrint, fetching only our own static files.

User text never goes into CSS (the page margins take it from the document with ``string-set``), and the
URL fetcher refuses every address outside the project's static folders: no file elsewhere on the server,
no network, no data: URLs. A refused address is logged by WeasyPrint and left out of the document.
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings

STATIC_ROOTS = tuple(Path(folder).resolve() for folder in settings.STATICFILES_DIRS)
FONTS = Path(settings.BASE_DIR, "static", "fonts").resolve()


class RefusedURL(ValueError):
    """An address a document asked for that is not one of our static files."""


def static_path(url: str) -> Path:
    """The static file a ``file:`` URL points at, or RefusedURL for anything else."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise RefusedURL(f"Refused to fetch {url!r}: only the project's static files")
    path = Path(unquote(parts.path)).resolve()
    if not any(path.is_relative_to(root) for root in STATIC_ROOTS) or not path.is_file():
        raise RefusedURL(f"Refused to fetch {url!r}: not a static file of this project")
    return path


def _fetcher():
    from weasyprint.urls import URLFetcher  # heavy: imported only when a PDF is made

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            return super().fetch(static_path(url).as_uri(), headers)

    return StaticOnlyFetcher(allowed_protocols=("file",), allow_redirects=False)


def render_pdf(html: str) -> bytes:
    """A tagged PDF (PDF/UA-1) of the HTML; relative URLs resolve against the fonts folder."""
    from weasyprint import HTML

    return HTML(string=html, base_url=FONTS.as_uri() + "/", url_fetcher=_fetcher()).write_pdf(
        pdf_variant="pdf/ua-1"
    )


def render_document(html: str):
    """The laid-out pages of the HTML (a WeasyPrint Document), to join with others by join_pdf.

    For a document made part by part (the Beschermtafel's agenda pack), so that progress can be told.
    """
    from weasyprint import HTML

    return HTML(string=html, base_url=FONTS.as_uri() + "/", url_fetcher=_fetcher()).render(
        pdf_variant="pdf/ua-1"
    )


def join_pdf(documents: list) -> bytes:
    """One tagged PDF of the pages of these documents, in order."""
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf(pdf_variant="pdf/ua-1")
