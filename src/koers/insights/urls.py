from django.urls import path

from koers.insights import company_views, pipeline_page, views, win_loss_page
from koers.insights.reports.urls import urlpatterns as report_urls
from koers.insights.subscriptions import views as subscriptions

app_name = "insights"
urlpatterns = [
    path("insights/", views.dashboard, name="dashboard"),
    path("insights/team/", views.team, name="team"),
    path("insights/company/", company_views.company_page, name="company"),
    path("insights/pipeline/", pipeline_page.pipeline, name="pipeline"),
    path("insights/win-loss/", win_loss_page.win_loss_page, name="win_loss"),
    path("insights/win-loss/deals/", win_loss_page.win_loss_deals, name="win_loss_deals"),
    path(
        "insights/win-loss/deals/export.xlsx",
        win_loss_page.win_loss_export,
        name="win_loss_export",
    ),
    path("insights/drill/<slug:key>/", views.drill, name="drill"),
    path("insights/drill/<slug:key>/export.xlsx", views.drill_export, name="drill_export"),
    path("insights/subscriptions/", subscriptions.subscription_list, name="subscriptions"),
    path("insights/subscriptions/new/", subscriptions.subscribe, name="subscribe"),
    path("insights/subscriptions/<int:pk>/stop/", subscriptions.unsubscribe, name="unsubscribe"),
    path(
        "insights/subscriptions/<int:pk>/send/",
        subscriptions.send_now,
        name="subscription_send",
    ),
    *report_urls,
]
