"""Security settings: password hashing, CSP, templates without inline code, deploy checks."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from koers import settings as project_settings

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
MANAGE = ROOT / "manage.py"


def _production_env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "TEST_DB_NAME"} and not k.startswith(("SECURE_", "DJANGO_"))
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="crm.example.nl",
        SQLITE_PATH=str(tmp_path / "koers.sqlite3"),
        STATIC_ROOT=str(tmp_path / "static"),
        PYTHONPATH=str(SRC),
    )
    return env


def _manage(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(MANAGE), *args],
        env=_production_env(tmp_path),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_passwords_are_hashed_with_argon2():
    assert project_settings.PASSWORD_HASHERS[0] == (
        "django.contrib.auth.hashers.Argon2PasswordHasher"
    )


def test_the_deploy_check_is_clean_with_production_settings(tmp_path):
    result = _manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_production_cookies_are_secure_and_http_is_redirected(tmp_path):
    names = [
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "LANGUAGE_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
    ]
    code = f"from django.conf import settings as s; print({', '.join('s.' + n for n in names)})"

    result = _manage(tmp_path, "shell", "--no-imports", "-v", "0", "-c", code)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "True", "True", "31536000"]


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = _production_env(tmp_path)
    env["SECRET_KEY"] = ""

    result = subprocess.run(
        [sys.executable, str(MANAGE), "check"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_every_page_has_a_strict_content_security_policy(client, people):
    response = client.get("/login/")

    policy = response["Content-Security-Policy"]
    directives = {}
    for part in filter(None, (p.strip() for p in policy.split(";"))):
        name, _, value = part.partition(" ")
        directives[name] = value
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_pages_send_the_usual_security_headers(client, people):
    response = client.get("/login/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_session_cookie_is_http_only(client, people):
    response = client.post("/login/", {"username": "alice", "password": "pw-alice"})

    assert response.cookies["sessionid"]["httponly"] is True
    assert response.cookies["sessionid"]["samesite"] == "Lax"


TEMPLATES = sorted(SRC.rglob("templates/**/*.html"))
_TAG = re.compile(r"<[a-zA-Z][^>]*>", re.DOTALL)
_SCRIPT = re.compile(r"<script\b[^>]*>", re.IGNORECASE)


def _inline_code(text: str) -> list[str]:
    """Everything in a template that the CSP would block (or that needs 'unsafe-inline')."""
    problems = []
    for tag in _SCRIPT.findall(text):
        if not re.search(r"\ssrc\s*=", tag):
            problems.append(f"inline script: {tag}")
    if re.search(r"<style\b", text, re.IGNORECASE):
        problems.append("<style> element")
    for tag in _TAG.findall(text):
        if re.search(r"\sstyle\s*=", tag, re.IGNORECASE):
            problems.append(f"style attribute: {tag}")
        if re.search(r"\s(data-)?hx-on", tag, re.IGNORECASE):
            problems.append(f"hx-on attribute: {tag}")
        if re.search(r"\son[a-z]+\s*=", tag, re.IGNORECASE):
            problems.append(f"event handler attribute: {tag}")
        if re.search(r"=\s*[\"']?\s*javascript:", tag, re.IGNORECASE):
            problems.append(f"javascript: URL: {tag}")
    return problems


def test_the_template_scan_finds_inline_code():
    assert len(_inline_code('<script>alert(1)</script><p style="x" hx-on:click="y">')) == 3
    assert _inline_code('<script src="/static/a.js" defer></script><p class="x">') == []


def test_there_are_templates_to_scan():
    names = {path.name for path in TEMPLATES}
    assert {"base.html", "login.html", "settings.html"} <= names


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_template_has_inline_script_or_style(path):
    assert _inline_code(path.read_text(encoding="utf-8")) == []


def test_the_health_check_answers_without_login(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}
