from functools import wraps

from django.core.exceptions import PermissionDenied

from accounts.roles import Role, roles_of


def role_required(*roles: Role):
    """Allow the view only to users holding one of the roles (403 otherwise; login is checked first)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not set(roles).intersection(roles_of(request.user)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
