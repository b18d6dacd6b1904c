"""The one answer to "what does product P cost account A on day D for quantity Q, and why".

Every page, export and API endpoint that shows a price for an account asks `price_for`; nothing
else compares price sources. The order (docs/decisions.md, "How prices are resolved"):

1. a price agreed with the account itself;
2. a price agreed with the chain above it (its parent, then the parent's parent ...), unless that
   agreement is marked as not for the branches;
3. a price list: one for the account or its chain (the nearest first), then one for its segment,
   then one for everyone in a period; on that list the highest quantity break up to Q;
4. the product's list price.

Within one source the agreement or list that started last wins. A product that is not active on
D has no price (`ProductNotAvailable`). The caller has checked that the user may read the account
(the function takes objects, not ids). Four queries at most, whatever the catalogue's size.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.accounts.models import Account
from koers.sales.models import AgreedPrice, PriceList, PriceListItem, Product, VatRate
from koers.sales.money import line_amount, vat_amount

ONE = Decimal("1")


class PriceSource(models.TextChoices):
    AGREED = "agreed", gettext_lazy("Price agreed with the account")
    CHAIN_AGREED = "chain_agreed", gettext_lazy("Price agreed with the chain")
    ACCOUNT_LIST = "account_list", gettext_lazy("Price list of the account or chain")
    SEGMENT_LIST = "segment_list", gettext_lazy("Price list of the segment")
    PERIOD_LIST = "period_list", gettext_lazy("Price list for the period")
    LIST_PRICE = "list_price", gettext_lazy("List price")


class ProductNotAvailable(ValidationError):
    """The product is not sold on that day (before `active_from` or after `active_until`)."""


@dataclass(frozen=True)
class ResolvedPrice:
    product: Product
    account: Account
    on: date
    quantity: Decimal
    unit_price: Decimal
    source: PriceSource
    list_price: Decimal
    # What the price came from: the agreement (and the account it was made with) or the list.
    agreed_price: AgreedPrice | None = None
    price_list: PriceList | None = None
    min_quantity: Decimal | None = None
    vat_percentage: Decimal = Decimal("0")

    @property
    def source_label(self) -> str:
        return str(self.source.label)

    @property
    def agreed_with(self) -> Account | None:
        return self.agreed_price.account if self.agreed_price else None

    @property
    def net(self) -> Decimal:
        """The line's net amount: unit price times quantity, rounded to cents half up."""
        return line_amount(self.unit_price, self.quantity)

    @property
    def vat(self) -> Decimal:
        return vat_amount(self.net, self.vat_percentage)

    @property
    def gross(self) -> Decimal:
        return self.net + self.vat

    @property
    def discount(self) -> Decimal:
        """Below the list price per unit (negative when above it)."""
        return self.list_price - self.unit_price


def _valid_on(day: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": day})
    )


def chain_of(account: Account) -> list[Account]:
    """The account, its parent, the parent's parent ... up to the top of the chain."""
    if account.parent_id is None:
        return [account]
    tree = {
        a.pk: a
        for a in Account.objects.filter(Q(root_id=account.root_id) | Q(pk=account.root_id)).only(
            "pk", "name", "parent_id", "segment_id"
        )
    }
    tree[account.pk] = account
    chain: list[Account] = []
    current: Account | None = account
    while current is not None and current not in chain:
        chain.append(current)
        current = tree.get(current.parent_id) if current.parent_id else None
    return chain


def vat_percentage(category: str, on: date) -> Decimal:
    """The percentage of a VAT category on a day; 0 when no rate is recorded for it."""
    rate = (
        VatRate.objects.filter(_valid_on(on), vat_category=category)
        .order_by("-valid_from")
        .values_list("percentage", flat=True)
        .first()
    )
    return rate if rate is not None else Decimal("0")


def _agreed(product: Product, chain: list[Account], on: date) -> AgreedPrice | None:
    depth = {a.pk: i for i, a in enumerate(chain)}
    found = [
        p
        for p in AgreedPrice.objects.filter(_valid_on(on), product=product, account_id__in=depth)
        if p.account_id == chain[0].pk or p.for_branches
    ]
    if not found:
        return None
    best = min(found, key=lambda p: (depth[p.account_id], -p.valid_from.toordinal(), -p.pk))
    best.account = chain[depth[best.account_id]]
    return best


def _listed(
    product: Product, chain: list[Account], on: date, quantity: Decimal
) -> tuple[PriceListItem, PriceSource] | None:
    depth = {a.pk: i for i, a in enumerate(chain)}
    segment_id = next((a.segment_id for a in chain if a.segment_id), None)
    lists = Q(price_list__account_id__in=depth) | Q(
        price_list__account__isnull=True, price_list__segment__isnull=True
    )
    if segment_id is not None:
        lists |= Q(price_list__segment_id=segment_id)
    items = PriceListItem.objects.filter(
        lists, _valid_on(on, "price_list__"), product=product, min_quantity__lte=quantity
    ).select_related("price_list")

    def rank(item: PriceListItem) -> tuple[int, int, int, Decimal]:
        plist = item.price_list
        if plist.account_id is not None:
            level = depth[plist.account_id]
        else:
            level = len(chain) + (0 if plist.segment_id is not None else 1)
        return (level, -plist.valid_from.toordinal(), -plist.pk, -item.min_quantity)

    best = min(items, key=rank, default=None)
    if best is None:
        return None
    plist = best.price_list
    if plist.account_id is not None:
        return best, PriceSource.ACCOUNT_LIST
    return best, PriceSource.SEGMENT_LIST if plist.segment_id else PriceSource.PERIOD_LIST


def price_for(
    *, product: Product, account: Account, on: date, quantity: Decimal = ONE
) -> ResolvedPrice:
    """The price of `product` for `account` on `on` for `quantity`, and where it comes from."""
    if quantity <= 0:
        raise ValidationError({"quantity": ValidationError(_("Give a quantity above 0."))})
    if not product.is_active_on(on):
        message = _("%(product)s is not sold on this date.") % {"product": product.name}
        raise ProductNotAvailable({"date": ValidationError(message, code="not_active")})
    chain = chain_of(account)
    listed_price = ResolvedPrice(
        product=product,
        account=account,
        on=on,
        quantity=quantity,
        unit_price=product.list_price,
        source=PriceSource.LIST_PRICE,
        list_price=product.list_price,
        vat_percentage=vat_percentage(product.vat_category, on),
    )
    agreed = _agreed(product, chain, on)
    if agreed is not None:
        own = agreed.account_id == account.pk
        source = PriceSource.AGREED if own else PriceSource.CHAIN_AGREED
        return replace(listed_price, unit_price=agreed.price, source=source, agreed_price=agreed)
    listed = _listed(product, chain, on, quantity)
    if listed is not None:
        item, source = listed
        return replace(
            listed_price,
            unit_price=item.price,
            source=source,
            price_list=item.price_list,
            min_quantity=item.min_quantity,
        )
    return listed_price
