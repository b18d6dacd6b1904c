from django.urls import path

from koers.sales.catalogue.views import administration, prices, products

app_name = "sales"
urlpatterns = [
    path("catalogue/", products.product_list, name="product_list"),
    path(
        "catalogue/export.csv", products.product_export, {"fmt": "csv"}, name="product_export_csv"
    ),
    path(
        "catalogue/export.xlsx",
        products.product_export,
        {"fmt": "xlsx"},
        name="product_export_xlsx",
    ),
    path("catalogue/new/", products.product_create, name="product_create"),
    path("catalogue/<int:pk>/", products.product_detail, name="product_detail"),
    path("catalogue/<int:pk>/edit/", products.product_edit, name="product_edit"),
    path("catalogue/<int:pk>/remove/", products.product_remove, name="product_remove"),
    path("settings/catalogue/", administration.group_list, name="group_list"),
    path("settings/catalogue/groups/new/", administration.group_create, name="group_create"),
    path("settings/catalogue/groups/<int:pk>/", administration.group_edit, name="group_edit"),
    path(
        "settings/catalogue/groups/<int:pk>/remove/",
        administration.group_remove,
        name="group_remove",
    ),
    path("settings/catalogue/vat/", administration.vat_rate_list, name="vat_rate_list"),
    path(
        "settings/catalogue/vat/<int:pk>/remove/",
        administration.vat_rate_remove,
        name="vat_rate_remove",
    ),
    path(
        "settings/catalogue/cost-prices/",
        administration.catalogue_settings,
        name="catalogue_settings",
    ),
    path("settings/price-lists/", prices.price_list_list, name="price_list_list"),
    path("settings/price-lists/new/", prices.price_list_create, name="price_list_create"),
    path("settings/price-lists/<int:pk>/", prices.price_list_detail, name="price_list_detail"),
    path(
        "settings/price-lists/<int:pk>/remove/",
        prices.price_list_remove,
        name="price_list_remove",
    ),
    path(
        "settings/price-lists/<int:pk>/prices/",
        prices.price_list_item_add,
        name="price_list_item_add",
    ),
    path(
        "settings/price-lists/<int:pk>/prices/<int:item_pk>/remove/",
        prices.price_list_item_remove,
        name="price_list_item_remove",
    ),
    path("settings/agreed-prices/", prices.agreed_price_list, name="agreed_price_list"),
    path("settings/agreed-prices/new/", prices.agreed_price_create, name="agreed_price_create"),
    path("settings/agreed-prices/<int:pk>/", prices.agreed_price_edit, name="agreed_price_edit"),
    path(
        "settings/agreed-prices/<int:pk>/remove/",
        prices.agreed_price_remove,
        name="agreed_price_remove",
    ),
]
