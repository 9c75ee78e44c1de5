from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.views import home
from api.api import api
from config.views import health

admin.site.site_header = _("Zicht administration")
admin.site.site_title = _("Zicht administration")
admin.site.index_title = _("Organisations, teams and users")

urlpatterns = [
    path("", home, name="home"),
    path("account/", include("accounts.urls")),
    path("account/", include("audit.urls")),
    path("casussen/", include("caseloads.urls")),
    path("casussen/", include("cases.urls")),
    path("casussen/", include("flags.urls")),
    path("casussen/", include("measures.urls")),
    path("casussen/", include("reportingcode.urls")),
    path("overdrachten/", include("referrals.urls")),
    path("veiligheidsplan/", include("safetyplans.urls")),
    path("beschermtafel/", include("tables.urls")),
    path("rapportages/", include("reports.urls")),
    path("privacy/", include("privacy.urls")),
    path("api/v1/", api.urls),
    path("beheer/", admin.site.urls),
    path("health/", health, name="health"),
]
