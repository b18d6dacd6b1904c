from django.urls import path

from koers.complaints.views import complaints, involve, panels, settings, structural

app_name = "complaints"
urlpatterns = [
    path("complaints/", complaints.complaint_list, name="complaint_list"),
    path("complaints/structural/", structural.structural, name="structural"),
    path(
        "complaints/export.csv",
        complaints.complaint_export,
        {"fmt": "csv"},
        name="complaint_export_csv",
    ),
    path(
        "complaints/export.xlsx",
        complaints.complaint_export,
        {"fmt": "xlsx"},
        name="complaint_export_xlsx",
    ),
    path("complaints/new/", complaints.complaint_new, name="complaint_new"),
    path("complaints/<int:pk>/", complaints.complaint_detail, name="complaint_detail"),
    path("complaints/<int:pk>/edit/", complaints.complaint_edit, name="complaint_edit"),
    path("complaints/<int:pk>/tasks/", involve.task_assign, name="task_assign"),
    path("complaints/tasks/<int:pk>/done/", involve.task_done, name="task_done"),
    path("complaints/<int:pk>/comments/", involve.comment_add, name="comment_add"),
    # After the fixed words above: start, solve, verify, reopen, reject, follow-up.
    path(
        "complaints/<int:pk>/<slug:action>/",
        complaints.complaint_action,
        name="complaint_action",
    ),
    path("accounts/<int:pk>/complaints/", panels.account_complaints, name="account_complaints"),
    path("contacts/<int:pk>/complaints/", panels.contact_complaints, name="contact_complaints"),
    path(
        "settings/complaint-categories/",
        settings.category_settings,
        name="category_settings",
    ),
    path(
        "settings/complaint-categories/<int:pk>/",
        settings.category_edit,
        name="category_edit",
    ),
]
