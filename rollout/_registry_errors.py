"""The registry's errors: every database failure reaches callers as one coded ``InputError``.

A caller (the app) shows ``errors.<code>`` from the catalogs (``app_pages/i18n/*/registry_errors.toml``);
the English message never carries SQL, parameters or data. The original exception stays chained
(``__cause__``) for the server log.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import exc as sa_exc

from planner_common import InputError


class RegistryError(InputError):
    """The registry database could not be used (codes ``registry_*``, ``not_a_registry``)."""


class StaleCampaignError(InputError):
    """The campaign changed since the caller read it (code ``stale_campaign``): reload, then save."""


_READ_ONLY_HINTS = ("readonly", "read-only", "read only")
_BUSY_HINTS = ("database is locked", "database is busy", "deadlock", "could not serialize")
_APPEND_ONLY = "append-only"


def classify(error: BaseException) -> tuple[str, str]:
    """The code and English sentence for a database failure (no SQL, no data).

    Examples:
        >>> classify(OSError("disk I/O error"))
        ('registry_unavailable', 'the campaign registry could not be opened or reached.')

    References:
        SQLAlchemy 2.0 "Error Messages" (DBAPI error classes wrapped by ``sqlalchemy.exc``).
    """
    text = str(getattr(error, "orig", None) or error).lower()
    if _APPEND_ONLY in text:
        return "audit_append_only", "audit rows are append-only: they cannot be changed or deleted."
    if any(hint in text for hint in _READ_ONLY_HINTS):
        return "registry_read_only", "the campaign registry is open read-only; nothing can be saved."
    if any(hint in text for hint in _BUSY_HINTS):
        return "registry_busy", "the campaign registry is busy with other saves; try again in a moment."
    if isinstance(error, sa_exc.IntegrityError):
        return "registry_conflict", "the change conflicts with what is already in the campaign registry."
    if isinstance(error, sa_exc.DataError):
        return "registry_bad_value", "a value does not fit the campaign registry (too long or malformed)."
    return "registry_unavailable", "the campaign registry could not be opened or reached."


@contextmanager
def db_errors() -> Iterator[None]:
    """Turn database and file-system failures inside the block into one ``RegistryError``.

    Examples:
        >>> with db_errors():
        ...     raise OSError("permission denied: /archive/registry.sqlite")
        Traceback (most recent call last):
        ...
        rollout._registry_errors.RegistryError: the campaign registry could not be opened or reached.

    References:
        Issue "Approvals that prove who decided what" §8 (never SQL in a user's sentence).
    """
    try:
        yield
    except InputError:
        raise
    except (sa_exc.SQLAlchemyError, OSError, UnicodeError) as error:
        code, message = classify(error)
        raise RegistryError(code, message) from error


def not_found(campaign_id: object) -> InputError:
    """The error for a campaign id that is not in the registry.

    Examples:
        >>> not_found(99).code
        'campaign_not_found'

    References:
        ``app_pages/i18n/*/common.toml`` (``errors.campaign_not_found``).
    """
    return InputError(
        "campaign_not_found",
        f"campaign_id {campaign_id} does not exist.",
        field="campaign_id",
        value=campaign_id,
    )
