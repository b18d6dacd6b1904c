"""Core's pages: signing in and personal settings (session), and the administration area
(users, teams). Callers and URLconfs import the names from here."""

from koers.core.views.session import (
    healthz,
    home,
    locked_out,
    login_view,
    logout_view,
    set_language,
    settings_view,
    two_factor_setup,
    two_factor_verify,
)
from koers.core.views.teams import team_create, team_edit, team_list
from koers.core.views.users import user_create, user_edit, user_list, user_password

__all__ = [
    "healthz",
    "home",
    "locked_out",
    "login_view",
    "logout_view",
    "set_language",
    "settings_view",
    "team_create",
    "team_edit",
    "team_list",
    "two_factor_setup",
    "two_factor_verify",
    "user_create",
    "user_edit",
    "user_list",
    "user_password",
]
