from django.urls import path

from koers.accounts.views import accounts, contacts, privacy, segments

app_name = "accounts"
urlpatterns = [
    path("accounts/", accounts.account_list, name="account_list"),
    path("accounts/new/", accounts.account_create, name="account_create"),
    path("accounts/lookup/", accounts.account_lookup, name="account_lookup"),
    path("accounts/<int:pk>/", accounts.account_detail, name="account_detail"),
    path("accounts/<int:pk>/chain/", accounts.account_tree, name="account_tree"),
    path("accounts/<int:pk>/edit/", accounts.account_edit, name="account_edit"),
    path("accounts/<int:pk>/branches/new/", accounts.branch_create, name="branch_create"),
    path("accounts/<int:pk>/team/", accounts.account_team, name="account_team"),
    path("accounts/<int:pk>/history/", accounts.account_history, name="account_history"),
    path("contacts/", contacts.contact_list, name="contact_list"),
    path("contacts/count/", contacts.contact_count, name="contact_count"),
    path("contacts/new/", contacts.contact_create, name="contact_create"),
    path(
        "accounts/<int:account_pk>/contacts/new/",
        contacts.contact_create,
        name="account_contact_create",
    ),
    path("contacts/retention-review/", privacy.retention_review, name="retention_review"),
    path("contacts/<int:pk>/", contacts.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/edit/", contacts.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/history/", contacts.contact_history, name="contact_history"),
    path(
        "contacts/<int:pk>/personal-data.json",
        privacy.contact_personal_data,
        name="contact_personal_data",
    ),
    path(
        "contacts/<int:pk>/personal-data/",
        privacy.contact_personal_data_page,
        name="contact_personal_data_page",
    ),
    path("contacts/<int:pk>/erase/", privacy.contact_erase, name="contact_erase"),
    path("contacts/<int:pk>/positions/new/", contacts.position_create, name="position_create"),
    path("positions/<int:pk>/edit/", contacts.position_edit, name="position_edit"),
    # the administration area (administrators only)
    path("settings/segments/", segments.segment_list, name="segment_list"),
    path("settings/segments/new/", segments.segment_create, name="segment_create"),
    path("settings/segments/<int:pk>/", segments.segment_edit, name="segment_edit"),
    path("settings/segments/<int:pk>/delete/", segments.segment_delete, name="segment_delete"),
    path(
        "settings/personal-data-exports/",
        privacy.personal_data_export_log,
        name="personal_data_export_log",
    ),
]
