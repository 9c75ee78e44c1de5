from accounts.navigation import navigation_for


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = user.roles
    return {"navigation": navigation_for(roles=roles, path=request.path), "user_roles": roles}
