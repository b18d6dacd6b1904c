from django.urls import path

from koers.gifts.views import gifts, lists, manager, settings

app_name = "gifts"
urlpatterns = [
    path("gifts/", lists.gift_list, name="gift_list"),
    path("gifts/export.csv", lists.gift_export, {"fmt": "csv"}, name="gift_export_csv"),
    path("gifts/export.xlsx", lists.gift_export, {"fmt": "xlsx"}, name="gift_export_xlsx"),
    path("gifts/decisions/", manager.decisions, name="decisions"),
    path("gifts/decisions/count/", manager.decisions_count, name="decisions_count"),
    path("gifts/overview/", manager.overview, name="overview"),
    path("gifts/<int:pk>/", gifts.gift_detail, name="gift_detail"),
    path("gifts/<int:pk>/edit/", gifts.gift_edit, name="gift_edit"),
    path("gifts/<int:pk>/approve/", gifts.gift_approve, name="gift_approve"),
    path("gifts/<int:pk>/refuse/", gifts.gift_refuse, name="gift_refuse"),
    path("gifts/<int:pk>/given/", gifts.gift_given, name="gift_given"),
    path("gifts/<int:pk>/noted/", gifts.gift_noted, name="gift_noted"),
    path("accounts/<int:pk>/gifts/", gifts.account_gifts, name="account_gifts"),
    path("accounts/<int:pk>/gifts/new/", gifts.gift_new, name="gift_new"),
    path("contacts/<int:pk>/gifts/", gifts.contact_gifts, name="contact_gifts"),
    path("settings/gifts/", settings.gift_settings, name="gift_settings"),
]
