from django.urls import path

from koers.core import views

app_name = "core"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("login/two-factor/", views.two_factor_verify, name="two_factor"),
    path("settings/two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("settings/", views.settings_view, name="settings"),
    path("language/", views.set_language, name="set_language"),
]
