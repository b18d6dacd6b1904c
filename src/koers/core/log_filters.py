"""Logging filters named in settings.LOGGING."""

from __future__ import annotations

import logging


class RefusalsOnOneLine(logging.Filter):
    """A refused or missing page (a 4xx answer) is logged as one line, not a traceback.

    Django's `django.request` logger logs a `PermissionDenied` (our `NotAllowed` too) as a
    warning with the exception attached, which every handler prints as a traceback: a user who
    opens a colleague's record fills the log with stack frames that say nothing new. The line
    keeps what matters (status, method, path, who); a 5xx keeps its traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500 and record.exc_info:
            reason = record.exc_info[1]
            record.exc_info = None
            record.exc_text = None
            request = getattr(record, "request", None)
            user = getattr(request, "user", None)
            who = getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
            detail = f" ({reason})" if reason is not None and str(reason) else ""
            record.msg = f"{record.getMessage()} [{status}{detail}, user {who or '-'}]"
            record.args = ()
        return True
