"""A selection's filters on the customer file, and the contacts they find.

The contacts found are those with a current position (no end date) at an account that
matches, in a buying role that matches; a contact at several matching accounts counts once, at
the first of them. Added by hand: included whatever the filters; removed by hand: excluded.
Every contact found is then checked for what the law and the contact ask, in this order:
erased, opted out, no consent for mailings, no e-mail address (`Exclusion`). Consent wins over
a hand: an account manager cannot add a contact who did not consent.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from koers.accounts.models import Account, Contact, Position
from koers.campaigns.models import Exclusion, Selection, SelectionChange
from koers.sales.models import OrderLine, OrderStatus, ProductGroup

LIST_FIELDS = (
    "segments",
    "tiers",
    "statuses",
    "owners",
    "buying_roles",
    "bought",
    "not_bought",
    "tags",
)


@dataclass
class Criteria:
    """The filters; an empty list or None filters nothing. Ids for rows, values for choices;
    postcodes as the four digits of a Dutch postcode, both ends included."""

    segments: list[int] = field(default_factory=list)
    tiers: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    postcode_from: int | None = None
    postcode_to: int | None = None
    owners: list[int] = field(default_factory=list)
    buying_roles: list[str] = field(default_factory=list)
    bought: list[int] = field(default_factory=list)
    not_bought: list[int] = field(default_factory=list)
    tags: list[int] = field(default_factory=list)

    @classmethod
    def load(cls, data: dict[str, Any]) -> Criteria:
        """From the stored JSON; unknown keys (of a later version) are left out."""
        known = {k: v for k, v in (data or {}).items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def dump(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in (None, [])}

    @property
    def empty(self) -> bool:
        return not self.dump()


def _groups_with_children(ids: list[int]) -> QuerySet[ProductGroup, Any]:
    """A main group stands for its groups too."""
    return ProductGroup.objects.filter(Q(pk__in=ids) | Q(parent_id__in=ids)).values("pk")


def _bought(ids: list[int]) -> Exists:
    lines = OrderLine.objects.filter(
        order__account=OuterRef("pk"), product_group__in=_groups_with_children(ids)
    ).exclude(order__status=OrderStatus.CANCELLED)
    return Exists(lines)


def _postcodes(criteria: Criteria) -> Q:
    # Postcodes are text ("1234 AB"): compared as text, the range's upper end is the next
    # number's four digits ("9999" goes up to ":", the character after "9").
    q = Q()
    if criteria.postcode_from is not None:
        q &= Q(visit_postcode__gte=f"{criteria.postcode_from:04d}")
    if criteria.postcode_to is not None:
        upper = f"{criteria.postcode_to + 1:04d}" if criteria.postcode_to < 9999 else ":"
        q &= Q(visit_postcode__lt=upper)
    return q


def matching_accounts(criteria: Criteria) -> QuerySet[Account]:
    accounts = Account.objects.filter(_postcodes(criteria))
    if criteria.segments:
        accounts = accounts.filter(segment_id__in=criteria.segments)
    if criteria.tiers:
        accounts = accounts.filter(tier__in=criteria.tiers)
    if criteria.statuses:
        accounts = accounts.filter(status__in=criteria.statuses)
    if criteria.owners:
        accounts = accounts.filter(owner_id__in=criteria.owners)
    if criteria.tags:
        tagged = Account.tags.through.objects.filter(tag_id__in=criteria.tags)
        accounts = accounts.filter(pk__in=tagged.values("account_id"))
    if criteria.bought:
        accounts = accounts.filter(_bought(criteria.bought))
    if criteria.not_bought:
        accounts = accounts.filter(~_bought(criteria.not_bought))
    return accounts


def matching_positions(criteria: Criteria) -> QuerySet[Position]:
    positions = Position.objects.filter(end_date__isnull=True)
    if not criteria.empty:
        positions = positions.filter(account__in=matching_accounts(criteria).values("pk"))
    if criteria.buying_roles:
        positions = positions.filter(buying_role__in=criteria.buying_roles)
    return positions


def _reason(removed: QuerySet[Any]) -> Case:
    return Case(
        When(erased_at__isnull=False, then=Value(Exclusion.ERASED.value)),
        When(opted_out=True, then=Value(Exclusion.OPTED_OUT.value)),
        When(mailing_consent=False, then=Value(Exclusion.NO_CONSENT.value)),
        When(email="", then=Value(Exclusion.NO_EMAIL.value)),
        When(pk__in=removed, then=Value(Exclusion.REMOVED.value)),
        default=Value(""),
        output_field=CharField(),
    )


def _changes(selection: Selection | None) -> QuerySet[SelectionChange]:
    if selection is None or not selection.pk:
        return SelectionChange.objects.none()
    return SelectionChange.objects.filter(selection=selection)


def _found(criteria: Criteria, selection: Selection | None) -> tuple[QuerySet[Contact], Q]:
    positions = matching_positions(criteria)
    changes = _changes(selection)
    removed = changes.filter(include=False).values("contact_id")
    by_filters = Q(pk__in=positions.values("contact_id"))
    added = Q(pk__in=changes.filter(include=True).values("contact_id"))
    contacts = Contact.objects.filter(by_filters | added).annotate(reason=_reason(removed))
    return contacts.order_by(), by_filters


def found_contacts(criteria: Criteria, selection: Selection | None = None) -> QuerySet[Any]:
    """The contacts the selection finds, each annotated with `reason` (empty: included),
    `found_at` (the account) and `by_hand` (added by hand, not found by the filters)."""
    contacts, by_filters = _found(criteria, selection)
    first_account = (
        matching_positions(criteria).filter(contact=OuterRef("pk")).order_by("account_id")
    )
    hand_account = _changes(selection).filter(contact=OuterRef("pk"))
    return contacts.annotate(
        found_at=Coalesce(
            Subquery(first_account.values("account_id")[:1]),
            Subquery(hand_account.values("account_id")[:1]),
        ),
        by_hand=Case(When(by_filters, then=Value(False)), default=Value(True)),
    )


def preview(criteria: Criteria, selection: Selection | None = None) -> dict[str, int]:
    """How many contacts the filters find: `total`, `included`, and per reason left out; one
    query."""
    counts = {reason.value: Count("pk", filter=Q(reason=reason.value)) for reason in Exclusion}
    contacts, _by_filters = _found(criteria, selection)
    result = contacts.aggregate(
        total=Count("pk"), included=Count("pk", filter=Q(reason="")), **counts
    )
    return {key: value or 0 for key, value in result.items()}
