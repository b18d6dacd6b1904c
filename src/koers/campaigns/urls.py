from django.urls import path

from koers.campaigns.views import campaigns, selection

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
]
