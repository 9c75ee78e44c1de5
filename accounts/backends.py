from django.contrib.auth.backends import ModelBackend
from django.db.models import F

from accounts.models import User
from accounts.roles import remember_roles


class ZichtModelBackend(ModelBackend):
    """Django's backend, loading the logged-in user with their organisation and their roles (both shown on
    every page) in one query: a row per group the user is in."""

    def get_user(self, user_id):
        rows = list(
            User.objects.select_related("organisation")
            .filter(pk=user_id)
            .annotate(group_name=F("groups__name"))
        )
        if not rows or not self.user_can_authenticate(rows[0]):
            return None
        user = rows[0]
        remember_roles(user, {row.group_name for row in rows})
        return user
