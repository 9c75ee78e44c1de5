from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FlagsConfig(AppConfig):
    name = "flags"
    verbose_name = _("Signals")

    def ready(self) -> None:
        from functools import partial

        from django.db.models import F
        from django.db.models.signals import post_migrate

        from accounts.services import role_groups_sync
        from cases import hooks, timeline
        from cases.access import HANDLE_FLAGS
        from flags import columns, registry, selectors, services
        from flags.models import Flag

        # The functional admin edits RuleSetting (accounts.roles.ADMIN_PERMISSIONS); its permission rows
        # exist only once this app has migrated, after accounts' own sync ran: sync again then.
        post_migrate.connect(
            lambda **kwargs: role_groups_sync(), sender=self, weak=False, dispatch_uid="flags-role-groups"
        )
        # Every installed app's rules/ package (cases, referrals, safetyplans, measures, tables).
        registry.discover()
        # Rules evaluated at once when a service says their event happened (Rule.events).
        for event in sorted({event for rule in registry.RULES.values() for event in rule.events}):
            hooks.on(event, partial(services.event_rules_evaluate, event))

        hooks.case_annotate("has_open_flags", selectors.has_open_flags)
        hooks.column_register(
            hooks.Column(
                key="flags",
                label=_("Signals"),
                annotations=selectors.caseload_annotations,
                sort=("worst_severity", "flag_count"),
                cell=columns.caseload_cell,
            )
        )
        hooks.panel_register(
            hooks.Panel(
                template="flags/_flags.html",
                context=lambda *, case, perms: {
                    "flags": selectors.case_open_flags(case),
                    "can_handle_flags": bool(perms & HANDLE_FLAGS),
                },
            )
        )
        timeline.register(
            timeline.Source(
                kind="flag",
                entries=lambda case: Flag.objects.filter(case=case).annotate(at=F("opened_at")),
                load=lambda ids: Flag.objects.filter(pk__in=ids).select_related("acknowledged_by"),
                template="flags/timeline/flag.html",
            )
        )
