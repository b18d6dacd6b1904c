"""The URLs of the portfolio and account health, in the planning namespace."""

from django.urls import path

from koers.planning.portfolio import views

urlpatterns = [
    path("portfolio/", views.portfolio, name="portfolio"),
    path(
        "portfolio/<str:attractiveness>/<str:relationship>/",
        views.portfolio_cell,
        name="portfolio_cell",
    ),
    path("accounts/<int:pk>/health/", views.account_health, name="account_health"),
]
