from django.urls import path

from koers.proposals import views

app_name = "proposals"
urlpatterns = [
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/new/", views.proposal_new, name="proposal_new"),
    path(
        "proposals/new/complaint/<int:pk>/",
        views.proposal_from_complaint,
        name="proposal_from_complaint",
    ),
    path("proposals/count/", views.decisions_count, name="decisions_count"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    # Before the decisions' pattern, which would take "edit" and "withdraw" as a decision.
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/withdraw/", views.proposal_withdraw, name="proposal_withdraw"),
    path("proposals/<int:pk>/<slug:decision>/", views.proposal_decide, name="proposal_decide"),
    path(
        "proposals/complaint/<int:pk>/",
        views.complaint_proposals,
        name="complaint_proposals",
    ),
]
