"""The URLs of sales plans, in the planning namespace (`planning/urls.py` adds them)."""

from django.urls import path

from koers.planning.salesplans import edits, views

urlpatterns = [
    path("sales-plans/", views.salesplan_list, name="salesplan_list"),
    path("sales-plans/new/", views.salesplan_new, name="salesplan_new"),
    path("sales-plans/general/", views.salesplan_general, name="salesplan_general"),
    path("sales-plans/<int:pk>/", views.salesplan_detail, name="salesplan_detail"),
    path("sales-plans/<int:pk>/edit/", views.salesplan_edit, name="salesplan_edit"),
    path("sales-plans/<int:pk>/proposals/new/", edits.proposal_new, name="salesproposal_new"),
    path("sales-plans/<int:pk>/targets/", edits.target_add, name="salesplan_target_add"),
    path("sales-plans/<int:pk>/actions/", edits.action_add, name="salesplan_action_add"),
    path("sales-plans/<int:pk>/submit/", edits.salesplan_submit, name="salesplan_submit"),
    path("sales-plans/<int:pk>/ask-more/", edits.salesplan_ask_more, name="salesplan_ask_more"),
    path("sales-proposals/<int:pk>/edit/", edits.proposal_edit, name="salesproposal_edit"),
    path("sales-proposals/<int:pk>/decide/", edits.proposal_decide, name="salesproposal_decide"),
    path(
        "sales-plan-targets/<int:pk>/remove/",
        edits.target_remove,
        name="salesplan_target_remove",
    ),
    path(
        "sales-plan-actions/<int:pk>/remove/",
        edits.action_remove,
        name="salesplan_action_remove",
    ),
    path(
        "sales-plan-actions/<int:pk>/activity/",
        edits.action_activity,
        name="salesplan_action_activity",
    ),
    path("sales-actions/", views.sales_action_list, name="sales_action_list"),
    path("sales-actions/new/", views.sales_action_new, name="sales_action_new"),
    path("sales-actions/<int:pk>/edit/", views.sales_action_edit, name="sales_action_edit"),
]
