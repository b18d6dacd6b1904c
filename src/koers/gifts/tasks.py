"""Background work of the gifts register, run by `manage.py db_worker`: the e-mails."""

from __future__ import annotations

from django_tasks import task


@task()
def send_gift_decision(gift_id: int) -> bool:
    """The manager's decision to the giver, once: a second run sends nothing."""
    from koers.gifts.mail import send_decision

    return send_decision(gift_id)


@task()
def send_gift_flag(gift_id: int) -> int:
    """A gift received above the limit, to the managers of who received it, once."""
    from koers.gifts.mail import send_flag

    return send_flag(gift_id)
