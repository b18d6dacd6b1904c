"""Lifecycles: which status may follow which, checked in one place for every model with a status.

A model with a status declares its legal moves as one table, `{from: {to: rule}}`, in its app's
`lifecycle.py`, and its services move an object only through `Lifecycle.move`:

    TRANSITIONS: Transitions = {
        QuoteStatus.DRAFT: {QuoteStatus.SUBMITTED: _has_lines},
        QuoteStatus.SUBMITTED: {QuoteStatus.APPROVED: None, QuoteStatus.DRAFT: None},
    }
    QUOTE_LIFECYCLE = Lifecycle(Quote, TRANSITIONS)

    quote = QUOTE_LIFECYCLE.move(quote, to=QuoteStatus.SUBMITTED, submitted_at=now)

A rule is None (always allowed) or a function of the object, as it would be saved, that
returns None to allow the move or the reason to refuse it. A refused move raises
`TransitionRefused` (a `ValidationError` naming the status field: a page shows it next to the
field or as a message, the API answers 422 naming the field) and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

M = TypeVar("M", bound=models.Model)
Rule = Callable[[Any], "str | None"] | None
Transitions = Mapping[str, Mapping[str, Rule]]


class TransitionRefused(ValidationError):
    """A status change that the model's lifecycle does not allow, with the reason.

    The error names the status field, so a form shows it next to that field and the API's
    field-level 422 names it.
    """

    def __init__(self, message: str, *, field: str = "status", current: str = "", to: str = ""):
        super().__init__({field: [ValidationError(message, code="transition_refused")]})
        self.field = field
        self.current = current
        self.to = to

    @property
    def reason(self) -> str:
        """The one sentence a user reads."""
        return " ".join(self.messages)


class Lifecycle(Generic[M]):
    """The legal status changes of one model, and the one way to make them."""

    def __init__(
        self,
        model: type[M],
        transitions: Transitions,
        *,
        field: str = "status",
        refusals: Mapping[str | tuple[str, str], StrOrPromise] | None = None,
    ) -> None:
        """`refusals`: the message for a move the table does not list, clearer than the general
        one ("… cannot change from … to …"): per target status ("Only a checked file without
        errors can be imported."), or per (from, to) pair where that is clearer still."""
        self.model = model
        self.field = field
        self.transitions = transitions
        self.refusals = dict(refusals or {})
        choices = dict(model._meta.get_field(field).flatchoices)  # type: ignore[union-attr]
        named = {*transitions, *(t for moves in transitions.values() for t in moves)}
        unknown = named - set(choices)
        if unknown:
            raise ValueError(f"{model.__name__}: unknown statuses {sorted(unknown)}")
        self._labels = choices

    def label(self, status: str) -> str:
        return str(self._labels.get(status, status))

    def targets(self, current: str) -> list[str]:
        """The statuses the table lists after `current` (rules not yet asked)."""
        return list(self.transitions.get(current, {}))

    def refusal(self, obj: M, to: str) -> str | None:
        """Why `obj`, with its status as it is now, may not move to `to`; None if it may."""
        current = getattr(obj, self.field)
        moves = self.transitions.get(current, {})
        if to not in moves:
            message = self.refusals.get((current, to)) or self.refusals.get(to)
            if message:
                return str(message)
            return _("The status cannot change from “%(current)s” to “%(to)s”.") % {
                "current": self.label(current),
                "to": self.label(to),
            }
        rule = moves[to]
        return rule(obj) if rule is not None else None

    def check(self, obj: M, *, to: str) -> None:
        """Raises TransitionRefused unless `obj` may move to `to`; changes nothing."""
        reason = self.refusal(obj, to)
        if reason is not None:
            raise TransitionRefused(
                reason, field=self.field, current=getattr(obj, self.field), to=to
            )

    def move(self, obj: M, *, to: str, **changes: Any) -> M:
        """Moves `obj` to status `to`, saving `changes` with it, under a row lock.

        The status is read again under the lock, so two requests (or a request and a task)
        never both make a move from the same status. The rule sees the object as it would be
        saved (with `changes`); on a refusal the object is left as it was and nothing is saved.
        Only the status and `changes` are written (`save(update_fields=…)`), so history is
        recorded for models that keep it, and large fields that were not loaded stay untouched.
        """
        names = [self.field, *changes]
        with transaction.atomic():
            stored = (
                self.model._default_manager.select_for_update()
                .values_list(self.field, flat=True)
                .get(pk=obj.pk)
            )
            before = _snapshot(obj, names)
            setattr(obj, self.field, stored)
            for name, value in changes.items():
                setattr(obj, name, value)
            try:
                self.check(obj, to=to)
            except TransitionRefused:
                _restore(obj, names, before)
                raise
            setattr(obj, self.field, to)
            obj.save(update_fields=names)
        return obj


def _snapshot(obj: models.Model, names: list[str]) -> dict[str, Any]:
    """The loaded values of these fields (a deferred field is left out: reading it would query)."""
    attnames = (obj._meta.get_field(name).attname for name in names)  # type: ignore[union-attr]
    return {a: obj.__dict__[a] for a in attnames if a in obj.__dict__}


def _restore(obj: models.Model, names: list[str], snapshot: dict[str, Any]) -> None:
    for name in names:
        field = obj._meta.get_field(name)
        attname = field.attname  # type: ignore[union-attr]
        if attname in snapshot:
            obj.__dict__[attname] = snapshot[attname]
        else:
            obj.__dict__.pop(attname, None)
        if field.is_relation:
            obj._state.fields_cache.pop(name, None)
