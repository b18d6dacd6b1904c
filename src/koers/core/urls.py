from django.urls import path

from koers.core import views
from koers.core.terms import views as terms
from koers.core.views import company

app_name = "core"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("login/two-factor/", views.two_factor_verify, name="two_factor"),
    path("settings/two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("settings/", views.settings_view, name="settings"),
    path("language/", views.set_language, name="set_language"),
    # the administration area (administrators only)
    path("settings/users/", views.user_list, name="user_list"),
    path("settings/users/new/", views.user_create, name="user_create"),
    path("settings/users/<int:pk>/", views.user_edit, name="user_edit"),
    path("settings/users/<int:pk>/password/", views.user_password, name="user_password"),
    path("settings/teams/", views.team_list, name="team_list"),
    path("settings/teams/new/", views.team_create, name="team_create"),
    path("settings/teams/<int:pk>/", views.team_edit, name="team_edit"),
    path("settings/company/", company.company_settings, name="company_settings"),
    path("settings/company/logo/", company.company_logo, name="company_logo"),
    path("settings/general-terms/", terms.general_terms, name="general_terms"),
    path("general-terms/<int:pk>/file/", terms.general_terms_file, name="general_terms_file"),
]
