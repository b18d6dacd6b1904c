"""A mail transport that refuses one address, for the recap's retry test (an edge, not our code)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.mail.backends.locmem import EmailBackend


class FailForKate(EmailBackend):
    def send_messages(self, messages: Sequence[Any]) -> int:
        if any("kate@jansen.co.uk" in m.to for m in messages):
            raise ConnectionError("the mail server said no")
        return super().send_messages(messages)
