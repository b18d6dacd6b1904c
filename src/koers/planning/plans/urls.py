"""The URLs of account plans, in the planning namespace (`planning/urls.py` adds them)."""

from django.urls import path

from koers.planning.plans import views, views_extras

urlpatterns = [
    path("accounts/<int:pk>/plans/panel/", views.account_plans, name="account_plans"),
    path("accounts/<int:pk>/plans/", views.plan_list, name="plan_list"),
    path("accounts/<int:pk>/plans/new/", views.plan_new, name="plan_new"),
    path("plans/templates/", views.template_list, name="template_list"),
    path("plans/templates/<str:plan_type>/", views.template_edit, name="template_edit"),
    path("plans/settings/", views.plan_settings, name="plan_settings"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/discussed/", views.plan_discussed, name="plan_discussed"),
    path("plans/<int:pk>/goals/new/", views.goal_new, name="goal_new"),
    path("plans/<int:pk>/team/", views.team_add, name="team_add"),
    path("plans/<int:pk>/team/<int:member_pk>/remove/", views.team_remove, name="team_remove"),
    path("plans/<int:pk>/submit/", views.plan_move, {"move": "submit"}, name="plan_submit"),
    path("plans/<int:pk>/approve/", views.plan_move, {"move": "approve"}, name="plan_approve"),
    path("plans/<int:pk>/return/", views.plan_move, {"move": "return"}, name="plan_return"),
    path("plans/<int:pk>/revise/", views.plan_move, {"move": "revise"}, name="plan_revise"),
    path("plans/<int:pk>/comments/", views.comment_add, name="plan_comment"),
    path("plans/<int:pk>/proposals/", views.proposal_add, name="plan_proposal"),
    path("plans/<int:pk>/versions/", views.version_list, name="plan_versions"),
    path("plans/<int:pk>/versions/<int:number>/", views.version_detail, name="plan_version"),
    path("plan-goals/<int:pk>/edit/", views.goal_edit, name="goal_edit"),
    path("plan-goals/<int:pk>/actions/new/", views.action_new, name="action_new"),
    path("plan-actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("plan-actions/<int:pk>/activity/", views.action_activity, name="action_activity"),
    path("plan-proposals/<int:pk>/answer/", views.proposal_answer, name="proposal_answer"),
    # Monitoring and the overviews (decision 127).
    path("plans/", views.plan_index, name="plan_index"),
    path("plans/reviews/", views.review_list, name="review_list"),
    path("plans/overview/", views.plan_overview, name="plan_overview"),
    path("plans/overview/deadline/", views.deadline_save, name="plan_deadline"),
    path(
        "plans/overview/export.xlsx",
        views.overview_export,
        {"fmt": "xlsx"},
        name="plan_overview_export_xlsx",
    ),
    path(
        "plans/overview/export.csv",
        views.overview_export,
        {"fmt": "csv"},
        name="plan_overview_export_csv",
    ),
    path("plans/<int:pk>/progress/", views.plan_progress, name="plan_progress"),
    path("plans/<int:pk>/reviews/new/", views.review_new, name="review_new"),
    path("plan-goals/<int:pk>/deviations/new/", views.deviation_new, name="deviation_new"),
    # The whitespace grid, the realism check and the PDF (docs/decisions.md, 128).
    path("accounts/<int:pk>/whitespace/", views_extras.whitespace_grid, name="whitespace"),
    path(
        "accounts/<int:pk>/whitespace/<int:row>/<int:group>/",
        views_extras.whitespace_cell,
        name="whitespace_cell",
    ),
    path(
        "accounts/<int:pk>/whitespace/<int:row>/<int:group>/estimate/",
        views_extras.whitespace_estimate,
        name="whitespace_estimate",
    ),
    path(
        "accounts/<int:pk>/whitespace/<int:row>/<int:group>/goal/",
        views_extras.whitespace_goal,
        name="whitespace_goal",
    ),
    path(
        "accounts/<int:pk>/whitespace/<int:row>/<int:group>/opportunity/",
        views_extras.whitespace_opportunity,
        name="whitespace_opportunity",
    ),
    path("plans/<int:pk>/realism/", views_extras.plan_realism, name="plan_realism"),
    path("plans/<int:pk>/pdf/", views_extras.plan_pdf, name="plan_pdf"),
]
