"""The URLs of the reports, included by `insights/urls.py` (same namespace)."""

from django.urls import path

from koers.insights.reports import account_views, views

urlpatterns = [
    path("insights/reports/", views.report_list, name="reports"),
    path("insights/reports/team/", views.team_reports, name="team_reports"),
    path("insights/reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("insights/reports/<int:pk>/comment/", views.report_update, name="report_update"),
    path("insights/reports/<int:pk>/remark/", views.report_comment, name="report_comment"),
    path(
        "insights/reports/<int:pk>/deviations/<slug:key>/",
        views.report_deviation,
        name="report_deviation",
    ),
    path("insights/reports/<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("insights/reports/<int:pk>/report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("insights/reports/<int:pk>/<slug:move>/", views.report_move, name="report_move"),
    path(
        "insights/accounts/<int:pk>/year-report/",
        account_views.account_review_page,
        name="account_review",
    ),
    path(
        "insights/accounts/<int:pk>/year-report.pdf",
        account_views.account_review_pdf,
        name="account_review_pdf",
    ),
]
