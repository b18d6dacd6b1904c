from django.urls import path

from koers.insights import views
from koers.insights.reports.urls import urlpatterns as report_urls

app_name = "insights"
urlpatterns = [
    path("insights/", views.dashboard, name="dashboard"),
    path("insights/team/", views.team, name="team"),
    path("insights/drill/<slug:key>/", views.drill, name="drill"),
    path("insights/drill/<slug:key>/export.xlsx", views.drill_export, name="drill_export"),
    *report_urls,
]
