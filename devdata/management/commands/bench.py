"""make bench: time the hot paths on the benchmark dataset; print BENCH lines and write docs/benchmarks.md."""

import datetime as dt
import gc
import http.client
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Municipality, Organisation, Team, User
from accounts.roles import Role
from accounts.services import user_set_roles_and_teams
from audit.models import AccessEvent
from cases.models import Case, Contact, Person
from core.dates import add_working_days
from devdata.dataset import FIRST, LAST, MARKER
from flags.models import Flag
from flags.services import flags_evaluate
from safetyplans import services as plan_services
from safetyplans.pdf import plan_pdf
from tables import services as table_services
from tables.models import Meeting, Table

PORT = 8765
PROFILE_ENTRIES = 12
# Runs kept in the history table of docs/benchmarks.md, the latest last.
HISTORY_RUNS = 10
LOAD_SECONDS = 15
CLIENTS = 20
# What a youth worker asks the Beschermtafel, for the benchmark meeting.
SUBMISSION = {
    "question": "Is vrijwillige hulp nog genoeg?",
    "reason": "Opnieuw zorgen over de veiligheid thuis",
    "worries": "De kinderen zien de ruzies",
    "strengths": "Oma helpt elke dag",
    "earlier_help": "Gezinscoach",
    "asked": "Advies over drang",
    "parents_invited": True,
    "children_invited": True,
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _cpu_times() -> tuple[int, int]:
    """CPU time spent working (not idle or waiting for disk) or stolen so far, and the stolen part, in clock
    ticks (Linux /proc/stat: user nice system idle iowait irq softirq steal; zeros elsewhere)."""
    try:
        fields = [int(n) for n in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    except (OSError, ValueError):
        return 0, 0
    if len(fields) < 8:
        return 0, 0
    return sum(fields) - fields[3] - fields[4], fields[7]


class Command(BaseCommand):
    help = "Measure the hot paths on the generated dataset (see make bench)."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=60, help="timed requests per page")
        parser.add_argument("--skip-load", action="store_true", help="leave out the gunicorn throughput run")
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR, "docs", "benchmarks.md")))

    def handle(self, *args, requests: int, skip_load: bool, output: str, **options):
        if not Team.objects.filter(organisation__name=MARKER).exists():
            raise CommandError("No benchmark dataset: run generate_dataset first (make bench does).")
        self.figures: list[tuple[str, str, str]] = []
        self.profile: list[str] = []
        self.requests = requests
        started = _cpu_times()
        worker, lead, heavy, copied = self._subjects()
        # A gunicorn worker freezes what it loaded at start-up (config/wsgi.py), so a full collection does not
        # walk it; this process does the same, or the pages would be timed with the walk of all its objects.
        gc.collect()
        gc.freeze()
        try:
            self._measure(worker, lead, heavy, copied, skip_load=skip_load)
        finally:
            gc.unfreeze()  # as it was: the command also runs inside the test suite's process
        # On a virtual machine another guest can take the CPU ("steal"): a run with much of it is slow
        # throughout, and its figures say more about the neighbours than about the code.
        busy, steal = (end - start for start, end in zip(started, _cpu_times(), strict=True))
        self.add("cpu_steal", 100 * steal / busy if busy else 0.0, "% of busy CPU time")
        self._write(Path(output))

    def _measure(self, worker: User, lead: User, heavy: Case, copied: Case, *, skip_load: bool) -> None:
        # The same machine runs faster or slower from one hour to the next: the bare view, measured alike,
        # is the yardstick the pages' figures can be read against.
        self._page("bare_view", worker, "/health/")
        self._page("worker_caseload", worker, "/casussen/")
        self._page("team_lead_list", lead, "/casussen/team/")
        self._profile(lead, "/casussen/team/")
        self._page(
            "case_page_200_contacts",
            heavy.assignments.get(role="director", ends_at__isnull=True).user,
            f"/casussen/{heavy.pk}/",
        )
        self._search(lead)
        self._evaluation()
        self._pdf(heavy)
        self._table(lead)
        self._reports(lead)
        self._privacy(copied)
        if not skip_load:
            self._throughput(worker, lead, heavy)

    def add(self, name: str, value, unit: str) -> None:
        text = f"{value:.1f}" if isinstance(value, float) else str(value)
        self.figures.append((name, text, unit))
        self.stdout.write(f"BENCH {name} {text} {unit}")

    def _subjects(self):
        open_cases = Q(case_assignments__case__phase__in=["intake", "voluntary", "pressure", "investigation"])
        directors = (
            User.objects.filter(case_assignments__role="director", case_assignments__ends_at__isnull=True)
            .annotate(open=Count("case_assignments", filter=open_cases))
            .order_by("-open")
        )
        worker = min(directors[:200], key=lambda user: abs(user.open - 40))
        self.add("worker_caseload_cases", worker.open, "cases")
        team = (
            Team.objects.annotate(open=Count("cases", filter=~Q(cases__phase="closed")))
            .order_by("-open")
            .first()
        )
        lead = User.objects.filter(groups=team.lead_group).first()
        self.add("team_lead_list_cases", team.open, "open cases")
        # The busiest case the local team directs (its director writes the plan the PDF figure prints), and
        # the next one for the family's copy: the pages measured here are read into the busiest one's access
        # log with every run, and a copy of it would grow from run to run.
        heavy, copied = (
            Case.objects.filter(phase__in=["intake", "voluntary", "pressure"])
            .annotate(n=Count("contacts"))
            .order_by("-n", "pk")[:2]
        )
        self.add("case_page_contacts", heavy.n, "contacts")
        self.add("dataset_persons", Person.objects.count(), "persons")
        self.add("dataset_cases", Case.objects.count(), "cases")
        self.add("dataset_contacts", Contact.objects.count(), "contacts")
        return worker, lead, heavy, copied

    def _timed(self, client: Client, url: str) -> tuple[list[float], int]:
        for _ in range(5):
            assert client.get(url).status_code == 200, url
        times = []
        for _ in range(self.requests):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, url
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return times, len(queries)

    def _page(self, name: str, user: User, url: str) -> None:
        client = Client()
        client.force_login(user)
        times, queries = self._timed(client, url)
        self.add(f"{name}_p50", statistics.median(times), "ms")
        self.add(f"{name}_p95", percentile(times, 0.95), "ms")
        self.add(f"{name}_queries", queries, "queries")

    def _profile(self, user: User, url: str) -> None:
        """Where 20 requests of a page spend their time: the top entries by own time, printed and kept."""
        import cProfile
        import io
        import pstats

        client = Client()
        client.force_login(user)
        client.get(url)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(20):
            client.get(url)
        profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats("tottime").print_stats(PROFILE_ENTRIES)
        entries = [line for line in out.getvalue().splitlines() if line.strip()[:1].isdigit()][1:]
        root = str(settings.BASE_DIR) + "/"
        self.profile = [
            line.replace(root, "").replace(".venv/lib/python3.11/site-packages/", "") for line in entries
        ]
        self.stdout.write(f"PROFILE {url} (20 requests, by own time)")
        for line in self.profile:
            self.stdout.write(f"PROFILE {line}")

    def _table(self, lead: User) -> None:
        """The Beschermtafel: a meeting of 20 families of the lead's team, its pack, the chair's pages."""
        chair, _ = User.objects.get_or_create(username="bench_voorzitter", defaults={"first_name": "Bench"})
        user_set_roles_and_teams(user=chair, roles=[Role.TABLE_CHAIR], teams=[])
        table, _ = Table.objects.get_or_create(
            name="Beschermtafel (benchmark)", defaults={"phone": "075-0000000"}
        )
        table.chairs.set([chair])
        meeting = table.meetings.first() or self._table_meeting(
            table, chair, lead.groups.get(led_team__isnull=False)
        )
        self.add("table_meeting_items", meeting.items.count(), "items")
        pack = table_services.pack_request(meeting=meeting, by=chair)
        started = time.perf_counter()
        table_services.pack_build(pack_id=pack.pk)
        self.add("table_pack_seconds", time.perf_counter() - started, "s")
        pack.refresh_from_db()
        self.add("table_pack_pages", pack.pages, "pages")
        self._page("table_chair_inbox", chair, "/beschermtafel/")
        self._page("table_agenda_page", chair, f"/beschermtafel/vergadering/{meeting.pk}/")

    def _table_meeting(self, table: Table, chair: User, lead_group) -> Meeting:
        today = timezone.localdate()
        meeting = table_services.meeting_save(
            table=table, by=chair, date=today + dt.timedelta(days=7), starts_at=dt.time(9, 0),
            place="Stadhuis", capacity_minutes=20 * 60, members=[],
        )  # fmt: skip
        cases = Case.objects.filter(
            team__lead_group=lead_group, phase__in=["voluntary", "pressure"]
        ).order_by("pk")
        for case in cases[:20]:
            director = case.assignments.get(role="director", ends_at__isnull=True).user
            plan = case.safety_plans.filter(state="agreed").first()
            fields = {**SUBMISSION, "table": table, "safety_plan": plan, "parents_informed_on": today,
                      "children_informed_on": today}  # fmt: skip
            draft = table_services.submission_save_draft(
                case=case, by=director, form_token=uuid.uuid4(), fields=fields
            )
            sent = table_services.submission_submit(
                submission=draft, by=director, expected_version=draft.version
            )
            table_services.agenda_item_add(meeting=meeting, submission=sent, by=chair, expected_version=None)
        return meeting

    def _reports(self, lead: User) -> None:
        """The full report of the last whole year: for the largest team (its lead), and for the whole region
        (a municipality served by every team of the dataset)."""
        query = f"/rapportages/?period=year&year={timezone.localdate().year - 1}"
        self._page("report_largest_team", lead, query)
        municipality = Municipality.objects.get(code="GM0479")  # the dataset's (devdata/dataset.py)
        for team in Team.objects.filter(organisation__name=MARKER):
            team.municipalities.add(municipality)
        organisation, _ = Organisation.objects.get_or_create(
            name="Gemeente (benchmark)",
            defaults={"kind": Organisation.Kind.MUNICIPALITY, "municipality": municipality},
        )
        region, _ = User.objects.get_or_create(
            username="bench_gemeente", defaults={"organisation": organisation}
        )
        user_set_roles_and_teams(user=region, roles=[Role.MUNICIPALITY], teams=[])
        self.add("report_region_teams", Team.objects.filter(municipalities=municipality).count(), "teams")
        self._page("report_region", region, query)

    def _privacy(self, case: Case) -> None:
        """A family's copy of a busy file (PDF with its access list), and the weekly retention sweep with
        every closed file of the dataset past its term (a day far ahead; rolled back, nothing is kept)."""
        from io import BytesIO

        from pypdf import PdfReader

        from privacy import services as privacy_services

        officer, _ = User.objects.get_or_create(username="bench_privacy", defaults={"first_name": "Bench"})
        user_set_roles_and_teams(user=officer, roles=[Role.PRIVACY_OFFICER], teams=[])
        person = case.children.first()
        self.add("inzage_copy_contacts", case.contacts.count(), "contacts")
        self.add("inzage_copy_access_events", AccessEvent.objects.filter(case=case).count(), "events")
        times, pages, queries = [], 0, 0
        for _ in range(3):
            with transaction.atomic():
                request = privacy_services.rights_request_record(
                    by=officer, kind="inzage", person=person, case=None, requester="parent",
                    received_on=timezone.localdate(),
                )  # fmt: skip
                started = time.perf_counter()
                with CaptureQueriesContext(connection) as captured:
                    pdf = privacy_services.inzage_copy_make(by=officer, request=request)
                times.append(time.perf_counter() - started)
                pages, queries = len(PdfReader(BytesIO(pdf)).pages), len(captured)
                transaction.set_rollback(True)
        self.add("inzage_copy_pages", pages, "pages")
        self.add("inzage_copy_median", statistics.median(times), "s")
        self.add("inzage_copy_queries", queries, "queries")
        far = timezone.localdate() + dt.timedelta(days=366 * (settings.RETENTION_YEARS + 1))
        with transaction.atomic():
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                listed = privacy_services.retention_sweep(today=far)["listed"]
            self.add("retention_sweep", time.perf_counter() - started, "s")
            self.add("retention_sweep_listed", listed, "files")
            self.add("retention_sweep_queries", len(captured), "queries")
            transaction.set_rollback(True)

    def _search(self, lead: User) -> None:
        client = Client()
        client.force_login(lead)
        terms = [name.lower()[:4] for name in FIRST[:15] + LAST[:15]]
        client.get("/casussen/zoeken/", {"q": terms[-1]})  # the first request loads the page's templates
        times = []
        for term in terms * 2:
            started = time.perf_counter()
            assert client.get("/casussen/zoeken/", {"q": term}).status_code == 200
            times.append((time.perf_counter() - started) * 1000)
        self.add("name_search_p95", percentile(times, 0.95), "ms")

    def _evaluation(self) -> None:
        # A worker loads the holiday calendar once per process (0.1–0.16 s), not once per evaluation.
        add_working_days(timezone.localdate(), 1)
        Flag.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            flags_evaluate()
            seconds = time.perf_counter() - started
        self.add("stalled_case_open_cases", Case.objects.exclude(phase="closed").count(), "cases")
        self.add("stalled_case_evaluation", seconds, "s")
        self.add("stalled_case_evaluation_queries", len(queries), "queries")
        self.add("stalled_case_open_flags", Flag.objects.filter(resolved_at__isnull=True).count(), "flags")
        started = time.perf_counter()
        flags_evaluate()
        self.add("stalled_case_evaluation_again", time.perf_counter() - started, "s")

    def _pdf(self, case: Case) -> None:
        from io import BytesIO

        from pypdf import PdfReader

        director = case.assignments.get(role="director", ends_at__isnull=True).user
        plan = plan_services.plan_start(case=case, by=director)
        worries = [
            {
                "who_worried": f"School ({n})",
                "behaviour": "Vader schreeuwt en gooit met spullen als hij boos is.",
                "consequence": "De kinderen zijn bang en slapen slecht; zij kunnen gewond raken.",
                "goal": "Iedereen ziet dat het thuis rustig blijft, ook als vader boos is.",
                "goal_duration": "drie maanden",
                "agreements": [
                    {"who": who, "what": "belt en kijkt hoe het gaat", "when": "elke week"}
                    for who in ("Oma", "Vader", "Moeder")
                ],
            }
            for n in range(3)
        ]
        content = {
            "made_by": "Moeder\nVader\nOma\nJeugdprofessional",
            "family_goals": "Rust in huis.",
            "strengths": "Oma helpt.",
            "supervisor": "Oma",
            "evaluation_on": timezone.localdate() + dt.timedelta(weeks=6),
            "evaluation_with": "ouders",
            "child_section": "Als papa boos is, bel ik oma.",
            "worries": worries,
            "network": [
                {
                    "name": f"Netwerk {n}",
                    "relation": "buur",
                    "phone": "06-12345678",
                    "role": "toezicht",
                    "child_can_call": n == 0,
                }
                for n in range(3)
            ],
            "emergency_steps": [{"signal": "Ruzie", "action": "Naar oma", "call": "Oma"}] * 3,
            "scores": [{"participant": "Moeder", "score": 5}, {"participant": "Vader", "score": 6}],
        }
        plan_services.plan_save(
            plan=plan, by=director, content=content, expected_edit_version=plan.edit_version
        )
        plan.refresh_from_db()
        times, pages = [], 0
        for _ in range(10):
            started = time.perf_counter()
            pdf = plan_pdf(plan)
            times.append(time.perf_counter() - started)
            pages = len(PdfReader(BytesIO(pdf)).pages)
        self.add("safety_plan_pdf_pages", pages, "pages")
        self.add("safety_plan_pdf_median", statistics.median(times), "s")
        plan.delete()

    def _throughput(self, worker: User, lead: User, heavy: Case) -> None:
        """Requests per second under gunicorn for the team list, the caseload and the busiest case page, each
        next to the bare view with the same logged-in session (the ratios issue 19 sets targets for)."""
        director = heavy.assignments.get(role="director", ends_at__isnull=True).user
        pages = [
            ("team_lead_list", lead, "/casussen/team/"),
            ("worker_caseload", worker, "/casussen/"),
            ("case_page", director, f"/casussen/{heavy.pk}/"),
        ]
        cookies = {}
        for _, user, _ in pages:
            client = Client()
            client.force_login(user)
            cookies[user.pk] = (
                f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
            )
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.bench"}
        server = subprocess.Popen(  # noqa: S603 - our own gunicorn, on loopback
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--workers",
                "4",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=settings.BASE_DIR,
        )
        errors = 0
        rates = []
        try:
            self._wait_for_server()
            bare_rps, failures = self._load("/health/", cookies[lead.pk])
            errors += failures
            for name, user, path in pages:
                rps, failures = self._load(path, cookies[user.pk])
                errors += failures
                rates.append((name, rps))
        finally:
            server.terminate()
            server.wait(timeout=30)
        self.add("bare_view_throughput", bare_rps, "requests/s")
        for name, rps in rates:
            self.add(f"{name}_throughput", rps, "requests/s")
            self.add(f"{name}_vs_bare", 100 * rps / bare_rps if bare_rps else 0.0, "%")
        self.add("load_errors", errors, "errors")

    def _wait_for_server(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                connection_ = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
                connection_.request("GET", "/health/")
                if connection_.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.3)
        raise CommandError("gunicorn did not start")

    def _load(self, path: str, cookie: str) -> tuple[float, int]:
        """wrk, CLIENTS keep-alive connections on two threads for LOAD_SECONDS: requests per second, failures.

        A load generator written in C takes little of the two cores the server runs on; Python threads in this
        process took a share of them that varied with the page under load (ADR 14)."""
        wrk = shutil.which("wrk")
        if wrk is None:
            raise CommandError("wrk is missing: make bench installs it (scripts/ensure-system-deps.sh wrk).")
        result = subprocess.run(  # noqa: S603 - our own load generator, on loopback
            [
                wrk,
                "-t2",
                f"-c{CLIENTS}",
                f"-d{LOAD_SECONDS}s",
                "--timeout",  # a slow answer is slow, not an error (wrk's own limit is 2 s)
                f"{LOAD_SECONDS}s",
                "-H",
                f"Cookie: {cookie}",
                f"http://127.0.0.1:{PORT}{path}",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        rate = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
        if rate is None:
            raise CommandError(f"wrk printed no rate:\n{result.stdout}{result.stderr}")
        failures = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", result.stdout))
        sockets = re.search(
            r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", result.stdout
        )
        failures += sum(int(n) for n in sockets.groups()) if sockets else 0
        return float(rate.group(1)), failures

    def _write(self, output: Path) -> None:
        cpu = next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            postgres = cursor.fetchone()[0]
        when = f"{timezone.localtime():%Y-%m-%d %H:%M}"
        runs, history = self._history(output)
        runs = [*(run for run in runs if run != when), when][-HISTORY_RUNS:]
        for name, value, unit in self.figures:
            history.setdefault((name, unit), {})[when] = value
        lines = [
            "# Benchmarks",
            "",
            f"Written by `make bench` on {when}. "
            f"Machine: {os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, "
            f"Python {platform.python_version()}, PostgreSQL {postgres}.",
            "Server times are measured in-process (Django test client, no network); throughput with gunicorn "
            f"(4 workers) and wrk ({CLIENTS} keep-alive connections, 2 threads) on loopback, "
            f"{LOAD_SECONDS} s each; the bare view (/health/) gets a logged-in session, as the pages do.",
            "",
            "| figure | value | unit |",
            "|---|---|---|",
            *[f"| {name} | {value} | {unit} |" for name, value, unit in self.figures],
            "",
            "## Team list profile",
            "",
            "Twenty requests of the team lead's list under cProfile, the entries with the most own time:",
            "",
            "```",
            *self.profile,
            "```",
            "",
            "## History",
            "",
            "Each figure in the last runs of `make bench` on this kind of machine, the latest last.",
            "",
            "| figure | unit | " + " | ".join(runs) + " |",
            "|---|---|" + "---|" * len(runs),
            *[
                f"| {name} | {unit} | " + " | ".join(values.get(run, "") for run in runs) + " |"
                for (name, unit), values in history.items()
            ],
            "",
        ]
        output.write_text("\n".join(lines), encoding="utf-8")

    @staticmethod
    def _history(output: Path) -> tuple[list[str], dict[tuple[str, str], dict[str, str]]]:
        """The runs and figures of the file as it was: its history table, or else its single run."""
        if not output.exists():
            return [], {}
        text = output.read_text(encoding="utf-8")
        history: dict[tuple[str, str], dict[str, str]] = {}
        if "## History" in text:
            rows = [line for line in text.split("## History", 1)[1].splitlines() if line.startswith("| ")]
            if not rows:
                return [], {}
            runs = [cell.strip() for cell in rows[0].strip("|").split("|")][2:]
            for row in rows[1:]:
                name, unit, *values = [cell.strip() for cell in row.strip("|").split("|")]
                pairs = zip(runs, values, strict=False)
                history[(name, unit)] = {run: value for run, value in pairs if value}
            return runs, history
        written = re.search(r"Written by `make bench` on ([0-9-]+ [0-9:]+)", text)
        if written is None:
            return [], {}
        for row in text.splitlines():
            cells = [cell.strip() for cell in row.strip("|").split("|")]
            if row.startswith("| ") and len(cells) == 3 and cells[0] not in ("figure",):
                history[(cells[0], cells[2])] = {written[1]: cells[1]}
        return [written[1]], history
