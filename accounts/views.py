from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.roles import ROLE_TASKS


@login_required
def home(request):
    """The start page: per role, what this user does in Zicht."""
    sections = [{"role": role, "tasks": ROLE_TASKS[role]} for role in request.user.roles]
    return render(request, "accounts/home.html", {"sections": sections, "teams": request.user.teams})
