from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Municipality, Organisation, Team, User
from accounts.services import team_save, user_set_roles_and_teams
from devdata.demo import accounts as demo
from devdata.demo import api as api_demo
from devdata.demo import cases as cases_demo
from devdata.demo import privacy as privacy_demo
from devdata.demo import referrals as referrals_demo
from devdata.demo import reports as reports_demo
from devdata.demo import safetyplans as safetyplans_demo
from devdata.demo import tables as tables_demo
from flags.services import flags_evaluate


class Command(BaseCommand):
    help = "Load the demo organisations, teams and users (password 'demo'). Running it again changes nothing."

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "seed_demo creates users with the password 'demo' and is refused under these settings "
                f"({settings.SETTINGS_MODULE}). Use config.settings.dev."
            )
        with transaction.atomic():
            created = self._seed()
            cases = cases_demo.seed(
                team=Team.objects.get(name=demo.DEMO_CASE_TEAM),
                workers=[User.objects.get(username=name) for name in demo.DEMO_DIRECTORS],
                municipality=Municipality.objects.get(name="Zaanstad"),
                outside={role: User.objects.get(username=name) for role, name in demo.DEMO_OUTSIDE.items()},
            )
            referrals = referrals_demo.seed(
                vt_worker=User.objects.get(username="veiligthuis"),
                team=Team.objects.get(name=demo.DEMO_CASE_TEAM),
                other_team=Team.objects.get(name="Team Zaandam-West"),
                acceptor=User.objects.get(username="teamleider"),
                director=User.objects.get(username="jeugdprofessional"),
                municipality=Municipality.objects.get(name="Zaanstad"),
            )
            plans = safetyplans_demo.seed(director=User.objects.get(username="jeugdprofessional"))
            submissions = tables_demo.seed(
                chair=User.objects.get(username="voorzitter"),
                member=User.objects.get(username="tafellid"),
                investigator=User.objects.get(username="raadsonderzoeker"),
                director=User.objects.get(username="jeugdprofessional"),
            )
            history = reports_demo.seed(
                team=Team.objects.get(name=demo.DEMO_CASE_TEAM),
                other_team=Team.objects.get(name="Team Zaandam-West"),
                vt_worker=User.objects.get(username="veiligthuis"),
                directors=[User.objects.get(username=name) for name in demo.DEMO_DIRECTORS],
                chair=User.objects.get(username="voorzitter"),
                investigator=User.objects.get(username="raadsonderzoeker"),
                gi_worker=User.objects.get(username="jeugdbeschermer"),
                municipality=Municipality.objects.get(name="Zaanstad"),
            )
            requests = privacy_demo.seed(
                team=Team.objects.get(name=demo.DEMO_CASE_TEAM),
                director=User.objects.get(username="jeugdprofessional"),
                officer=User.objects.get(username="privacy"),
                municipality=Municipality.objects.get(name="Zaanstad"),
            )
            token = api_demo.seed(
                admin=User.objects.get(username="beheerder"),
                organisation=Organisation.objects.get(name="Veilig Thuis Zaanstreek-Waterland"),
            )
            # The signals the beat job would raise, there at once for whoever tries Zicht.
            flags_evaluate()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready ({created} new users, {cases} new cases, {referrals} new handovers, "
                f"{plans} new safety plans, {submissions} new Beschermtafel submissions, "
                f"{history} handovers of the past year for the report, {requests} requests of families)."
            )
        )
        if token:
            self.stdout.write(
                f"Demo API client of Veilig Thuis (POST /api/v1/meldingen): Authorization: Bearer {token}\n"
                "  (shown this once; a new token: /beheer/ > API clients > new token)"
            )
        self.stdout.write("Demo logins (password for all: demo):")
        for user in demo.USERS:
            self.stdout.write(f"  {user.username:<18} {user.role.label}")

    def _seed(self) -> int:
        municipalities = {}
        for code, name in demo.MUNICIPALITIES:
            municipalities[name], _ = Municipality.objects.get_or_create(code=code, defaults={"name": name})
        organisations, teams = {}, {}
        for name, kind, team_names in demo.ORGANISATIONS:
            organisation, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
            if name in demo.ORGANISATION_MUNICIPALITIES and organisation.municipality_id is None:
                organisation.municipality = municipalities[demo.ORGANISATION_MUNICIPALITIES[name]]
                organisation.save(update_fields=["municipality"])
            organisations[name] = organisation
            for team_name in team_names:
                team = Team.objects.filter(organisation=organisation, name=team_name).first()
                if team is None:
                    team = team_save(
                        team=Team(
                            organisation=organisation,
                            name=team_name,
                            phone=demo.TEAM_PHONES.get(team_name, ""),
                        )
                    )
                    team.municipalities.set(
                        municipalities[name] for name in demo.TEAM_MUNICIPALITIES.get(team_name, [])
                    )
                teams[team_name] = team
        for name, team_name in demo.HANDOVER_TEAMS.items():
            Municipality.objects.filter(pk=municipalities[name].pk, handover_team=None).update(
                handover_team=teams[team_name]
            )

        created = 0
        for spec in demo.USERS:
            user = User.objects.filter(username=spec.username).first()
            if user is not None:
                continue
            user = User(
                username=spec.username,
                first_name=spec.first_name,
                last_name=spec.last_name,
                email=f"{spec.username}@zicht.example",
                phone=spec.phone,
                organisation=organisations[spec.organisation],
            )
            user.set_password(demo.DEMO_PASSWORD)
            user.save()
            user_set_roles_and_teams(
                user=user, roles=[spec.role], teams=[teams[spec.team]] if spec.team else []
            )
            created += 1
        return created
