"""What keeps a product or a price list from being deleted, and the deletes of the API.

One rule for the page and the API (decision 101): a product is in use when a price list, an
agreed price, an opportunity's estimate or any other record names it (a quote's or an order's
line, a complaint: found from the product's relations, so that a later app's rows count too); a
price list when it has applied (its first day is past: prices may have been offered from it).
The page's **Remove** retires what is in use (`services.product_remove`, `price_list_remove`);
the API's DELETE deletes, or refuses with the reasons (a 409: `InUse`) and changes nothing,
since a DELETE that ends a record instead would surprise a client; the client retires through
PATCH (`active_until`, `valid_until`).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import service
from koers.sales.catalogue.queries import can_manage_catalogue
from koers.sales.models import AgreedPrice, OpportunityLine, PriceList, PriceListItem, Product


class InUse(Exception):
    """A delete refused by what still refers to the record."""

    def __init__(self, uses: list[str]) -> None:
        super().__init__("; ".join(uses))
        self.uses = uses


def product_uses(product: Product) -> list[str]:
    """Why the product cannot be deleted, one sentence per kind of use (three counts)."""
    lists = PriceListItem.objects.filter(product=product).values("price_list").distinct().count()
    agreed = AgreedPrice.objects.filter(product=product).count()
    deals = OpportunityLine.objects.filter(product=product).values("opportunity").distinct().count()
    uses = []
    if lists:
        uses.append(
            ngettext("It is on %(n)d price list.", "It is on %(n)d price lists.", lists)
            % {"n": lists}
        )
    if agreed:
        uses.append(
            ngettext("It is in %(n)d agreed price.", "It is in %(n)d agreed prices.", agreed)
            % {"n": agreed}
        )
    if deals:
        uses.append(
            ngettext(
                "It is in the estimate of %(n)d opportunity.",
                "It is in the estimate of %(n)d opportunities.",
                deals,
            )
            % {"n": deals}
        )
    return uses + _other_uses(product)


def _other_uses(product: Product) -> list[str]:
    """The other kinds of record that name the product, by their plural names. History rows
    (kept with DO_NOTHING) do not count: a product once on a deleted quote may go."""
    counted = {PriceListItem, AgreedPrice, OpportunityLine}
    kinds = []
    for relation in Product._meta.get_fields(include_hidden=True):
        if not relation.one_to_many or relation.related_model in counted:
            continue
        if getattr(relation, "on_delete", None) is models.DO_NOTHING:
            continue
        model: type[models.Model] = relation.related_model  # type: ignore[assignment]
        if model._default_manager.filter(**{relation.field.name: product}).exists():  # type: ignore[union-attr]
            kinds.append(str(model._meta.verbose_name_plural))
    if not kinds:
        return []
    return [_("It is named in %(kinds)s.") % {"kinds": ", ".join(sorted(kinds))}]


def price_list_uses(price_list: PriceList) -> list[str]:
    if price_list.valid_from > timezone.localdate():
        return []
    day = date_format(price_list.valid_from, "SHORT_DATE_FORMAT")
    return [_("It has applied since %(day)s: end it with its last day instead.") % {"day": day}]


def _require_admin(actor: User) -> None:
    if not can_manage_catalogue(actor):
        raise NotAllowed(_("Only administrators manage the catalogue and its prices."))


@service
def product_delete(*, actor: User, product: Product) -> None:
    """Deletes a product that nothing refers to; else InUse with the reasons."""
    _require_admin(actor)
    locked = Product.objects.select_for_update().get(pk=product.pk)
    uses = product_uses(locked)
    if uses:
        raise InUse(uses)
    locked.delete()


@service
def price_list_delete(*, actor: User, price_list: PriceList) -> None:
    """Deletes a price list that has not applied yet (with its prices); else InUse."""
    _require_admin(actor)
    locked = PriceList.objects.select_for_update().get(pk=price_list.pk)
    uses = price_list_uses(locked)
    if uses:
        raise InUse(uses)
    locked.delete()
