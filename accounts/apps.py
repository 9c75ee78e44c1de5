from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self) -> None:
        from accounts.services import role_groups_sync
        from accounts.session import session_started

        # The session's clock (accounts/session.py) starts at the login itself.
        user_logged_in.connect(session_started, dispatch_uid="zicht-session-started")

        # Role groups need the permission rows, which Django creates after migrating.
        post_migrate.connect(lambda **kwargs: role_groups_sync(), sender=self, weak=False)
