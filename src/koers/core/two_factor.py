"""Two-factor sign-in with TOTP (django-otp): the writes and the QR code.

A user has at most one confirmed TOTP device. Setting one up first creates an unconfirmed
device (its secret is shown as a QR code), which becomes the user's device once they give a
valid code from their app.
"""

from __future__ import annotations

import base64
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from koers.core.models import User

DEVICE_NAME = _("Authenticator app")


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def pending_device_get_or_create(*, user: User) -> TOTPDevice:
    """The unconfirmed device being set up; kept across page loads so the QR code stays valid
    while the user scans it and types a code."""
    with transaction.atomic():
        device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=str(DEVICE_NAME), confirmed=False)
        return device


def device_confirm(*, request: HttpRequest, device: TOTPDevice) -> None:
    """Makes the verified pending device the user's device and marks this session verified."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
    # The session just gained a privilege: give it a fresh key.
    request.session.cycle_key()
    otp_login(request, device)


def verified_login(*, request: HttpRequest, device: TOTPDevice) -> None:
    request.session.cycle_key()
    otp_login(request, device)


def devices_remove(*, request: HttpRequest, user: User) -> None:
    """Switches two-factor sign-in off for the user (the caller checked a current code)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    if hasattr(request.user, "otp_device"):
        request.user.otp_device = None


def secret_base32(device: TOTPDevice) -> str:
    """The secret as authenticator apps expect it typed in, in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG QR code in a data: URI (the CSP allows img-src data:)."""
    image = qrcode.make(
        device.config_url,
        image_factory=qrcode.image.svg.SvgPathFillImage,
        box_size=10,
        border=2,
    )
    svg = image.to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
