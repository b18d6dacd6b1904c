from django.urls import path

from koers.insights import pipeline_page, views

app_name = "insights"
urlpatterns = [
    path("insights/", views.dashboard, name="dashboard"),
    path("insights/team/", views.team, name="team"),
    path("insights/pipeline/", pipeline_page.pipeline, name="pipeline"),
    path("insights/drill/<slug:key>/", views.drill, name="drill"),
    path("insights/drill/<slug:key>/export.xlsx", views.drill_export, name="drill_export"),
]
