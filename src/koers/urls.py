from django.contrib import admin
from django.urls import include, path

from koers.core import floor
from koers.core import views as core_views

# A lost database is a 503 even when the middleware hit it before any view (core/outage.py).
handler500 = "koers.core.outage.server_error"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    # The benchmark's floor: a signed-in "ok" (bench/http.py, docs/performance.md).
    path("floor", floor.floor, name="floor"),
    path("", include("koers.core.urls")),
    path("", include("koers.accounts.urls")),
    path("", include("koers.transfer.urls")),
    path("", include("koers.relations.urls")),
    path("", include("koers.notifications.urls")),
    path("", include("koers.complaints.urls")),
    path("", include("koers.proposals.urls")),
    path("", include("koers.gifts.urls")),
    path("", include("koers.sales.urls")),
    path("", include("koers.correspondence.urls")),
    path("", include("koers.aftersales.urls")),
    path("", include("koers.planning.urls")),
    path("", include("koers.insights.urls")),
    path("", include("koers.campaigns.urls")),
    path("", include("koers.api.urls")),
    path("admin/", admin.site.urls),
]
