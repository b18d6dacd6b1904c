from django.urls import path

from koers.campaigns import event_urls, lead_urls
from koers.campaigns.views import campaigns, mailings, selection, unsubscribe

app_name = "campaigns"
urlpatterns = [
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaigns.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", campaigns.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/history/", campaigns.campaign_history, name="campaign_history"),
    path("campaigns/<int:pk>/selection/", selection.selection_page, name="selection"),
    path(
        "campaigns/<int:pk>/selection/preview/",
        selection.selection_preview,
        name="selection_preview",
    ),
    path(
        "campaigns/<int:pk>/selection/refresh/",
        selection.selection_refresh,
        name="selection_refresh",
    ),
    path(
        "campaigns/<int:pk>/selection/freeze/", selection.selection_freeze, name="selection_freeze"
    ),
    path(
        "campaigns/<int:pk>/selection/unfreeze/",
        selection.selection_unfreeze,
        name="selection_unfreeze",
    ),
    path("campaigns/<int:pk>/selection/add/", selection.selection_add, name="selection_add"),
    path(
        "campaigns/<int:pk>/selection/remove/", selection.selection_remove, name="selection_remove"
    ),
    path("campaigns/<int:pk>/mailings/new/", mailings.mailing_new, name="mailing_new"),
    path("mailings/<int:pk>/", mailings.mailing_detail, name="mailing_detail"),
    path("mailings/<int:pk>/edit/", mailings.mailing_edit, name="mailing_edit"),
    path("mailings/<int:pk>/test/", mailings.mailing_test, name="mailing_test"),
    path("mailings/<int:pk>/send/", mailings.mailing_send, name="mailing_send"),
    path("mailings/<int:pk>/sends/", mailings.mailing_sends, name="mailing_sends"),
    path("unsubscribe/<str:token>/", unsubscribe.unsubscribe, name="unsubscribe"),
]

# Events: their own module, to keep this list short (decision 139).
urlpatterns += event_urls.urlpatterns
urlpatterns += lead_urls.urlpatterns
