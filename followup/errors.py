"""The small exception hierarchy of followup.

Every error a person can cause carries a message *key* and its parameters, not a finished
sentence: the edge (CLI or page) renders it in the user's language with `followup.i18n`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import ValidationError


class FollowupError(Exception):
    """Base class of every error followup raises on purpose."""

    def __init__(self, key: str, field: str | None = None, **params: Any) -> None:
        super().__init__(key, field, params)
        self.key = key
        self.field = field
        self.params = params

    def message(self, lang: str, field_name: str | None = None) -> str:
        """One sentence in `lang` naming the field (if any) and the problem. `field_name`: the
        field as the person sees it (a form's label), in place of its JSON path."""
        from followup.i18n import error_sentence

        return error_sentence(self.key, field_name or self.field, self.params, lang)


class CaseError(FollowupError):
    """The case is invalid (a field has a wrong value, or the case contradicts `now`)."""


class InvalidCase(CaseError):
    """The case does not match the models; wraps pydantic's ValidationError."""

    def __init__(self, error: ValidationError) -> None:
        super().__init__("invalid")
        self.error = error

    def message(self, lang: str, field_name: str | None = None) -> str:
        from followup.i18n import validation_message

        return validation_message(self.error, lang, field_name=field_name)


class UsageError(FollowupError):
    """The command line is invalid."""
