"""The text proposed for telling a customer about a problem with their order, in the language
of the first contact it goes to. The writer can change it before it is sent; `{salutation}` and
the other placeholders of correspondence are filled per recipient."""

from __future__ import annotations

from django.utils import formats, translation
from django.utils.translation import gettext as _

from koers.sales.models import OrderProblem, ProblemKind


def problem_mail_text(problem: OrderProblem, language: str) -> tuple[str, str]:
    order = problem.order
    with translation.override(language):
        reference = order.customer_reference or order.number
        subject = _("Your order %(reference)s") % {"reference": reference}
        opening = {
            ProblemKind.DELAY: _("Your order %(reference)s is delayed."),
            ProblemKind.SHORTAGE: _("We cannot deliver your order %(reference)s complete."),
            ProblemKind.DAMAGE: _("Part of your order %(reference)s arrived damaged."),
        }[ProblemKind(problem.kind)] % {"reference": reference}
        parts = ["{salutation},", "", opening, "", problem.description]
        if problem.new_promised_on is not None:
            day = formats.date_format(problem.new_promised_on, "DATE_FORMAT")
            parts += ["", _("We now expect to deliver on %(date)s.") % {"date": day}]
        parts += ["", _("We are sorry for the trouble."), "", "{sender}", "{company}"]
    return subject, "\n".join(parts)
