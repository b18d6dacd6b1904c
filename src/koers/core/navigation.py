"""The areas of Koers in the header, who sees each, and where each role lands after signing in.

One table for the whole product. `core` imports no app, so an area names its page by URL name
and shows only once that name resolves: a later part makes its area appear by adding the URL
(or by changing its row here), never by editing the header template.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from koers.core import access
from koers.core.models import Role, User


def _roles(*roles: str) -> Callable[[User], bool]:
    """Shown to these roles and to administrators (who may do everything, see the policy)."""
    return lambda user: user.is_admin or user.role in roles


def _everyone(user: User) -> bool:
    return True


def _approves_quotes(user: User) -> bool:
    return access.can_approve(user) or access.can_approve_far_beyond(user)


SELLERS = (Role.ACCOUNT_MANAGER, Role.INSIDE_SALES, Role.MANAGER)


@dataclass(frozen=True)
class Area:
    key: str  # what views pass as `nav`
    label: str | Promise
    url_name: str
    shown_to: Callable[[User], bool]
    # A URL (name) that answers a small count badge for the entry, loaded after the page (HTMX),
    # shown to these roles; so the header itself never queries.
    badge_url_name: str = ""
    badge_shown_to: Callable[[User], bool] | None = None


# In header order. The URL names of areas still to be built are the ones their parts should use.
AREAS: tuple[Area, ...] = (
    Area("my_day", _("My day"), "relations:my_day", _roles(*SELLERS)),
    Area("accounts", _("Accounts"), "accounts:account_list", _everyone),
    Area("contacts", _("Contacts"), "accounts:contact_list", _everyone),
    Area("import", _("Import"), "transfer:import_start", access.can_import_accounts),
    Area("complaints", _("Complaints"), "complaints:complaint_list", _roles(*SELLERS)),
    Area(
        "proposals",
        _("Proposals"),
        "proposals:proposal_list",
        _roles(*SELLERS),
        badge_url_name="proposals:decisions_count",
        badge_shown_to=_roles(Role.MANAGER),
    ),
    Area(
        "gifts",
        _("Gifts"),
        "gifts:gift_list",
        _roles(*SELLERS),
        badge_url_name="gifts:decisions_count",
        badge_shown_to=_roles(Role.MANAGER),
    ),
    Area(
        "mail_log",
        _("Mail inbox"),
        "correspondence:inbox",
        _roles(*SELLERS),
        badge_url_name="correspondence:inbox_count",
        badge_shown_to=_roles(*SELLERS),
    ),
    Area("catalogue", _("Catalogue"), "sales:product_list", _everyone),
    Area("pipeline", _("Pipeline"), "sales:opportunity_list", _roles(*SELLERS)),
    # Marketing keeps the competitor list; administrators reach it among the administration tabs.
    Area(
        "competitors",
        _("Competitors"),
        "sales:competitor_list",
        lambda user: user.role == Role.MARKETING and not user.is_admin,
    ),
    Area("quotes", _("Quotes"), "sales:quote_list", _roles(*SELLERS)),
    Area("orders", _("Orders"), "sales:order_list", _roles(*SELLERS)),
    Area("surveys", _("Surveys"), "aftersales:survey_list", access.can_read_survey_reports),
    # Quotes beyond their owner's mandate: managers (and their delegates), sales directors.
    Area(
        "approvals",
        _("Approvals"),
        "sales:quote_approval_queue",
        _approves_quotes,
        badge_url_name="sales:quote_approval_count",
        badge_shown_to=_approves_quotes,
    ),
    Area("plans", _("Plans"), "planning:plan_index", _roles(Role.ACCOUNT_MANAGER, Role.MANAGER)),
    Area(
        "portfolio",
        _("Portfolio"),
        "planning:portfolio",
        _roles(Role.ACCOUNT_MANAGER, Role.MANAGER, Role.SALES_DIRECTOR),
    ),
    Area("signals", _("Market signals"), "planning:signal_list", access.can_read_signal_feed),
    Area(
        "targets",
        _("Targets"),
        "planning:target_grid",
        _roles(Role.ACCOUNT_MANAGER, Role.MANAGER, Role.MARKETING, Role.SALES_DIRECTOR, Role.ADMIN),
    ),
    Area(
        "campaigns",
        _("Campaigns"),
        "campaigns:campaign_list",
        _roles(Role.MARKETING, Role.ACCOUNT_MANAGER, Role.MANAGER),
    ),
    Area(
        "insights",
        _("Insights"),
        "insights:dashboard",
        _roles(Role.ACCOUNT_MANAGER, Role.MANAGER, Role.MARKETING, Role.SALES_DIRECTOR),
    ),
    # Managers keep the mail templates; administrators reach them among the administration tabs.
    Area(
        "mail_templates",
        _("Mail templates"),
        "correspondence:template_list",
        lambda user: (
            access.can_manage_mail_templates(user) and not access.can_manage_settings(user)
        ),
    ),
    # The sales director keeps the quote templates; administrators reach them among the tabs.
    Area(
        "quote_templates",
        _("Quote templates"),
        "sales:quote_template_list",
        lambda user: (
            access.can_manage_quote_templates(user) and not access.can_manage_settings(user)
        ),
    ),
    # What administrators set up for everyone; "settings" (the user-name link) is personal.
    Area("administration", _("Administration"), "core:user_list", access.can_manage_settings),
)

# The pages of the administration area (its sub-navigation); later: norms, mandates, catalogue.
SETTINGS_PAGES: tuple[tuple[str, str | Promise, str], ...] = (
    ("users", _("Users"), "core:user_list"),
    ("teams", _("Teams"), "core:team_list"),
    ("company", _("Company"), "core:company_settings"),
    ("general_terms", _("General terms"), "core:general_terms"),
    ("mail_templates", _("Mail templates"), "correspondence:template_list"),
    ("segments", _("Segments"), "accounts:segment_list"),
    ("norms", _("Contact norms"), "relations:norm_settings"),
    ("gifts", _("Gift limit"), "gifts:gift_settings"),
    ("follow_ups", _("Follow-ups"), "relations:follow_up_settings"),
    ("personal_data_exports", _("Personal data exports"), "accounts:personal_data_export_log"),
    ("retention", _("Retention review"), "accounts:retention_review"),
    ("complaint_categories", _("Complaint categories"), "complaints:category_settings"),
    ("catalogue", _("Catalogue"), "sales:group_list"),
    ("price_lists", _("Price lists"), "sales:price_list_list"),
    ("agreed_prices", _("Agreed prices"), "sales:agreed_price_list"),
    ("stages", _("Pipeline stages"), "sales:stage_settings"),
    ("mandates", _("Mandates"), "sales:mandate_settings"),
    ("quotes", _("Quotes"), "sales:quote_settings"),
    ("quote_templates", _("Quote templates"), "sales:quote_template_list"),
    ("after_sales", _("After-sales"), "aftersales:settings"),
    ("competitors", _("Competitors"), "sales:competitor_list"),
)

# The header's notification bell (unread count), loaded by the page after it is shown.
BELL_URL_NAME = "notifications:bell"

# Where `home` (and signing in without a `next`) takes each role: the sellers start their day on
# the agenda (part 3).
LANDINGS: dict[str, str] = {
    Role.ACCOUNT_MANAGER: "relations:my_day",
    Role.INSIDE_SALES: "relations:my_day",
    Role.MANAGER: "accounts:account_list",
    Role.MARKETING: "accounts:account_list",
    Role.SALES_DIRECTOR: "accounts:account_list",
    Role.ADMIN: "accounts:account_list",
}
FALLBACK_LANDING = "accounts:account_list"


def url_or_none(url_name: str) -> str | None:
    """The page's URL, or None while no part has built it."""
    return _resolver_for_request()(url_name)


def _resolver_for_request() -> Callable[[str], str | None]:
    """URL name -> URL (or None) for the URLconf and script prefix of this request."""
    return functools.partial(_reversed, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@functools.lru_cache(maxsize=256)
def _reversed(urlconf: str, prefix: str, url_name: str) -> str | None:
    # Cached: the URLs of a process do not change, and a name that does not resolve costs
    # an exception each time (0.36 ms for the header of every page before caching).
    try:
        return reverse(url_name, urlconf=urlconf)
    except NoReverseMatch:
        return None


def areas_for(user: User) -> list[dict[str, Any]]:
    """The header's entries for `user`: the areas their role sees that exist. No query."""
    if not user.is_authenticated or not user.is_active:
        return []
    url_for = _resolver_for_request()
    entries = []
    for area in AREAS:
        if not area.shown_to(user):
            continue
        url = url_for(area.url_name)
        if url is not None:
            badge = None
            if area.badge_url_name and area.badge_shown_to and area.badge_shown_to(user):
                badge = url_for(area.badge_url_name)
            entries.append({"key": area.key, "label": area.label, "url": url, "badge": badge})
    return entries


def bell_url() -> str | None:
    """The URL the header's notification bell loads itself from, once that app exists."""
    return url_or_none(BELL_URL_NAME)


def settings_pages() -> list[dict[str, Any]]:
    """The administration area's tabs that exist."""
    url_for = _resolver_for_request()
    pages = []
    for key, label, url_name in SETTINGS_PAGES:
        url = url_for(url_name)
        if url is not None:
            pages.append({"key": key, "label": label, "url": url})
    return pages


def landing_url(user: User) -> str:
    """Where `user` starts: their role's landing page, the account list while it is missing."""
    role = Role.ADMIN if user.is_admin else user.role
    return url_or_none(LANDINGS.get(role, FALLBACK_LANDING)) or reverse(FALLBACK_LANDING)
