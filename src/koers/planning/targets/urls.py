"""The URLs of targets, in the planning namespace (`planning/urls.py` adds them)."""

from django.urls import path

from koers.planning.targets import progress_views, spread_views, views

urlpatterns = [
    path("targets/", views.target_grid, name="target_grid"),
    path("targets/cell/", views.target_cell, name="target_cell"),
    path("targets/import/", views.target_import, name="target_import"),
    path("targets/spread/", views.target_spread, name="target_spread"),
    path("targets/<int:pk>/spread/", spread_views.target_spread_parts, name="target_spread_parts"),
    path("targets/profiles/", views.profile_list, name="target_profiles"),
    path("targets/progress/", progress_views.target_progress, name="target_progress"),
    path(
        "targets/<int:pk>/drilldown/<str:figure>/",
        progress_views.target_drilldown,
        name="target_drilldown",
    ),
    path("targets/<int:pk>/deviation/", progress_views.target_deviation, name="target_deviation"),
]
