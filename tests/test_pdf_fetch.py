"""The plan PDF never fetches anything but our own static files, and user text never reaches its CSS."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pypdf import PdfReader

from core.pdf import RefusedURL, render_pdf, static_path
from safetyplans import services
from tests.test_safetyplans import complete_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def listener():
    """A web server on this machine that counts what it is asked for: an attacker's URL stands in for it."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def _pages(pdf: bytes) -> list[str]:
    # A control character in a name prints as an empty box, which text extraction spells with NULs.
    return [page.extract_text().replace("\x00", "") for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("breaker", ["\r", "\f", "\n", "\\", "</style>"])
def test_a_family_name_cannot_make_the_pdf_fetch_a_url(client, a_case, worker, listener, breaker):
    url, hits = listener
    a_case.family.name = f'Jansen{breaker}"; }} @page {{ background: url({url}/steal) }} .x {{ content: "'
    a_case.family.save(update_fields=["name"])
    plan = services.plan_start(case=a_case, by=worker)
    services.plan_save(plan=plan, by=worker, content=complete_content(), expected_edit_version=1)
    client.force_login(worker)

    response = client.get(f"/veiligheidsplan/{plan.pk}/pdf/")

    assert response.status_code == 200
    assert hits == []
    # The name still heads every page (after the first, only the header has it), taken from the document.
    pages = _pages(response.content)
    assert len(pages) > 1
    assert all("Jansen" in page for page in pages)


def test_documents_fetch_only_our_static_files(listener, settings):
    url, hits = listener
    html = f"""<html><head><link rel="stylesheet" href="{url}/a.css">
      <style>@import url("{url}/b.css"); body {{ background: url("file:///etc/passwd") }}</style></head>
      <body><p>Tekst</p><img src="{url}/c.png" alt=""><img src="data:image/png;base64,iVBORw0KGgo=" alt="">
      <img src="file:///etc/hostname" alt=""></body></html>"""

    pdf = render_pdf(html)

    assert hits == []
    assert "Tekst" in _pages(pdf)[0]


def test_the_static_only_rule():
    font = static_path((static_path.__globals__["FONTS"] / "AtkinsonHyperlegible_400Regular.ttf").as_uri())
    assert font.name == "AtkinsonHyperlegible_400Regular.ttf"
    for refused in (
        "http://127.0.0.1/x.css",
        "https://example.org/font.ttf",
        "file:///etc/passwd",
        (static_path.__globals__["FONTS"] / ".." / ".." / "manage.py").as_uri(),
        "data:text/css,body{}",
        "ftp://127.0.0.1/x",
    ):
        with pytest.raises(RefusedURL):
            static_path(refused)


def test_the_plan_pdf_still_embeds_the_shipped_font(client, a_case, worker):
    plan = services.plan_start(case=a_case, by=worker)
    services.plan_save(plan=plan, by=worker, content=complete_content(), expected_edit_version=1)
    client.force_login(worker)

    reader = PdfReader(io.BytesIO(client.get(f"/veiligheidsplan/{plan.pk}/pdf/").content))

    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        if "/BaseFont" in font.get_object()
    }
    assert any("Fira" in name for name in fonts), fonts
