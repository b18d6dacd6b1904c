"""A mail transport that refuses one address (an edge, not our code), for the retry tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.mail.backends.locmem import EmailBackend


class FailForJohn(EmailBackend):
    def send_messages(self, messages: Sequence[Any]) -> int:
        if any("john@alpha.co.uk" in " ".join(m.to) for m in messages):
            raise ConnectionError("the mail server said no")
        return super().send_messages(messages)
