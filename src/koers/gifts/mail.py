"""The register's e-mails: the decision to the giver, a received gift above the limit to the
manager. Each is marked sent under the gift's row lock in the transaction that sends it, so a
task run twice (a retry, two workers) sends it once."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from koers.core.models import User
from koers.gifts.models import Gift, GiftStatus


def _link(gift: Gift) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("gifts:gift_detail", args=[gift.pk])


DECIDED = gettext_lazy("Your gift request has been decided")
FLAGGED = gettext_lazy("A gift above the limit was received")


def _send(to: User, gift: Gift, template: str, subject: StrOrPromise) -> None:
    with translation.override(to.language):
        context = {"gift": gift, "to": to, "link": _link(gift)}
        body = render_to_string(template, context)
        send_mail(str(subject), body, None, [to.email])


def send_decision(gift_id: int) -> bool:
    with transaction.atomic():
        gift = (
            Gift.objects.select_for_update(of=("self",))
            .select_related("person", "decided_by", "account")
            .filter(pk=gift_id)
            .first()
        )
        decided = (GiftStatus.APPROVED, GiftStatus.REFUSED)
        if gift is None or gift.decision_mailed_at is not None or gift.status not in decided:
            return False
        if gift.person.email:
            _send(gift.person, gift, "gifts/decision.txt", DECIDED)
        gift.decision_mailed_at = timezone.now()
        gift.save(update_fields=["decision_mailed_at"])
        return True


def send_flag(gift_id: int) -> int:
    with transaction.atomic():
        gift = (
            Gift.objects.select_for_update(of=("self",))
            .select_related("person", "account")
            .filter(pk=gift_id)
            .first()
        )
        if gift is None or gift.flag_mailed_at is not None or not gift.flagged:
            return 0
        managers = _deciders(gift.person)
        for manager in managers:
            _send(manager, gift, "gifts/flag.txt", FLAGGED)
        gift.flag_mailed_at = timezone.now()
        gift.save(update_fields=["flag_mailed_at"])
        return len(managers)


def _deciders(person: User) -> list[User]:
    """Who decides for `person`: the managers of their teams, else the administrators."""
    managers = list(
        User.objects.filter(managed_teams__members=person, is_active=True)
        .exclude(pk=person.pk)
        .exclude(email="")
        .distinct()
    )
    if managers:
        return managers
    admins = User.objects.filter(is_active=True).exclude(email="").exclude(pk=person.pk)
    return [u for u in admins if u.is_admin]
