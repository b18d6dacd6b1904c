"""Two-factor sign-in with TOTP: verifying, forced setup for administrators, throttling."""

from __future__ import annotations

import base64
from urllib.parse import quote

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import make_totp_device, totp_code

VERIFY = "/login/two-factor/"
SETUP = "/settings/two-factor/"


def _password_login(client, user):
    return client.post("/login/", {"username": user.username, "password": "pw-" + user.username})


def test_a_user_with_a_device_is_asked_for_a_code_after_the_password(client, people):
    make_totp_device(people.alice)

    response = _password_login(client, people.alice)

    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next={quote('/agenda/', safe='')}"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'name="token"' in page.content.decode()


def test_until_the_code_is_given_every_page_leads_to_the_code_page(client, people):
    make_totp_device(people.alice)
    _password_login(client, people.alice)

    response = client.get("/settings/?tab=1")

    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next={quote('/settings/?tab=1', safe='')}"


def test_the_right_code_completes_the_sign_in(client, people):
    device = make_totp_device(people.alice)
    _password_login(client, people.alice)

    response = client.post(VERIFY, {"token": totp_code(device), "next": "/settings/"})

    assert response.status_code == 302
    assert response["Location"] == "/settings/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/settings/").status_code == 200


def test_a_code_typed_with_a_space_is_accepted(client, people):
    device = make_totp_device(people.alice)
    _password_login(client, people.alice)
    code = totp_code(device)

    response = client.post(VERIFY, {"token": f"{code[:3]} {code[3:]}"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/"


def test_a_wrong_code_is_an_error_at_the_field(client, people):
    device = make_totp_device(people.alice)
    _password_login(client, people.alice)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"

    response = client.post(VERIFY, {"token": wrong})

    assert response.status_code == 200
    assert response.context["form"].errors["token"] == [
        "This code is not correct. Check the time on your phone and try again."
    ]
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get("/settings/").status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_a_code_that_is_not_six_digits_is_an_error_at_the_field(client, people):
    device = make_totp_device(people.alice)
    _password_login(client, people.alice)

    response = client.post(VERIFY, {"token": "12ab56"})

    assert response.context["form"].errors["token"] == [
        "Enter the 6 digits that your authenticator app shows."
    ]
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_after_wrong_codes_the_device_makes_the_user_wait(client, people):
    device = make_totp_device(people.alice)
    _password_login(client, people.alice)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
    client.post(VERIFY, {"token": wrong})
    client.post(VERIFY, {"token": wrong})

    # Even the right code is refused while the device's back-off runs.
    response = client.post(VERIFY, {"token": totp_code(device)})

    assert response.status_code == 200
    [error] = response.context["form"].errors["token"]
    assert error.startswith("Too many wrong codes in a row. Wait ")
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_a_code_cannot_be_used_twice(client, people):
    device = make_totp_device(people.alice)
    _password_login(client, people.alice)
    code = totp_code(device)
    client.post(VERIFY, {"token": code})
    client.post("/logout/")
    _password_login(client, people.alice)

    response = client.post(VERIFY, {"token": code})

    assert response.context["form"].errors["token"]
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_the_code_page_ignores_an_off_site_next(client, people):
    device = make_totp_device(people.alice)
    _password_login(client, people.alice)

    response = client.post(VERIFY, {"token": totp_code(device), "next": "//evil.example/"})

    assert response["Location"] == "/accounts/"


def test_a_half_signed_in_user_gets_nothing_from_the_api(client, people):
    make_totp_device(people.alice)
    _password_login(client, people.alice)

    response = client.get("/api/v1/accounts/")

    assert response.status_code == 403
    assert response.json() == {"detail": "Two-factor sign-in is required."}


def test_a_half_signed_in_user_can_log_out_and_the_health_check_stays_open(client, people):
    make_totp_device(people.alice)
    _password_login(client, people.alice)

    assert client.get("/healthz").status_code == 200
    assert client.post("/logout/")["Location"] == "/login/"
    assert "_auth_user_id" not in client.session


def test_a_user_without_a_device_signs_in_with_the_password_alone(client, people):
    response = _password_login(client, people.alice)

    assert response["Location"] == "/agenda/"
    assert client.get("/settings/").status_code == 200


def test_an_administrator_without_a_device_is_sent_to_set_one_up(client, people):
    response = _password_login(client, people.admin)

    assert response["Location"] == f"{SETUP}?next={quote('/accounts/', safe='')}"


@pytest.mark.parametrize("path", ["/", "/accounts/", "/contacts/", "/settings/", "/admin/"])
def test_an_administrator_without_a_device_can_use_nothing_else(client_for, people, path):
    client = client_for(people.admin)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith(SETUP + "?next=")


def test_the_setup_page_shows_a_qr_code_and_the_key(client_for, people):
    client = client_for(people.admin)

    response = client.get(SETUP)

    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=people.admin)
    assert device.confirmed is False
    html = response.content.decode()
    qr = response.context["qr_code"]
    assert qr.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(qr.split(",", 1)[1]).startswith(b"<svg")
    assert f'src="{qr}"' in html
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    assert response.context["secret"].replace(" ", "") == secret
    assert "otpauth://totp/Koers%3Aadmin?secret=" + secret in device.config_url


def test_reloading_the_setup_page_keeps_the_same_key(client_for, people):
    client = client_for(people.alice)
    first = client.get(SETUP).context["secret"]

    second = client.get(SETUP).context["secret"]

    assert first == second
    assert TOTPDevice.objects.filter(user=people.alice).count() == 1


def test_a_code_confirms_the_new_device_and_signs_the_session_in(client_for, people):
    client = client_for(people.admin)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=people.admin)

    response = client.post(SETUP, {"token": totp_code(device), "next": "/accounts/"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/"
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/settings/").status_code == 200


def test_a_wrong_code_leaves_the_new_device_unconfirmed(client_for, people):
    client = client_for(people.admin)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=people.admin)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"

    response = client.post(SETUP, {"token": wrong})

    assert response.status_code == 200
    assert response.context["form"].errors["token"]
    device.refresh_from_db()
    assert device.confirmed is False
    assert client.get("/settings/")["Location"].startswith(SETUP)


def test_someone_with_only_the_password_cannot_replace_the_device(client, people):
    device = make_totp_device(people.alice)
    _password_login(client, people.alice)

    response = client.get(SETUP)
    client.post(SETUP, {"token": "123456"})

    assert response.status_code == 302
    assert list(TOTPDevice.objects.filter(user=people.alice)) == [device]
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_the_next_sign_in_asks_for_the_code_of_the_confirmed_device(client_for, people):
    client = client_for(people.admin)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=people.admin)
    client.post(SETUP, {"token": totp_code(device)})
    client.post("/logout/")

    response = _password_login(client, people.admin)

    assert response["Location"].startswith(VERIFY)


def test_the_urls_are_the_named_ones():
    assert reverse("core:two_factor") == VERIFY
    assert reverse("core:two_factor_setup") == SETUP


def test_a_device_the_page_cannot_check_gives_a_message_not_a_loop(client, people):
    from django_otp.plugins.otp_static.models import StaticDevice

    StaticDevice.objects.create(user=people.alice, name="codes", confirmed=True)
    _password_login(client, people.alice)

    response = client.get(VERIFY)

    assert response.status_code == 200
    assert response.context["form"] is None
    assert "Ask an administrator" in response.content.decode()
    assert client.get("/settings/")["Location"].startswith(VERIFY)
