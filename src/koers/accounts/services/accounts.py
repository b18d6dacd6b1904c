"""Writes to accounts: create, update, delete, the account team. One transaction each."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, Value
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from koers.accounts import validators
from koers.accounts.fields import ACCOUNT_FIELDS
from koers.accounts.models import Account, AccountTeamMember, Tag, TeamRole
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import lock_version, save_version, service

_ACCOUNT_CLEANERS = {
    "kvk_number": validators.clean_kvk_number,
    "establishment_number": validators.clean_establishment_number,
    "vat_number": validators.clean_vat_number,
    "phone": validators.clean_phone,
}
# Checked by account_normalize / contact_normalize, not by the model field validators.
NORMALIZED_ACCOUNT_FIELDS = (*_ACCOUNT_CLEANERS, "visit_postcode", "postal_postcode")


def _collect(errors: dict[str, list], field: str, func: Any, *args: Any) -> Any:
    try:
        return func(*args)
    except ValidationError as exc:
        errors.setdefault(field, []).extend(exc.error_list)  # with their codes
        return args[0]


def account_normalize(data: dict[str, Any]) -> dict[str, Any]:
    """Checks and normalises identifiers; raises one ValidationError naming every bad field."""
    errors: dict[str, list] = {}
    out = dict(data)
    if "name" in out and not (out["name"] or "").strip():
        errors["name"] = [ValidationError(_("This field is required."), code="required")]
    for field, func in _ACCOUNT_CLEANERS.items():
        if field in out:
            out[field] = _collect(errors, field, func, out[field] or "")
    for prefix in ("visit", "postal"):
        key = f"{prefix}_postcode"
        if key in out:
            country = out.get(f"{prefix}_country") or "NL"
            out[key] = _collect(errors, key, validators.clean_postcode, out[key] or "", country)
    for key in ("visit_country", "postal_country"):
        if key in out:
            out[key] = (out[key] or "NL").upper()
    if errors:
        raise ValidationError(errors)
    return out


def _check_parent(account: Account | None, parent: Account | None) -> None:
    if parent is None or account is None or account.pk is None:
        return
    node: Account | None = parent
    while node is not None:
        if node.pk == account.pk:
            raise ValidationError(
                {
                    "parent": ValidationError(
                        _("An account cannot be a branch of its own branch."), code="parent_cycle"
                    )
                }
            )
        node = node.parent


def _set_root(account: Account) -> None:
    account.root_id = (account.parent.root_id or account.parent.pk) if account.parent else None


def _tags_named(names: list[str]) -> list[Tag]:
    """Finds the tags with these names (ignoring case) and creates the missing ones.

    Safe when two people add the same new tag at once: the insert skips a name that the unique
    index on the lowered name (migration accounts/0005) already holds, committed or not (then
    it waits for that transaction), and the read that follows finds the other one's tag.
    """
    wanted: dict[str, str] = {}
    for name in names:
        name = name.strip()
        if name:
            wanted.setdefault(name.lower(), name)
    found = _tags_by_key(wanted)
    missing = [name for key, name in wanted.items() if key not in found]
    if missing:
        Tag.objects.bulk_create([Tag(name=name) for name in missing], ignore_conflicts=True)
        found = _tags_by_key(wanted)
    return [found[key] if key in found else _tag_like(name) for key, name in wanted.items()]


def _tags_by_key(wanted: dict[str, str]) -> dict[str, Tag]:
    """The tags of `wanted` (lowered name -> name as typed) by lowered name; of two tags that
    Python lowers alike (SQLite's index folds ASCII only), the oldest."""
    tags = (
        Tag.objects.annotate(lname=Lower("name"))
        .filter(Q(lname__in=list(wanted)) | Q(name__in=list(wanted.values())))
        .order_by("-pk")
    )
    return {tag.name.lower(): tag for tag in tags if tag.name.lower() in wanted}


def _tag_like(name: str) -> Tag:
    # The database lowers some letters differently from Python (SQLite only ASCII ones): the
    # tag that the unique index held against `name`, asked the database's way.
    return Tag.objects.annotate(lname=Lower("name")).filter(lname=Lower(Value(name))).earliest("pk")


@service
def account_create(
    *,
    actor: User,
    data: dict[str, Any],
    tags: list[Tag] | None = None,
    tag_names: list[str] | None = None,
) -> Account:
    if not access.can_create_account(actor):
        raise NotAllowed("may not create accounts")
    clean = account_normalize({k: v for k, v in data.items() if k in ACCOUNT_FIELDS})
    clean.setdefault("owner", actor)
    if not access.can_assign_owner(actor) and clean["owner"] != actor:
        parent = clean.get("parent")
        # A branch added to a colleague's chain stays in the chain owner's portfolio.
        if parent is None or parent.owner_id != clean["owner"].pk:
            clean["owner"] = actor
    account = Account(**clean)
    if account.parent_id:
        _set_root(account)
    account.full_clean(exclude=NORMALIZED_ACCOUNT_FIELDS)
    account.save()
    if tag_names is not None:
        tags = _tags_named(tag_names)
    if tags:
        account.tags.set(tags)
    return account


@service
def account_update(
    *,
    actor: User,
    account: Account,
    expected_version: int,
    data: dict[str, Any],
    tags: list[Tag] | None = None,
    tag_names: list[str] | None = None,
) -> Account:
    """Saves changes when `expected_version` is still the stored one; else StaleVersionError."""
    if not access.can_change_account(actor, account):
        raise NotAllowed("may not change this account")
    clean = account_normalize({k: v for k, v in data.items() if k in ACCOUNT_FIELDS})
    if (
        "owner" in clean
        and clean["owner"].pk != account.owner_id
        and not access.can_assign_owner(actor)
    ):
        raise ValidationError(
            {
                "owner": ValidationError(
                    _("Only a manager can move an account to another portfolio."), code="owner"
                )
            }
        )
    locked = lock_version(Account, account.pk, expected_version)
    parent_changed = "parent" in clean and (
        (clean["parent"].pk if clean["parent"] else None) != locked.parent_id
    )
    for key, value in clean.items():
        setattr(locked, key, value)
    if parent_changed:
        _check_parent(locked, locked.parent)
        _set_root(locked)
    locked.full_clean(exclude=NORMALIZED_ACCOUNT_FIELDS)
    save_version(locked)
    if parent_changed:
        _reroot_descendants(locked)
    if tag_names is not None:
        tags = _tags_named(tag_names)
    if tags is not None:
        locked.tags.set(tags)
    return locked


def reroot_descendants(account: Account) -> None:
    """Moves the branches of `account`, at any depth, to its top of the chain (also used by
    the import when an account in Koers becomes a branch)."""
    _reroot_descendants(account)


def _reroot_descendants(account: Account) -> None:
    new_root = account.root_id or account.pk
    old_root_ids = {account.pk}
    frontier = [account.pk]
    while frontier:
        children = list(Account.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        if not children:
            break
        Account.objects.filter(pk__in=children).update(root_id=new_root)
        old_root_ids.update(children)
        frontier = children


@service
def account_delete(*, actor: User, account: Account) -> None:
    if not access.can_delete_account(actor, account):
        raise NotAllowed("may not delete this account")
    if Account.objects.filter(parent=account).exists():
        raise ValidationError(
            {
                "parent": ValidationError(
                    _("This account has branches; move or delete them first."),
                    code="has_branches",
                )
            }
        )
    account.delete()


@service
def account_team_add(*, actor: User, account: Account, user: User, role: str) -> AccountTeamMember:
    if not access.can_change_account(actor, account):
        raise NotAllowed("may not change this account")
    if role not in TeamRole.values:
        raise ValidationError({"role": [_("Choose one of the roles on an account team.")]})
    member, _created = AccountTeamMember.objects.update_or_create(
        account=account, user=user, defaults={"role": role}
    )
    return member


@service
def account_team_remove(*, actor: User, member: AccountTeamMember) -> None:
    if not access.can_change_account(actor, member.account):
        raise NotAllowed("may not change this account")
    member.delete()
