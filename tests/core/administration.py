"""Signing in as an administrator for the administration pages (tests/core and tests/accounts).

Administrators must pass their second factor before any page opens: the session gets a
confirmed device, as after the real code check.
"""

from __future__ import annotations

from django_otp import DEVICE_ID_SESSION_KEY

from koers.core.models import User
from tests.factories import make_totp_device

NON_ADMINS = ["alice", "bob", "charlie", "maria", "ingrid", "mark"]


def signed_in_admin(client, user: User):
    device = make_totp_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
