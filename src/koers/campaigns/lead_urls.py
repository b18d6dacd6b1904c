"""The URLs of leads, responses and results (decision 140), added to the app's `urls.py`."""

from django.urls import path

from koers.campaigns.views import leads, responses, results

urlpatterns = [
    path("campaigns/<int:pk>/leads/", leads.lead_list, name="lead_list"),
    path("campaigns/<int:pk>/results/", results.campaign_results_page, name="campaign_results"),
    path("leads/new/", leads.lead_new, name="lead_new"),
    path("leads/<int:pk>/", leads.lead_detail, name="lead_detail"),
    path("leads/<int:pk>/opportunity/", leads.lead_convert, name="lead_convert"),
    path("sends/<int:pk>/replied/", responses.send_replied, name="send_replied"),
    path("click/<str:token>/", responses.tracked_click, name="tracked_click"),
]
