"""A real CalDAV server for the sync tests: Radicale, started by the suite on loopback."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from caldav.collection import Calendar
from caldav.davclient import DAVClient

DAV_USER = "alice"
DAV_PASSWORD = "app-password-1"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_listening(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("radicale stopped while starting")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("radicale did not start within 20 s")


@pytest.fixture(scope="session")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The server's root URL; one user (DAV_USER, DAV_PASSWORD, htpasswd in plain text)."""
    folder: Path = tmp_path_factory.mktemp("radicale")
    users = folder / "users"
    users.write_text(f"{DAV_USER}:{DAV_PASSWORD}\n")
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            "--config=",
            f"--server-hosts=127.0.0.1:{port}",
            "--auth-type=htpasswd",
            f"--auth-htpasswd-filename={users}",
            "--auth-htpasswd-encryption=plain",
            f"--storage-filesystem-folder={folder / 'collections'}",
            "--logging-level=warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_listening(port, process)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def dav_calendar(radicale: str) -> Calendar:
    """A new, empty calendar of DAV_USER for one test, read through its own client."""
    client = DAVClient(url=radicale, username=DAV_USER, password=DAV_PASSWORD)
    return client.principal().make_calendar(name="Koers", cal_id=uuid.uuid4().hex)
