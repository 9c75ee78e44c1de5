"""The chair's day at the Beschermtafel, in Chromium, with a real Celery worker building the agenda pack."""

import subprocess
import sys
import time

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone
from playwright.sync_api import expect

from tables.models import Submission
from tests.browser.helpers import login
from tests.helpers import ROOT


@pytest.fixture
def default_queue_worker(transactional_db):
    """A real worker on the queue the web pages send to (in tests: one no other worker reads), emptied first."""
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(queue)
    db = connection.settings_dict
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "--queues", queue,
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "INFO"],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "REDIS_URL": settings.REDIS_URL,
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    yield queue
    process.terminate()
    output, _ = process.communicate(timeout=30)
    print(output)


def test_the_chair_schedules_builds_the_pack_and_sends_a_family_to_the_raad(
    page, demo_data, default_queue_worker
):
    waiting = list(
        Submission.objects.filter(state="submitted").select_related("case__family").order_by("submitted_at")
    )
    assert len(waiting) == 2
    first, second = (submission.case for submission in waiting)

    login(page, "raadsonderzoeker")
    page.goto(f"/casussen/{first.pk}/")
    expect(page.get_by_role("heading", name="Pagina niet gevonden")).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()

    login(page, "voorzitter")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Beschermtafel").click()
    expect(page.get_by_role("cell", name=first.family.name)).to_be_visible()
    page.get_by_role("link", name="Vergadering plannen").click()
    page.get_by_label("Datum").fill(timezone.localdate().isoformat())
    page.get_by_label("Begintijd").fill("13:00")
    page.get_by_label("Fatma Yılmaz").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De vergadering is gepland.")).to_be_visible()

    for case in (first, second):
        page.get_by_label("Gezin dat op een datum wacht").select_option(
            label=f"{case.family.name} ({case.number})"
        )
        page.get_by_role("button", name="Op de agenda zetten").click()
        expect(page.get_by_text("Het gezin staat op de agenda.")).to_be_visible()
    expect(page.get_by_role("cell", name="13:00–14:00")).to_be_visible()
    expect(page.get_by_role("cell", name="14:00–15:00")).to_be_visible()
    page.get_by_role("button", name="Agenda publiceren").click()
    expect(page.get_by_text("De agenda is gepubliceerd")).to_be_visible()

    page.get_by_role("button", name="Agendapakket maken").click()
    progress = page.locator("#pack-progress")
    expect(progress).to_be_visible()
    seen = set()
    deadline = time.monotonic() + 60
    download = page.get_by_role("link", name="Download het agendapakket (PDF)")
    # Read the bar in one step in the page: htmx may swap it for the download link between two reads.
    read_bar = (
        "() => { const bar = document.querySelector('#pack-progress');"
        " return bar ? [bar.getAttribute('value'), bar.getAttribute('max')] : null; }"
    )
    while time.monotonic() < deadline and not download.is_visible():
        if (bar := page.evaluate(read_bar)) is not None:
            seen.add(tuple(bar))
        time.sleep(0.1)
    expect(download).to_be_visible()
    assert seen and all(maximum == "2" for _, maximum in seen), seen
    expect(page.get_by_text("Klaar:")).to_be_visible()

    page.get_by_role("link", name=f"Uitkomst voor {first.family.name} vastleggen").click()
    page.get_by_label("De Raad voor de Kinderbescherming doet onderzoek").check()
    page.get_by_label("Besluit en advies").fill("De tafel vraagt de Raad om een beschermingsonderzoek.")
    page.get_by_label("Raadsonderzoeker").select_option(label="Anouk Smit")
    page.get_by_label("De ouders hebben de uitkomst gehoord").check()
    page.get_by_role("button", name="Uitkomst vastleggen").click()
    expect(page.get_by_text("De uitkomst is vastgelegd")).to_be_visible()
    expect(
        page.get_by_text("nl.jzv.uitwisselen-uitkomst-overleg.uitkomst-beschikbaar-gesteld")
    ).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()

    login(page, "raadsonderzoeker")
    page.goto(f"/casussen/{first.pk}/")
    expect(page.get_by_role("heading", name=first.family.name, level=1)).to_be_visible()
    expect(page.get_by_text("Raadsonderzoek").first).to_be_visible()
