from django.urls import URLPattern, path

from koers.planning.analysis.urls import urlpatterns as analysis_urls
from koers.planning.plans.urls import urlpatterns as plan_urls
from koers.planning.portfolio.urls import urlpatterns as portfolio_urls
from koers.planning.salesplans.urls import urlpatterns as salesplan_urls
from koers.planning.targets.urls import urlpatterns as target_urls
from koers.planning.views import competitors, market, signals

app_name = "planning"
urlpatterns: list[URLPattern] = [
    *analysis_urls,
    *plan_urls,
    path("market/", market.market_index, name="market_index"),
    path("market/segments/<int:pk>/", market.segment_market, name="segment_market"),
    path(
        "market/product-groups/<int:pk>/",
        market.product_group_market,
        name="product_group_market",
    ),
    *portfolio_urls,
    *target_urls,
    *salesplan_urls,
    path("market/signals/", signals.signal_list, name="signal_list"),
    path(
        "market/signals/export.csv", signals.signal_export, {"fmt": "csv"}, name="signal_export_csv"
    ),
    path(
        "market/signals/export.xlsx",
        signals.signal_export,
        {"fmt": "xlsx"},
        name="signal_export_xlsx",
    ),
    path("market/signals/new/", signals.signal_new, name="signal_new"),
    path("market/signals/<int:pk>/", signals.signal_detail, name="signal_detail"),
    path("market/signals/<int:pk>/edit/", signals.signal_edit, name="signal_edit"),
    path("market/competitors/", competitors.competitor_list, name="competitor_list"),
    path("market/competitors/<int:pk>/", competitors.competitor_detail, name="competitor_detail"),
    path("market/competitors/<int:pk>/edit/", competitors.competitor_edit, name="competitor_edit"),
    path("accounts/<int:pk>/signals/", signals.account_signals, name="account_signals"),
    path(
        "accounts/<int:pk>/competitors/",
        competitors.account_competitors,
        name="account_competitors",
    ),
    path(
        "accounts/<int:pk>/competitors/<int:presence_pk>/remove/",
        competitors.account_competitor_remove,
        name="account_competitor_remove",
    ),
    path(
        "activities/<int:pk>/market-information/",
        signals.report_market_information,
        name="report_market_information",
    ),
]
