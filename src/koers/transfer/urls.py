from django.urls import path

from koers.transfer import export_views, views

app_name = "transfer"
urlpatterns = [
    path("import/", views.import_start, name="import_start"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
    path("import/<int:pk>/mapping/", views.import_mapping, name="import_mapping"),
    path("import/<int:pk>/run/", views.import_run, name="import_run"),
    path("import/<int:pk>/read/", views.import_read_again, name="import_read_again"),
    path("import/<int:pk>/options/", views.import_options, name="import_options"),
    path("import/<int:pk>/segment/", views.import_segment, name="import_segment"),
    path("import/<int:pk>/left-out.xlsx", views.import_left_out, name="import_left_out"),
    path("import/mappings/<int:pk>/delete/", views.mapping_delete, name="mapping_delete"),
    path(
        "export/accounts.csv",
        export_views.export,
        {"what": "accounts", "fmt": "csv"},
        name="export_accounts_csv",
    ),
    path(
        "export/accounts.xlsx",
        export_views.export,
        {"what": "accounts", "fmt": "xlsx"},
        name="export_accounts_xlsx",
    ),
    path(
        "export/contacts.csv",
        export_views.export,
        {"what": "contacts", "fmt": "csv"},
        name="export_contacts_csv",
    ),
    path(
        "export/contacts.xlsx",
        export_views.export,
        {"what": "contacts", "fmt": "xlsx"},
        name="export_contacts_xlsx",
    ),
]
