from base64 import b32encode

import segno
from axes.helpers import get_cool_off as axes_cool_off
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN, PasswordResetConfirmView
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import hooks, reauth
from accounts.forms import ReauthenticationForm, TokenForm
from accounts.roles import ROLE_TASKS, roles_of
from accounts.services import password_set_from_link, totp_device_for, totp_verify


@login_required
def home(request):
    """The start page: per role, what this user does in Zicht; and their notifications."""
    sections = [{"role": role, "tasks": ROLE_TASKS[role]} for role in roles_of(request.user)]
    notifications = list(request.user.notifications.filter(read_at__isnull=True).order_by("-created_at")[:20])
    # Notifications can name cases and carry an emergency reason: showing them is a read, like a list.
    shown = hooks.cases_named(notifications)
    if shown:
        hooks.access_record(
            user=request.user,
            action="list",
            object_ref="home",
            detail={"cases": shown, "notifications": [notification.pk for notification in notifications]},
        )
    return render(
        request,
        "accounts/home.html",
        {"sections": sections, "teams": request.user.teams, "notifications": notifications},
    )


@login_required
@require_GET
def notification_read(request, pk: int):
    """Opening a notification marks it read and follows its link."""
    notification = get_object_or_404(request.user.notifications, pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return redirect(notification.link or "home")


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request):
    """The second step of logging in; the first time, setting up the authenticator app."""
    device = totp_device_for(request.user)
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not device.verify_is_allowed()[0]:
            form.add_error("token", _("Too many wrong codes. Wait a minute and try again."))
        elif totp_verify(request=request, device=device, token=form.cleaned_data["token"]):
            return redirect(next_url)
        else:
            form.add_error("token", _("This code is not right. Check the time on your phone and try again."))
    context = {"form": form, "next": next_url, "device": device}
    if not device.confirmed:
        context["qr"] = segno.make(device.config_url, error="m").svg_inline(scale=5, title="QR")
        context["secret"] = b32encode(device.bin_key).decode()
    return render(request, "registration/two_factor.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def reauthenticate(request):
    """Confirm it is you before a copy of a file or a bulk export: the password, and the code if set up.

    The password goes through ``authenticate``, so django-axes counts wrong ones as it does at the login
    (and locks this username from this address in the same way). A lockout is shown here, in this page's
    words, instead of the login's lockout page.
    """
    next_url = reauth.safe_next(request, request.POST.get("next") or request.GET.get("next")) or "/"
    device = reauth.confirmed_totp_device(request.user)
    form = ReauthenticationForm(request.POST or None, with_token=device is not None)
    context = {"form": form, "next": next_url, "with_token": device is not None}
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, username=request.user.get_username(), password=form.cleaned_data["password"]
        )
        if getattr(request, "axes_locked_out", False):
            request.axes_locked_out = False  # answered below; axes' middleware would show the login's page
            cool_off = axes_cool_off(request)  # None: locked until the functional administrator lifts it
            minutes = max(1, int(cool_off.total_seconds() // 60)) if cool_off else None
            context |= {"locked": True, "cooloff_minutes": minutes}
            return render(request, "accounts/reauthenticate.html", context, status=429)
        if user is None or user.pk != request.user.pk:
            form.add_error("password", _("This password is not right."))
        elif device is not None and not device.verify_is_allowed()[0]:
            form.add_error("token", _("Too many wrong codes. Wait a minute and try again."))
        elif device is not None and not totp_verify(
            request=request, device=device, token=form.cleaned_data["token"]
        ):
            form.add_error("token", _("This code is not right. Check the time on your phone and try again."))
        else:
            reauth.reauthenticated(request)
            return redirect(next_url)
    return render(request, "accounts/reauthenticate.html", context)


# Setting a password from the e-mailed one-time link (the functional admin never sets one).
class SetPasswordView(PasswordResetConfirmView):
    """Django's reset-confirm page (token checked, then moved out of the URL), in Zicht's words.

    Setting the password also removes the user's two-step devices: they set up the app again.
    """

    template_name = "registration/set_password.html"
    success_url = reverse_lazy("accounts:set-password-done")

    def form_valid(self, form):
        password_set_from_link(user=form.user, password=form.cleaned_data["new_password1"])
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())
