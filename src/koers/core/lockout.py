"""The lock per user name, next to django-axes' lock per user name and address (issue 8).

A lock per user name and address alone lets guesses spread over many addresses go on for ever;
a lock per user name alone lets anyone lock a colleague out with five wrong passwords. So both:
the pair locks after AXES_FAILURE_LIMIT failures, the user name after the higher
AXES_USERNAME_FAILURE_LIMIT from whatever address. The user hears of the second by mail, since
it also keeps them out; an administrator lifts it with `manage.py axes_reset_username <name>`.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _

from koers.core.models import User

logger = logging.getLogger(__name__)


class LockoutHandler(AxesDatabaseHandler):
    """AXES_HANDLER: axes' database handler with a limit of its own for the user name alone.

    Axes compares the largest count of AXES_LOCKOUT_PARAMETERS' combinations with one limit;
    here the user name's count is held against its own limit, and once over it the failures
    reported are at least AXES_FAILURE_LIMIT, which is how axes learns the name is locked.
    """

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        per_address, per_username = self._counts(request, credentials)
        if per_username >= settings.AXES_USERNAME_FAILURE_LIMIT:
            return max(per_address, get_failure_limit(request, credentials))
        return per_address

    def user_login_failed(
        self,
        sender: Any,
        credentials: dict[str, Any],
        request: HttpRequest | None = None,
        **kwargs: Any,
    ) -> None:
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or not getattr(request, "axes_locked_out", False):
            return
        # Exactly at the limit: the failure that locked the name, so one mail per lock.
        if self._counts(request, credentials)[1] == settings.AXES_USERNAME_FAILURE_LIMIT:
            username = get_client_username(request, credentials)
            transaction.on_commit(functools.partial(_notify, username=username, request=request))

    def _counts(self, request: HttpRequest, credentials: dict[str, Any] | None) -> tuple[int, int]:
        """Failures within the cool-off: per user name and address, and per user name."""
        per_address, per_username = self.get_user_attempts(request, credentials)
        return _total(per_address), _total(per_username)


def username_locked(request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
    """Whether the user name itself is locked (from every address), for the lockout page."""
    per_username = LockoutHandler()._counts(request, credentials)[1]
    return per_username >= settings.AXES_USERNAME_FAILURE_LIMIT


def _total(attempts: QuerySet) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def _notify(*, username: str, request: HttpRequest) -> None:
    """Mails the owner of a locked user name; a name nobody has gets no mail."""
    user = User.objects.filter(username=username, is_active=True).exclude(email="").first()
    if user is None:
        return
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else 0
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = _("Signing in to Koers is blocked for your user name")
        body = _(
            "Hello %(name)s,\n\n"
            "There were %(count)s failed sign-in attempts for your user name “%(username)s” "
            "from more than one address. To protect your account, signing in with it is "
            "blocked for %(minutes)s minutes.\n\n"
            "If that was you, try again later or ask an administrator to lift the block. If it "
            "was not you, tell an administrator: someone may be guessing your password.\n"
        ) % {
            "name": user.first_name or user.username,
            "count": settings.AXES_USERNAME_FAILURE_LIMIT,
            "username": user.username,
            "minutes": minutes,
        }
    try:
        user.email_user(subject, body)
    except OSError:
        # The lock matters more than the notice: a mail server that is down must not turn a
        # refused login into a server error.
        logger.exception("could not mail %s about the lock of their user name", user.username)
