"""Runs the demo step of every Koers app, in the order of INSTALLED_APPS, in one transaction."""

from __future__ import annotations

import importlib
import importlib.util
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from koers.demo.context import DEMO_SEED, DemoContext
from koers.notifications.models import Notification

DemoStep = Callable[[DemoContext, random.Random], None]


@dataclass
class DemoResult:
    summary: list[str] = field(default_factory=list)
    seconds: float = 0.0
    password_hash: str = ""


def demo_steps() -> list[DemoStep]:
    """`<app>.demo.build` of every installed Koers app that has one, in INSTALLED_APPS order.

    The order is the order of dependence (core before accounts before the apps built on them),
    so a step finds what it builds on in the context. Found by name: nothing to register.
    """
    steps = []
    for config in apps.get_app_configs():
        if not config.name.startswith("koers."):
            continue
        name = f"{config.name}.demo"
        if importlib.util.find_spec(name) is not None:
            steps.append(importlib.import_module(name).build)
    return steps


def build_demo(*, accounts: int = 500, contacts: int = 2000, seed: int = DEMO_SEED) -> DemoResult:
    """Writes the whole demo organisation in one transaction: all steps or nothing."""
    started = time.monotonic()
    context = DemoContext(
        seed=seed, today=timezone.localdate(), accounts=accounts, contacts=max(0, contacts)
    )
    with transaction.atomic():
        for step in demo_steps():
            step(context, context.rng)
        # The demo's events are history: the notifications they made are read in Koers, never
        # mailed (the e-mail task sends only those not yet e-mailed).
        Notification.objects.filter(emailed_at__isnull=True).update(emailed_at=timezone.now())
    return DemoResult(
        summary=context.summary,
        seconds=time.monotonic() - started,
        password_hash=context.password_hash,
    )
