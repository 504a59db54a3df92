"""Who may do what in the registry: roles, the action → roles table, and the stage rules.

Pure (no database): the UI imports it to show only the buttons a signed-in user may press, and the
registry checks the same table before every write, so a hidden button is never the only guard.

Roles (docs/architecture.md §1): the **marketer** plans (brief, design, economics assumptions), the **analyst**
evaluates (design, readout), the **leader** approves or rejects the roll-out and may do what the other
two do, the **admin** manages accounts and may reopen a campaign; only a leader decides.

Portfolio housekeeping (docs/formulas.md §17): any editor (marketer, analyst, leader) duplicates a
campaign as a template; editors and the admin archive or restore a campaign still in a work stage, but
a decided campaign (approved, rejected, rolled out) is archived or restored only by a leader or the
admin, since hiding it hides a decision; importing past campaigns in bulk is for a leader or the admin.
A registry without accounts yet (no sign-in) lets anyone save, duplicate and archive or restore a
campaign in a work stage, as the audit's ``app`` actor; a decided campaign always needs a signed-in user.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from planner_common import InputError

ROLES = ("marketer", "analyst", "leader", "admin")
STAGES = ("draft", "designed", "running", "analysed", "approved", "rejected", "rolled_out")
WORK_STAGES = STAGES[:4]  # stages a save may move forward to; the rest need a decision
DECIDED = ("approved", "rejected")
_RANK = {
    "draft": 0,
    "designed": 1,
    "running": 2,
    "analysed": 3,
    "approved": 4,
    "rejected": 4,
    "rolled_out": 5,
}
_EDITORS = frozenset({"marketer", "analyst", "leader"})

PERMISSIONS: Mapping[str, frozenset[str]] = {
    "create_campaign": _EDITORS,
    "save_brief": frozenset({"marketer", "leader"}),
    "save_design": _EDITORS,
    "save_readout": frozenset({"analyst", "leader"}),
    "save_rollout": _EDITORS,
    "save_campaign": _EDITORS,  # any other section (the pages' typed inputs, notes)
    "advance_stage": _EDITORS,
    "decide": frozenset({"leader"}),
    "roll_out": frozenset({"leader"}),
    "reopen": frozenset({"leader", "admin"}),
    "manage_users": frozenset({"admin"}),
    "duplicate_campaign": _EDITORS,
    "archive": _EDITORS | {"admin"},
    "archive_decided": frozenset({"leader", "admin"}),
    "import_campaigns": frozenset({"leader", "admin"}),
}
# Campaign sections (top-level keys of the campaign dict) → the action that may change them.
SECTION_ACTIONS: Mapping[str, str] = {
    "brief": "save_brief",
    "design": "save_design",
    "assignment": "save_design",
    "readout": "save_readout",
    "rollout": "save_rollout",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class User:
    """A signed-in person: the actor of every change.

    Obtained from ``Registry.authenticate``, ``Registry.sign_in_oidc`` or ``Registry.get_user``; a
    ``User`` built by hand is checked against the registry's own row before any write.
    """

    id: int
    username: str
    display_name: str
    role: str
    active: bool = True


class PermissionDenied(InputError):
    """The acting user's role may not do this (code ``permission_denied`` or ``sign_in_required``)."""


def allowed(role: str, action: str) -> bool:
    """Whether ``role`` may perform ``action`` (an unknown action is allowed to nobody).

    Examples:
        Only a leader approves a roll-out; an analyst saves the pilot readout:

        >>> allowed("leader", "decide"), allowed("marketer", "decide"), allowed("analyst", "save_readout")
        (True, False, True)

    References:
        Issue "Approvals that prove who decided what" §2; docs/architecture.md §1 (personas).
    """
    return role in PERMISSIONS.get(action, frozenset())


def allowed_actions(role: str) -> frozenset[str]:
    """Every action ``role`` may perform (the UI shows only these buttons).

    Examples:
        >>> sorted(allowed_actions("admin"))
        ['archive', 'archive_decided', 'import_campaigns', 'manage_users', 'reopen']

    References:
        ``PERMISSIONS`` in this module.
    """
    return frozenset(action for action, roles in PERMISSIONS.items() if role in roles)


def check_allowed(user: User | None, action: str) -> User:
    """Return ``user`` when it may perform ``action``; raise ``PermissionDenied`` otherwise.

    Examples:
        A marketer cannot approve the roll-out:

        >>> check_allowed(User(id=2, username="ana", display_name="Ana", role="marketer"), "decide")
        Traceback (most recent call last):
        ...
        rollout.permissions.PermissionDenied: role 'marketer' of user 'ana' may not decide; ...

    References:
        ``PERMISSIONS`` in this module.
    """
    if not isinstance(user, User):
        raise sign_in_required(action, user)
    if not user.active or not allowed(user.role, action):
        raise PermissionDenied(
            "permission_denied",
            f"role {user.role!r} of user {user.username!r} may not {action}; "
            f"allowed roles: {', '.join(sorted(PERMISSIONS.get(action, ()))) or 'none'}.",
            field="actor",
            value=user.username,
            role=user.role,
            action=action,
        )
    return user


def sign_in_required(action: str, actor: object) -> PermissionDenied:
    """The refusal of a write whose actor is not a signed-in ``User`` (free text, ``None``...).

    Examples:
        >>> sign_in_required("decide", "Ana").code
        'sign_in_required'

    References:
        Issue "Approvals that prove who decided what" §1 (no free-text approver names).
    """
    return PermissionDenied(
        "sign_in_required",
        f"{action} needs a signed-in user (a rollout.permissions.User), got {actor!r}.",
        field="actor",
        value=str(actor),
        action=action,
    )


def section_actions(old: Mapping[str, Any], new: Mapping[str, Any]) -> frozenset[str]:
    """The actions a save needs: one per top-level section whose content differs.

    Examples:
        An analyst who adds the readout changes only the ``readout`` section:

        >>> sorted(section_actions({"brief": {"name": "A"}}, {"brief": {"name": "A"}, "readout": {"n": 5}}))
        ['save_readout']

    References:
        ``SECTION_ACTIONS`` in this module.
    """
    keys = set(old) | set(new)
    return frozenset(SECTION_ACTIONS.get(k, "save_campaign") for k in keys if old.get(k) != new.get(k))


def stage_rank(stage: str) -> int:
    """Position of ``stage`` on the way to the roll-out (approved and rejected share one rank).

    Examples:
        >>> stage_rank("draft") < stage_rank("analysed") < stage_rank("approved") == stage_rank("rejected")
        True

    References:
        docs/architecture.md §5 (draft → designed → running → analysed → approved / rejected → rolled out).
    """
    return _RANK[stage]


def saved_stage(current: str, requested: str) -> str:
    """The stage a save leaves: forward within the work stages, never back, never to a decision.

    A session holding an older stage (it saved a design after the readout was in) keeps the stored
    stage; a decision (approved, rejected) or a roll-out is never reached by saving.

    Examples:
        >>> saved_stage("analysed", "designed"), saved_stage("designed", "analysed")
        ('analysed', 'analysed')

    References:
        docs/architecture.md §5 (stages move forward only).
    """
    if requested == current or _RANK[requested] <= _RANK[current]:
        return current
    if requested not in WORK_STAGES:
        raise InputError(
            "stage_needs_decision",
            f"stage {requested!r} is reached by a decision or a roll-out, not by saving; "
            f"the campaign is {current!r}.",
            field="stage",
            value=requested,
            current=current,
        )
    return requested


def check_forward(current: str, requested: str) -> str:
    """Check an explicit stage move: strictly forward, decisions excluded, roll-out only after approval.

    Examples:
        >>> check_forward("approved", "rolled_out")
        'rolled_out'
        >>> check_forward("approved", "draft")
        Traceback (most recent call last):
        ...
        planner_common.errors.InputError: stage cannot go back from 'approved' to 'draft'; reopen ...

    References:
        docs/architecture.md §5 (back only by an explicit reopen with a reason).
    """
    if _RANK[requested] <= _RANK[current]:
        raise InputError(
            "stage_backwards",
            f"stage cannot go back from {current!r} to {requested!r}; reopen the campaign with a reason.",
            field="stage",
            value=requested,
            current=current,
        )
    if requested in DECIDED:
        raise InputError(
            "stage_needs_decision",
            f"stage {requested!r} is reached by a decision (Registry.decide), not by a stage move; "
            f"the campaign is {current!r}.",
            field="stage",
            value=requested,
            current=current,
        )
    if requested == "rolled_out" and current != "approved":
        raise InputError(
            "rollout_needs_approval",
            f"only an approved campaign can be rolled out; the campaign is {current!r}.",
            field="stage",
            value=requested,
            current=current,
        )
    return requested


def current_decision(rows: Iterable[Any]) -> tuple[Any, bool]:
    """Replay a campaign's audit rows (oldest first): (the standing decision row or ``None``, changed since).

    A decision is a ``decision`` row (or, carried over from before accounts, a ``stage`` row to approved
    / rejected). It stops standing when the campaign is reopened (or, in carried-over history, its stage
    went back); it is *changed* when a later save stored content whose hash differs from the decided one
    (content of unknown hash counts as changed).

    Examples:
        >>> from types import SimpleNamespace as Row
        >>> approve = Row(action="decision", to_stage="approved", content_hash="a1")
        >>> resave = Row(action="saved", to_stage="approved", content_hash="b2")
        >>> current_decision([approve])[1], current_decision([approve, resave])[1]
        (False, True)
        >>> current_decision([approve, Row(action="reopened", to_stage="analysed", content_hash="a1")])
        (None, False)

    References:
        Issue "Approvals that prove who decided what" §3 (changed after approval needs a new approval).
    """
    decision: Any = None
    changed = False
    for row in rows:
        legacy = row.action == "stage" and row.content_hash is None
        if row.action == "decision" or (row.action == "stage" and row.to_stage in DECIDED):
            decision, changed = row, row.content_hash is None
        elif row.action == "reopened" or (legacy and row.to_stage in WORK_STAGES):
            decision, changed = None, False
        elif decision is not None and row.action in ("saved", "stage", "created") and not legacy:
            changed = changed or row.content_hash != decision.content_hash
        elif decision is not None and row.action == "saved":
            changed = True
    return decision, changed
