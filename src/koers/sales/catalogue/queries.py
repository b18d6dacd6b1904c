"""Reads of the catalogue, scoped by the access policy.

The catalogue itself (groups, products, VAT rates, price lists for a segment or a period) is
read by every signed-in user. What names an account is scoped by that account: a price list for
a chain and a price agreed with an account are read by whoever may read the account
(`access.scope_through_account`). Cost prices and margins are shown only to the roles the
administrator allows (`sees_cost_prices`), on pages, in exports and in the API.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from koers.accounts.models import Account
from koers.core import access
from koers.core.models import Role, User
from koers.sales.models import (
    AgreedPrice,
    CatalogueSettings,
    PriceList,
    Product,
    ProductGroup,
    VatRate,
)
from koers.sales.models.catalogue import default_hidden
from koers.sales.pricing import chain_of

_CACHE = "_koers_sees_cost_prices"


def can_read_catalogue(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_manage_catalogue(user: User) -> bool:
    """Groups, products, VAT rates, price lists and agreed prices: administrators."""
    return access.can_manage_settings(user)


def audience_of(user: User) -> str:
    """The key of `user` in the setting of who sees cost prices (COST_PRICE_AUDIENCES)."""
    if user.role == Role.ACCOUNT_MANAGER:
        return f"account_manager_{user.level}"
    return str(user.role)


def cost_prices_hidden_for() -> list[str]:
    stored = (
        CatalogueSettings.objects.filter(pk=1)
        .values_list("cost_prices_hidden_for", flat=True)
        .first()
    )
    return default_hidden() if stored is None else list(stored)


def sees_cost_prices(user: User) -> bool:
    """Cost prices and margins: administrators always; others unless the setting hides them from
    their role (by default account managers of level A). Read once per request's user."""
    if not can_read_catalogue(user):
        return False
    if user.is_admin:
        return True
    cached = getattr(user, _CACHE, None)
    if cached is None:
        cached = audience_of(user) not in cost_prices_hidden_for()
        setattr(user, _CACHE, cached)
    return bool(cached)


def groups_readable(user: User) -> QuerySet[ProductGroup]:
    if not can_read_catalogue(user):
        return ProductGroup.objects.none()
    return ProductGroup.objects.select_related("parent")


def products_readable(user: User) -> QuerySet[Product]:
    if not can_read_catalogue(user):
        return Product.objects.none()
    return Product.objects.all()


def product_for_detail(user: User, pk: int) -> Product:
    """Raises Product.DoesNotExist."""
    return products_readable(user).select_related("group", "group__parent").get(pk=pk)


def vat_rates_readable(user: User) -> QuerySet[VatRate]:
    if not can_read_catalogue(user):
        return VatRate.objects.none()
    return VatRate.objects.all()


def price_lists_readable(user: User) -> QuerySet[PriceList]:
    """Lists for a segment or a period: everyone; a chain's list: who may read the chain."""
    if not can_read_catalogue(user):
        return PriceList.objects.none()
    if access.reads_everything(user):
        return PriceList.objects.all()
    return PriceList.objects.filter(Q(account__isnull=True) | access.readable_through(user))


def agreed_prices_readable(user: User) -> QuerySet[AgreedPrice]:
    return access.scope_through_account(AgreedPrice.objects.all(), user)


# The account page's panel: an account with more agreements links to the full list.
PANEL_ROWS = 50


def account_agreed_prices(
    user: User, account: Account, today: date
) -> tuple[list[AgreedPrice], bool]:
    """The prices agreed with the account and those it gets from its chain (agreed with an
    account above it for its branches) that have not ended, by product; and whether there are
    more than `PANEL_ROWS`. Which one applies on a day is `pricing.price_for`'s answer alone
    (decision 84): the panel lists the agreements, it does not choose between them. At most two
    queries (the chain, for a branch; the agreements with their product and account)."""
    chain = [a.pk for a in chain_of(account)]
    rows = (
        agreed_prices_readable(user)
        .filter(Q(account=account) | Q(account_id__in=chain[1:], for_branches=True))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("product", "account")
        .order_by("product__code", "product_id", "valid_from", "pk")
    )
    found = list(rows[: PANEL_ROWS + 1])
    return found[:PANEL_ROWS], len(found) > PANEL_ROWS
