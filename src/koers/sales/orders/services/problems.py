"""Problems on an order (delay, shortage, damage): recorded, told to the customer with a mail
from the order page (logged on the account's timeline as every mail is), and resolved. The
order counts its open problems, so that the list of orders to watch finds it by an index."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import Contact
from koers.core.models import User
from koers.core.writes import service
from koers.correspondence.models import MailTemplate
from koers.correspondence.services import mail_send
from koers.sales.models import Order, OrderProblem, OrderStatus, ProblemKind
from koers.sales.orders.services.common import field_error, may_change


@service
def order_problem_record(
    *,
    actor: User,
    order: Order,
    kind: str,
    description: str,
    new_promised_on: date | None = None,
) -> OrderProblem:
    """A problem on an order that is not yet invoiced or cancelled; a new delivery date moves
    the order's promised date (its history keeps the old one)."""
    may_change(actor, order)
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if locked.status in (OrderStatus.INVOICED, OrderStatus.CANCELLED):
        message = _("A problem cannot be recorded on an invoiced or cancelled order.")
        raise field_error("status", message, "status")
    if kind not in ProblemKind.values:
        raise field_error("kind", _("Choose a kind of problem from the list."), "invalid")
    if not description.strip():
        raise field_error("description", _("Describe what happened."), "required")
    if new_promised_on is not None and new_promised_on < locked.ordered_on:
        message = _("This date cannot be before the order date.")
        raise field_error("new_promised_on", message, "dates_order")
    problem = OrderProblem.objects.create(
        order=locked,
        account_id=locked.account_id,
        kind=kind,
        description=description.strip(),
        new_promised_on=new_promised_on,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    locked.open_problems += 1
    fields = ["open_problems", "version"]
    locked.version += 1
    if new_promised_on is not None:
        locked.promised_on = new_promised_on
        fields.append("promised_on")
    locked.save(update_fields=fields)
    order.open_problems, order.promised_on = locked.open_problems, locked.promised_on
    order.version = locked.version
    return problem


@service
def order_problem_resolve(
    *, actor: User, problem: OrderProblem, resolution: str = ""
) -> OrderProblem:
    may_change(actor, problem.order)
    locked = OrderProblem.objects.select_for_update().get(pk=problem.pk)
    if locked.resolved_at is not None:
        raise field_error("problem", _("This problem is resolved already."), "status")
    locked.resolved_at = timezone.now()
    locked.resolved_by = actor
    locked.resolution = resolution.strip()[:300]
    locked.save(update_fields=["resolved_at", "resolved_by", "resolution"])
    Order.objects.filter(pk=locked.order_id, open_problems__gt=0).update(
        open_problems=F("open_problems") - 1, version=F("version") + 1
    )
    return locked


@service
def order_problem_communicate(
    *,
    actor: User,
    problem: OrderProblem,
    contacts: Iterable[Contact],
    subject: str,
    body: str,
    template: MailTemplate | None = None,
) -> OrderProblem:
    """Tells the customer: a mail to contacts of the account (recorded on its timeline and sent
    after the commit, as every mail of Koers), linked to the problem."""
    order = problem.order
    may_change(actor, order)
    mail = mail_send(
        actor=actor,
        account=order.account,
        contacts=contacts,
        template=template,
        subject=subject,
        body=body,
    )
    problem.mail = mail
    problem.communicated_at = timezone.now()
    problem.save(update_fields=["mail", "communicated_at"])
    return problem
