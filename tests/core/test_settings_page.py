"""The personal settings page: details, language, password and two-factor on/off."""

from __future__ import annotations

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import make_totp_device, totp_code

SETTINGS = "/settings/"


def _profile(**changes):
    data = {
        "action": "profile",
        "profile-first_name": "Alice",
        "profile-last_name": "Tester",
        "profile-email": "alice@example.nl",
        "profile-language": "nl",
    }
    data.update({f"profile-{k}": v for k, v in changes.items()})
    return data


def _verified(client, user, device):
    """Signs in with password and code, as the real flow does."""
    client.post("/login/", {"username": user.username, "password": "pw-" + user.username})
    client.post("/login/two-factor/", {"token": totp_code(device)})
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    return client


def test_the_page_shows_the_users_details(client_for, people):
    response = client_for(people.alice).get(SETTINGS)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="profile-first_name"' in html
    assert 'value="Alice"' in html
    assert 'name="password-old_password"' in html
    assert 'href="/settings/two-factor/"' in html
    assert 'href="/settings/api-tokens/"' in html


def test_it_saves_name_email_and_language(client_for, people):
    client = client_for(people.alice)

    response = client.post(
        SETTINGS, _profile(first_name="Alicia", email="alicia@example.nl", language="en")
    )

    assert response.status_code == 302
    assert response["Location"] == SETTINGS
    people.alice.refresh_from_db()
    assert (people.alice.first_name, people.alice.email, people.alice.language) == (
        "Alicia",
        "alicia@example.nl",
        "en",
    )
    assert response.cookies["django_language"].value == "en"


def test_after_choosing_english_the_pages_are_english(client_for, people):
    people.alice.language = "nl"
    people.alice.save()
    client = client_for(people.alice)
    assert '<html lang="nl"' in client.get(SETTINGS).content.decode()

    client.post(SETTINGS, _profile(language="en"))
    response = client.get(SETTINGS)

    html = response.content.decode()
    assert '<html lang="en"' in html
    assert response["Content-Language"] == "en"
    assert "Your settings have been saved." in html


def test_a_bad_email_is_an_error_at_the_field_and_nothing_is_saved(client_for, people):
    client = client_for(people.alice)

    response = client.post(SETTINGS, _profile(first_name="Changed", email="not-an-email"))

    assert response.status_code == 200
    assert response.context["profile_form"].errors.keys() == {"email"}
    assert 'id="field-email"' in response.content.decode()
    people.alice.refresh_from_db()
    assert people.alice.first_name == "Alice"
    assert people.alice.email == ""


def test_an_unknown_language_is_refused(client_for, people):
    client = client_for(people.alice)

    response = client.post(SETTINGS, _profile(language="de"))

    assert response.context["profile_form"].errors.keys() == {"language"}
    people.alice.refresh_from_db()
    assert people.alice.language == "en"


def test_changing_the_password_keeps_the_user_signed_in(client_for, people):
    client = client_for(people.alice)

    response = client.post(
        SETTINGS,
        {
            "action": "password",
            "password-old_password": "pw-alice",
            "password-new_password1": "Zeilboot-Koers-2026",
            "password-new_password2": "Zeilboot-Koers-2026",
        },
    )

    assert response["Location"] == SETTINGS
    assert client.get(SETTINGS).status_code == 200
    people.alice.refresh_from_db()
    assert people.alice.check_password("Zeilboot-Koers-2026")


def test_a_wrong_old_password_changes_nothing(client_for, people):
    client = client_for(people.alice)

    response = client.post(
        SETTINGS,
        {
            "action": "password",
            "password-old_password": "wrong",
            "password-new_password1": "Zeilboot-Koers-2026",
            "password-new_password2": "Zeilboot-Koers-2026",
        },
    )

    assert response.status_code == 200
    assert response.context["password_form"].errors.keys() == {"old_password"}
    people.alice.refresh_from_db()
    assert people.alice.check_password("pw-alice")


def test_a_weak_new_password_is_refused(client_for, people):
    client = client_for(people.alice)

    response = client.post(
        SETTINGS,
        {
            "action": "password",
            "password-old_password": "pw-alice",
            "password-new_password1": "12345678",
            "password-new_password2": "12345678",
        },
    )

    assert response.context["password_form"].errors.keys() == {"new_password2"}
    people.alice.refresh_from_db()
    assert people.alice.check_password("pw-alice")


def test_a_user_switches_two_factor_off_with_a_current_code(client, people):
    device = make_totp_device(people.alice)
    _verified(client, people.alice, device)

    response = client.post(
        SETTINGS, {"action": "two_factor_off", "otp-token": totp_code(device, steps_ahead=1)}
    )

    assert response["Location"] == SETTINGS
    assert not TOTPDevice.objects.filter(user=people.alice).exists()
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get(SETTINGS).status_code == 200


def test_a_wrong_code_keeps_two_factor_on(client, people):
    device = make_totp_device(people.alice)
    _verified(client, people.alice, device)

    response = client.post(SETTINGS, {"action": "two_factor_off", "otp-token": "000000"})

    assert response.status_code == 200
    assert response.context["disable_form"].errors.keys() == {"token"}
    assert list(TOTPDevice.objects.filter(user=people.alice)) == [device]


def test_an_administrator_cannot_switch_two_factor_off(client, people):
    device = make_totp_device(people.admin)
    _verified(client, people.admin, device)

    page = client.get(SETTINGS)
    client.post(
        SETTINGS, {"action": "two_factor_off", "otp-token": totp_code(device, steps_ahead=1)}
    )

    assert page.context["disable_form"] is None
    assert "cannot be switched off" in page.content.decode()
    assert list(TOTPDevice.objects.filter(user=people.admin)) == [device]


def test_the_page_says_two_factor_is_off_and_offers_to_switch_it_on(client_for, people):
    response = client_for(people.alice).get(SETTINGS)

    assert response.context["two_factor_on"] is False
    assert 'href="/settings/two-factor/"' in response.content.decode()


def test_the_page_says_two_factor_is_on_and_offers_to_switch_it_off(client, people):
    device = make_totp_device(people.alice)

    response = _verified(client, people.alice, device).get(SETTINGS)

    assert response.context["two_factor_on"] is True
    assert 'name="otp-token"' in response.content.decode()
    assert 'href="/settings/two-factor/"' not in response.content.decode()
