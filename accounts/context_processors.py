from accounts.navigation import navigation_for
from accounts.roles import roles_of


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = roles_of(user)
    return {"navigation": navigation_for(roles=roles, path=request.path), "user_roles": roles}
