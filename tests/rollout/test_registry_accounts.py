"""Accounts: first admin, argon2id passwords, admin-only management, single sign-on role mapping.

Oracles: the PHC string format of RFC 9106 / the argon2 reference (``$argon2id$v=19$m=…,t=…,p=…$``);
properties of the rules (refused means nothing written; a wrong name and a wrong password give the same
answer); the mapping table written out by hand in each case.
"""

from __future__ import annotations

import re

import pytest

from planner_common import InputError
from rollout.registry import PermissionDenied, Registry, oidc_role


@pytest.fixture
def reg(tmp_path):
    return Registry(f"sqlite:///{tmp_path / 'r.sqlite'}")


def test_the_first_admin_is_created_once(reg):
    assert not reg.has_users()
    admin = reg.create_first_admin("  IT@Empresa.cl ", "clave-segura-1", display_name="Soporte TI")
    assert (admin.username, admin.display_name, admin.role) == ("it@empresa.cl", "Soporte TI", "admin")
    assert reg.has_users()
    with pytest.raises(InputError) as again:
        reg.create_first_admin("otro", "clave-segura-2")
    assert again.value.code == "users_exist" and len(reg.list_users()) == 1


def test_passwords_are_stored_as_argon2id_and_sign_in_does_not_enumerate(reg):
    admin = reg.create_first_admin("it", "clave-segura-1")
    reg.create_user("ana", "otoño-2025-ñ", "marketer", actor=admin)
    with reg.engine.connect() as conn:
        from sqlalchemy import text

        stored = conn.execute(text("SELECT password_hash FROM users WHERE username = 'ana'")).scalar()
    assert re.fullmatch(r"\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+", stored)
    assert "otoño" not in stored
    assert reg.authenticate("ANA", "otoño-2025-ñ").username == "ana"
    assert reg.authenticate("ana", "otoño-2025-n") is None
    assert reg.authenticate("nadie", "otoño-2025-ñ") is None
    assert reg.authenticate("ana", "x" * 5000) is None
    with pytest.raises(InputError) as short:
        reg.create_user("luis", "corta", "analyst", actor=admin)
    assert short.value.code == "bad_password"


def test_only_an_admin_manages_accounts_and_changes_count_at_once(reg):
    admin = reg.create_first_admin("it", "clave-segura-1")
    ana = reg.create_user("ana", "clave-segura-2", "leader", actor=admin)
    with pytest.raises(PermissionDenied):
        reg.create_user("luis", "clave-segura-3", "leader", actor=ana)
    cid = reg.save_campaign({"stage": "draft", "brief": {"name": "A"}}, actor=ana)
    reg.set_role(ana.id, "marketer", actor=admin)
    with pytest.raises(PermissionDenied) as refused:  # the object still says "leader"
        reg.reopen(cid, actor=ana, reason="x", to_stage="draft")
    assert refused.value.params["role"] == "marketer"
    reg.set_active(ana.id, False, actor=admin)
    assert reg.authenticate("ana", "clave-segura-2") is None
    with pytest.raises(PermissionDenied) as disabled:
        reg.save_campaign({"stage": "draft"}, campaign_id=cid, actor=ana, expected_version=1)
    assert disabled.value.code == "user_inactive"
    reg.set_active(ana.id, True, actor=admin)
    reg.set_password(ana.id, "nueva-clave-99", actor=admin)
    assert reg.authenticate("ana", "nueva-clave-99") is not None
    with pytest.raises(InputError) as self_demote:
        reg.set_role(admin.id, "leader", actor=admin)
    assert self_demote.value.code == "last_admin" and reg.get_user(admin.id).role == "admin"
    log = reg.account_log()
    assert [e.action for e in log] == [
        "user_created",
        "user_created",
        "user_role",
        "user_active",
        "user_active",
        "user_password",
    ]
    assert all("clave" not in e.note for e in log) and {e.actor for e in log} == {"it"}
    assert reg.verify_audit().ok


ROLES = {
    "admin": ["it@empresa.cl"],
    "leader": ["gerente@empresa.cl", "@direccion.empresa.cl"],
    "analyst": ["@analitica.empresa.cl", "gerente@empresa.cl"],
    "default": "marketer",
}


@pytest.mark.parametrize(
    ("claims", "role"),
    [
        ({"email": "it@empresa.cl"}, "admin"),
        ({"email": "Gerente@Empresa.CL"}, "leader"),  # listed twice: the stronger role
        ({"email": "marta@direccion.empresa.cl"}, "leader"),
        ({"email": "eva@analitica.empresa.cl", "email_verified": True}, "analyst"),
        ({"email": "juan@empresa.cl"}, "marketer"),
        ({"email": "juan@empresa.cl", "email_verified": False}, None),
        ({"name": "sin correo"}, None),
    ],
)
def test_single_sign_on_identities_map_to_roles(claims, role):
    assert oidc_role(claims, ROLES) == role


def test_without_a_default_unknown_identities_stay_out():
    assert oidc_role({"email": "juan@empresa.cl"}, {"leader": "gerente@empresa.cl"}) is None
    assert oidc_role({"email": "gerente@empresa.cl"}, {"leader": "gerente@empresa.cl"}) == "leader"


def test_sign_in_creates_the_user_and_follows_the_mapping(reg):
    first = reg.sign_in_oidc({"email": "Marta@direccion.empresa.cl", "name": "Marta Soto"}, ROLES)
    assert (first.username, first.display_name, first.role) == (
        "marta@direccion.empresa.cl",
        "Marta Soto",
        "leader",
    )
    assert reg.authenticate("marta@direccion.empresa.cl", "") is None  # no local password
    demoted = reg.sign_in_oidc({"email": "marta@direccion.empresa.cl"}, {"default": "analyst"})
    assert (demoted.id, demoted.role) == (first.id, "analyst")
    assert [e.action for e in reg.account_log()] == ["user_created", "user_role"]
    assert reg.sign_in_oidc({"email": "x@otra.cl"}, {"leader": ["@empresa.cl"]}) is None
    admin = reg.sign_in_oidc({"email": "it@empresa.cl"}, ROLES)
    archive = Registry(reg.url, read_only=True)  # existing accounts sign in; nothing is written
    assert archive.sign_in_oidc({"email": "it@empresa.cl"}, ROLES) == admin
    assert archive.sign_in_oidc({"email": "nuevo@empresa.cl"}, ROLES) is None
    reg.set_active(first.id, False, actor=admin)
    assert reg.sign_in_oidc({"email": "marta@direccion.empresa.cl"}, ROLES) is None
