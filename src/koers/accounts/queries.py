"""Reads of the customer file, scoped by the access policy and free of N+1."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from koers.accounts.models import Account, Contact, Position
from koers.core import access
from koers.core.models import User


def accounts_for_list(user: User, *, per_row: bool = False) -> QuerySet[Account]:
    """`per_row`: for fetching a page in list order (`access.accounts_readable_for_page`)."""
    readable = access.accounts_readable_for_page if per_row else access.accounts_readable
    return readable(user).select_related("owner", "segment", "parent")


# A search shows at most this many matches; beyond it the list asks for a sharper search.
SEARCH_LIMIT = 1000
# The contact list counts this far: a manager's teams can have tens of thousands of contacts.
CONTACT_LIST_LIMIT = 1000


def account_for_detail(user: User, pk: int) -> Account:
    """Raises Account.DoesNotExist for an account the user may not read (a 404, nothing leaked)."""
    return (
        access.accounts_readable(user)
        .select_related("owner", "segment", "parent", "root")
        .prefetch_related("tags", "team_members__user")
        .get(pk=pk)
    )


def account_for_tree(user: User, pk: int) -> Account:
    """Just enough of a readable account to place it in its chain; DoesNotExist otherwise."""
    return access.accounts_readable(user).only("pk", "name", "parent_id", "root_id").get(pk=pk)


def account_tree(user: User, account: Account) -> list[dict]:
    """The chain the account belongs to, as nested nodes, with contact totals rolled up.

    One query for the whole chain, whatever its depth; only readable branches are shown.
    """
    root_id = account.root_id or account.pk
    nodes = list(
        access.accounts_readable(user)
        .filter(Q(pk=root_id) | Q(root_id=root_id))
        .annotate(
            contact_count=Count(
                "positions", filter=Q(positions__end_date__isnull=True), distinct=True
            )
        )
        .values("pk", "name", "parent_id", "visit_city", "tier", "status", "contact_count")
    )
    by_id = {n["pk"]: {**n, "children": []} for n in nodes}
    roots: list[dict] = []
    for node in by_id.values():
        parent = by_id.get(node["parent_id"])
        (parent["children"] if parent else roots).append(node)

    def roll_up(node: dict) -> int:
        node["children"].sort(key=lambda n: n["name"])
        node["total_contacts"] = node["contact_count"] + sum(roll_up(c) for c in node["children"])
        return node["total_contacts"]

    for node in roots:
        roll_up(node)
    roots.sort(key=lambda n: n["name"])
    return roots


def positions_at(account: Account) -> QuerySet[Position]:
    return (
        Position.objects.filter(account=account)
        .select_related("contact")
        .order_by("end_date", "contact__last_name")
    )


def positions_readable(user: User) -> QuerySet[Position]:
    """Positions at accounts `user` may read: a contact's other employers stay hidden.

    Checked per position (EXISTS on the account's id): callers look at the positions of a page
    of contacts or of one contact, and SQLite otherwise lists every readable account first.
    """
    return access.scope_through_account(Position.objects.all(), user)


def with_current_positions(user: User, contacts: QuerySet[Contact]) -> QuerySet[Contact]:
    """`contacts` with `current_positions`: where each works now, at accounts `user` may read."""
    current = (
        positions_readable(user)
        .filter(end_date__isnull=True)
        .select_related("account")
        .order_by("account__name", "pk")
    )
    return contacts.prefetch_related(
        Prefetch("positions", queryset=current, to_attr="current_positions")
    )


def contacts_for_list(user: User) -> QuerySet[Contact]:
    return with_current_positions(user, access.contacts_readable(user))


def contact_for_detail(user: User, pk: int) -> Contact:
    """Raises Contact.DoesNotExist for a contact the user may not read.

    `contact.visible_positions`: current ones first, then former ones, most recent first; each
    with `can_change` (may the user edit or end it) so the page needs no query per position.
    """
    writable = access.accounts_writable(user).filter(pk=OuterRef("account_id"))
    positions = (
        positions_readable(user)
        .select_related("account")
        .annotate(can_change=Exists(writable))
        .order_by(F("end_date").desc(nulls_first=True), F("start_date").desc(nulls_last=True), "pk")
    )
    return (
        access.contacts_readable(user)
        .select_related("created_by")
        .prefetch_related(Prefetch("positions", queryset=positions, to_attr="visible_positions"))
        .get(pk=pk)
    )


def position_for_edit(user: User, pk: int) -> Position:
    """Raises Position.DoesNotExist for a position at an account the user may not read."""
    return positions_readable(user).select_related("account", "contact").get(pk=pk)


def likely_duplicates(
    *,
    name: str,
    kvk_number: str,
    postcode: str,
    establishment_number: str = "",
    exclude_pk: int | None = None,
) -> QuerySet[Account]:
    """Accounts with the same KvK and establishment number, or the same name and postcode.

    Branches of a chain share the chain's KvK number and differ in their 12-digit
    establishment number, so the same KvK number alone does not make a duplicate.
    """
    cond = Q(pk__in=[])
    if kvk_number:
        cond |= Q(kvk_number=kvk_number, establishment_number=establishment_number or "")
    if name and postcode:
        cond |= Q(name__iexact=name.strip(), visit_postcode=postcode)
    qs = Account.objects.filter(cond).select_related("owner")
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs[:5]


def contacts_due_for_review(user: User, *, cutoff: datetime) -> QuerySet[Contact]:
    """The readable contacts to review for retention (AVG): not erased, without consent for
    mailings (none given, or opted out), and without any change since `cutoff`: no history row
    of the contact or of one of its positions, and no save that skipped the history (an import
    updates `updated_at`). Activities (relations) join this test when they exist."""
    contact_changes = Contact.history.model.objects.filter(id=OuterRef("pk"))
    position_changes = Position.history.model.objects.filter(contact_id=OuterRef("pk"))
    return (
        access.contacts_readable(user)
        .filter(erased_at__isnull=True, updated_at__lt=cutoff)
        .exclude(mailing_consent=True, opted_out=False)
        .exclude(Exists(contact_changes.filter(history_date__gte=cutoff)))
        .exclude(Exists(position_changes.filter(history_date__gte=cutoff)))
    )


def with_last_change(contacts: QuerySet[Contact]) -> QuerySet[Contact]:
    """`last_change`: the latest change of the contact or of one of its positions."""
    contact_changes = Contact.history.model.objects.filter(id=OuterRef("pk"))
    position_changes = Position.history.model.objects.filter(contact_id=OuterRef("pk"))
    latest_contact = Subquery(contact_changes.order_by("-history_date").values("history_date")[:1])
    latest_position = Subquery(
        position_changes.order_by("-history_date").values("history_date")[:1]
    )
    return contacts.annotate(
        last_change=Greatest(
            F("updated_at"),
            Coalesce(latest_contact, F("updated_at")),
            Coalesce(latest_position, F("updated_at")),
        )
    )


def retention_cutoff(now: datetime, years: int) -> datetime:
    """`now`, `years` years back (29 February becomes the 28th)."""
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)
