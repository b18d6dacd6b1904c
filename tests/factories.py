"""Test data built through the real services: the one place tests make objects."""

from __future__ import annotations

import itertools
from typing import Any

from koers.accounts import services
from koers.accounts.models import Account, Contact, Segment
from koers.core.models import Role, Team, User

_seq = itertools.count(1)


def make_user(username: str, role: str = Role.ACCOUNT_MANAGER, **extra: Any) -> User:
    extra.setdefault("first_name", username.capitalize())
    extra.setdefault("last_name", "Tester")
    extra.setdefault("language", "en")
    user = User.objects.create_user(
        username=username, password="pw-" + username, role=role, **extra
    )
    return user


def make_account(owner: User, name: str | None = None, **data: Any) -> Account:
    data.setdefault("name", name or f"Account {next(_seq)}")
    data.setdefault("visit_city", "Utrecht")
    return services.account_create(actor=owner, data={"owner": owner, **data})


def make_contact(account: Account, actor: User | None = None, **data: Any) -> Contact:
    position = {
        k: data.pop(k) for k in ("job_title", "buying_role", "attitude", "start_date") if k in data
    }
    data.setdefault("last_name", f"Jansen{next(_seq)}")
    data.setdefault("first_name", "Piet")
    return services.contact_create(
        actor=actor or account.owner, data=data, account=account, position=position
    )


def make_segment(name: str = "Retail") -> Segment:
    return Segment.objects.get_or_create(name=name)[0]


def make_team(name: str, manager: User, *members: User) -> Team:
    team = Team.objects.create(name=name, manager=manager)
    team.members.add(*members)
    return team


def make_totp_device(user: User, confirmed: bool = True) -> Any:
    """A TOTP device as if set up in the app; `totp_code(device)` gives its current code."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="phone", confirmed=confirmed)


def totp_code(device: Any, steps_ahead: int = 0) -> str:
    """The code the user's app shows now (steps_ahead=1: the next one, still accepted)."""
    from django_otp.oath import totp

    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return f"{code:0{device.digits}d}"
