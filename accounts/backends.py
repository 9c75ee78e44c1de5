from django.contrib.auth.backends import ModelBackend

from accounts.models import User


class ZichtModelBackend(ModelBackend):
    """Django's backend, loading the logged-in user with their organisation (shown on every page)."""

    def get_user(self, user_id):
        user = User.objects.select_related("organisation").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
