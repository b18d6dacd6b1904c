"""The URLs of account analyses, in the planning namespace (`planning/urls.py` adds them)."""

from django.urls import path

from koers.planning.analysis import views

urlpatterns = [
    path("accounts/<int:pk>/analysis/", views.account_analysis, name="account_analysis"),
    path("accounts/<int:pk>/analyses/", views.analysis_list, name="analysis_list"),
    path("accounts/<int:pk>/analyses/new/", views.analysis_new, name="analysis_new"),
    path("accounts/<int:pk>/analyses/import/", views.analysis_import, name="analysis_import"),
    path("accounts/<int:pk>/analyses/chain/", views.chain_rollup, name="chain_rollup"),
    path("accounts/<int:pk>/analyses/compare/", views.analysis_compare, name="analysis_compare"),
    path("analyses/<int:pk>/", views.analysis_detail, name="analysis_detail"),
    path("analyses/<int:pk>/edit/", views.analysis_edit, name="analysis_edit"),
]
