"""The second stage of the dry run, and of the import: prepared rows against the customer file.

`planning.build_plan` resolves the rows prepared by `preparing.prepare_rows`: owners, segments, the
existing account each row updates, permissions, duplicates within the file; with `build=True` it
also makes the unsaved objects that `services.import_run` writes in bulk. Owners, segments,
existing accounts and their contacts are loaded up front in a few queries, so 10,000 rows are
plain Python. The import repeats only this stage (on locked rows): the customer file may have
changed since the dry run, the file's values cannot.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from koers.accounts.models import Account, Contact, Position
from koers.core import access
from koers.core.models import User
from koers.transfer.changes import change
from koers.transfer.choices import value_key
from koers.transfer.lookups import Lookups


@dataclass
class RowResult:
    row: int  # the line in the file; the header is line 1
    action: str = "create"  # create | update | unchanged | same (as the account of a row above)
    account_id: int | None = None
    name: str = ""
    kvk: str = ""
    city: str = ""
    owner: str = ""
    contact: str = ""
    errors: list[dict[str, str]] = field(default_factory=list)
    # Bad optional values left out of the row (preparing.DROPPABLE), each as an error.
    dropped: list[dict[str, str]] = field(default_factory=list)
    # A further row of the account of row `same_as` (grouping.py), and where the two disagree.
    same_as: int | None = None
    conflicts: list[dict[str, str]] = field(default_factory=list)
    # The name of the account this row's account becomes a branch of (chains.py).
    parent: str = ""
    # What happens to the row's contact: create | update | unchanged | "" (no contact).
    contact_action: str = ""
    # Each change to a record already in Koers: {"field", "old", "new"} (changes.py).
    changes: list[dict[str, str]] = field(default_factory=list)
    # A contact found by e-mail address or name whose data the row changes: the user confirms
    # the changes or has the row add a new contact instead (services.import_start).
    confirm: bool = False

    def error(self, field_key: str, message: Any, value: str = "") -> None:
        self.errors.append({"field": field_key, "message": str(message), "value": value})

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "action": self.action,
            "account": self.account_id,
            "name": self.name,
            "kvk": self.kvk,
            "city": self.city,
            "owner": self.owner,
            "contact": self.contact,
            "errors": self.errors,
            "dropped": self.dropped,
            "same_as": self.same_as,
            "conflicts": self.conflicts,
            "parent": self.parent,
            "contact_action": self.contact_action,
            "changes": self.changes,
            "confirm": self.confirm,
        }


@dataclass
class ContactPlan:
    account: Account | None
    contact: Contact
    # None for a row that names the contact by its Koers id (contact_rows.py).
    position: Position | None
    contact_changed: set[str] = field(default_factory=set)
    position_changed: set[str] = field(default_factory=set)


@dataclass
class Plan:
    results: list[RowResult] = field(default_factory=list)
    creates: list[Account] = field(default_factory=list)
    updates: list[Account] = field(default_factory=list)
    update_fields: set[str] = field(default_factory=set)
    contacts: list[ContactPlan] = field(default_factory=list)
    # Accounts that become a branch, and the distinct accounts they become branches of.
    branches: int = 0
    chains: int = 0

    @property
    def error_rows(self) -> int:
        return sum(1 for r in self.results if r.errors)

    def count(self, action: str) -> int:
        return sum(1 for r in self.results if r.action == action and not r.errors)

    def count_contacts(self, action: str) -> int:
        return sum(1 for r in self.results if r.contact_action == action and not r.errors)

    def as_report(self) -> dict[str, Any]:
        from koers.transfer.report import plan_report

        return plan_report(self)


class _Resolver:
    """The second stage: each prepared row against the customer file."""

    def __init__(
        self,
        actor: User,
        lookups: Lookups,
        build: bool,
        values: Mapping[str, Mapping[str, str]] | None = None,
        defaults: Mapping[str, str] | None = None,
        contact_changes: str = "",
    ) -> None:
        self.actor = actor
        self.lookups = lookups
        self.build = build
        # The user's value mappings (values.py): an owner's or segment's name -> its pk.
        self.values = values or {}
        # What new accounts get when the file does not say (status, tier, owner's pk).
        self.defaults = defaults or {}
        # "new": a row whose known contact it would change adds a new contact instead.
        self.contact_changes = contact_changes
        self.names = {
            "owner": {pk: str(user) for pk, user in lookups.users.items()},
            "segment": {pk: s.name for pk, s in lookups.segments_by_pk.items()},
        }
        self.may_assign = access.can_assign_owner(actor)
        self.seen_keys: dict[tuple[str, ...], int] = {}
        self.seen_accounts: dict[int, int] = {}

    def _chosen(self, key: str, value: str) -> int | None:
        chosen = self.values.get(key, {}).get(value_key(value), "")
        return int(chosen) if chosen.isdigit() else None

    def _owner(self, result: RowResult, value: str) -> User | None:
        if not value:
            return None
        chosen = self._chosen("owner", value)
        users = self.lookups.owners.get(value.lower(), [])
        if chosen is not None:
            # A colleague who left since the mapping was made is unknown again.
            users = [self.lookups.users[chosen]] if chosen in self.lookups.users else []
        if not users:
            message = _("Unknown account manager “%(name)s”.") % {"name": value}
            result.error("owner", message, value)
            return None
        if len(users) > 1:
            result.error(
                "owner",
                _("“%(name)s” fits several colleagues: use the username or e-mail address.")
                % {"name": value},
                value,
            )
            return None
        return users[0]

    def _default_owner(self, result: RowResult) -> User | None:
        chosen = self.defaults.get("owner", "")
        if not chosen:
            return None
        owner = self.lookups.users.get(int(chosen))
        if owner is None:
            message = _("The account manager chosen for rows without one no longer owns accounts.")
            result.error("owner", message)
        elif not self.may_assign and owner.pk != self.actor.pk:
            result.error("owner", _("You can import accounts into your own portfolio only."))
            owner = None
        return owner

    def _match(
        self, result: RowResult, koers_id: int | None, ext: str, kvk: str, est: str
    ) -> Account | None:
        if koers_id:
            if koers_id in self.lookups.by_id:
                return self.lookups.by_id[koers_id]
            message = _(
                "There is no account with this Koers id. Empty the cell to add the row as a new "
                "account."
            )
            result.error("koers_id", message, str(koers_id))
            return None
        if ext and ext in self.lookups.by_external_id:
            return self.lookups.by_external_id[ext]
        if not kvk:
            return None
        candidates = self.lookups.by_kvk.get(kvk, [])
        if est:
            candidates = [a for a in candidates if a.establishment_number == est]
        elif len(candidates) > 1:
            # The chain itself, not one of its branches, when no establishment number is given.
            candidates = [a for a in candidates if not a.establishment_number]
        if len(candidates) > 1:
            result.error(
                "kvk_number",
                _(
                    "Several accounts have this KvK number: add the establishment number "
                    "(vestigingsnummer) or the external id."
                ),
                kvk,
            )
            return None
        return candidates[0] if candidates else None

    def _duplicate(
        self, result: RowResult, koers_id: int | None, ext: str, kvk: str, est: str
    ) -> None:
        keys: list[tuple[str, ...]] = []
        if koers_id:
            keys.append(("id", str(koers_id)))
        if ext:
            keys.append(("ext", ext))
        if kvk:
            keys.append(("kvk", kvk, est))
        for key in keys:
            if key in self.seen_keys:
                result.error(
                    {"kvk": "kvk_number", "id": "koers_id"}.get(key[0], "external_id"),
                    _("The same account as row %(row)s.") % {"row": self.seen_keys[key]},
                    key[1],
                )
                return
        for key in keys:
            self.seen_keys[key] = result.row

    def account(
        self, result: RowResult, p: dict[str, Any]
    ) -> tuple[Account | None, bool, set[str]]:
        """Returns (account, is_new, changed fields); the account is None for a bad row or in a
        dry run."""
        data = dict(p["account"])
        if p["segment"]:
            chosen = self._chosen("segment", p["segment"])
            segment = (
                self.lookups.segments_by_pk.get(chosen)
                if chosen is not None
                else self.lookups.segments.get(p["segment"].lower())
            )
            if segment is None:
                message = _("Unknown segment “%(value)s”.") % {"value": p["segment"]}
                result.error("segment", message, p["segment"])
            else:
                data["segment_id"] = segment.pk
        owner = self._owner(result, p["owner"])
        if owner is not None and not self.may_assign and owner.pk != self.actor.pk:
            message = _("You can import accounts into your own portfolio only.")
            result.error("owner", message, p["owner"])
            owner = None

        ext, kvk, est = p["ext"], p["kvk"], p["est"]
        koers_id = p.get("id")
        self._duplicate(result, koers_id, ext, kvk, est)
        existing = self._match(result, koers_id, ext, kvk, est)
        if existing is not None:
            result.action = "update"
            result.account_id = existing.pk
            if existing.pk not in self.lookups.writable:
                key, value = (
                    ("koers_id", str(koers_id))
                    if koers_id
                    else ("external_id", ext)
                    if ext and ext == existing.external_id
                    else ("kvk_number", kvk)
                )
                message = _("This account exists already and you may not change it.")
                result.error(key, message, value)
            elif existing.pk in self.seen_accounts:
                result.error(
                    "name",
                    _("The same account as row %(row)s.")
                    % {"row": self.seen_accounts[existing.pk]},
                    result.name,
                )
            else:
                self.seen_accounts[existing.pk] = result.row
            if owner is not None and owner.pk != existing.owner_id and not self.may_assign:
                message = _("Only a manager can move an account to another portfolio.")
                result.error("owner", message, p["owner"])
        if existing is None and owner is None and not p["owner"]:
            owner = self._default_owner(result)
        owner_id = owner.pk if owner else (existing.owner_id if existing else self.actor.pk)
        shown_owner = self.lookups.users.get(owner_id) or (self.actor if owner is None else owner)
        result.owner = str(shown_owner)
        if result.errors:
            return None, existing is None, set()
        data["owner_id"] = owner_id
        if existing is None:
            for key in ("status", "tier"):
                if key not in data and self.defaults.get(key):
                    data[key] = self.defaults[key]
            return (Account(**data) if self.build else None), True, set()
        changed = set()
        for key, value in data.items():
            old = getattr(existing, key)
            if old != value:
                result.changes.append(change(Account, key, old, value, self.names))
                setattr(existing, key, value)
                changed.add(key)
        if not changed:
            result.action = "unchanged"
        return existing, False, changed

    def contact(
        self, result: RowResult, p: dict[str, Any], account: Account | None, is_new: bool
    ) -> ContactPlan | None:
        data, position_data = p["contact"], p["position"]
        if data is None or result.errors:
            return None
        known = self._known_contact(account, data) if account is not None and not is_new else None
        changes: list[dict[str, str]] = []
        if known is not None:
            for key, value in data.items():
                # As for accounts: an empty cell leaves a known contact's field as it is.
                if value and value != getattr(known.contact, key):
                    changes.append(change(Contact, key, getattr(known.contact, key), value))
            for key, value in position_data.items():
                if value != getattr(known, key):
                    changes.append(change(Position, key, getattr(known, key), value))
            if changes and self.contact_changes == "new":
                known = None
        if known is None:
            result.contact_action = "create"
            if not self.build:
                return None
            contact = Contact(created_by=self.actor, **data)
            return ContactPlan(
                account=account,
                contact=contact,
                position=Position(**position_data),
                contact_changed=set(data),
                position_changed=set(position_data),
            )
        if not changes:
            result.contact_action = "unchanged"
            return None
        result.contact_action = "update"
        result.confirm = True
        result.changes.extend(changes)
        plan = ContactPlan(account=account, contact=known.contact, position=known)
        for item in changes:
            key = item["field"].removeprefix("contact_")
            target: Any = known.contact if key in data else known
            setattr(target, key, data.get(key, position_data.get(key)))
            (plan.contact_changed if target is known.contact else plan.position_changed).add(key)
        return plan

    def _known_contact(self, account: Account, data: dict[str, Any]) -> Position | None:
        """The same person already at this account: same e-mail address, else same name."""
        positions = self.lookups.positions.get(account.pk, [])
        email = (data.get("email") or "").lower()
        if email:
            for position in positions:
                if position.contact.email.lower() == email:
                    return position
        name = (data.get("first_name", "").lower(), data.get("last_name", "").lower())
        for position in positions:
            contact = position.contact
            if (contact.first_name.lower(), contact.last_name.lower()) == name:
                return position
        return None
