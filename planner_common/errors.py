"""The one exception type for invalid user input.

Every layer raises :class:`InputError` for bad input. It is a ``ValueError`` (so callers that only know
the standard library still catch it), its English message names the field and echoes the value, and it
carries a stable ``code`` plus ``params`` so the UI can show the same sentence from its i18n catalog
(key ``errors.<code>``) in the user's language.
"""

from __future__ import annotations

from typing import Any


class InputError(ValueError):
    """Invalid input, with an i18n code and the values needed to phrase it.

    Args:
        code: Stable identifier, e.g. ``"rate_as_percent"``; the UI looks up ``errors.<code>``.
        message: The English sentence (names the field and the value, says how to fix it).
        **params: Values the catalog sentence interpolates (``field``, ``value``, ...).

    Examples:
        >>> err = InputError("not_positive", "margin must be > 0, got -5.", field="margin", value=-5)
        >>> isinstance(err, ValueError), err.code, err.params["field"]
        (True, 'not_positive', 'margin')
    """

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params
