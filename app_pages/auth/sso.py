"""Single sign-on with Streamlit's ``st.login`` (OpenID Connect), when ``.streamlit/secrets.toml`` sets it up.

An ``[auth]`` section (``redirect_uri``, ``cookie_secret`` and, for one provider, ``client_id``,
``client_secret``, ``server_metadata_url``; or one ``[auth.<name>]`` table per provider) shows one
"Sign in with ..." button per provider. The identity Streamlit returns (``st.user``) becomes a registry
account with ``Registry.sign_in_oidc``, its role taken from ``[campaign_planner.roles]`` (role →
addresses or ``@domain`` patterns, plus ``default``); an identity the table does not let in, or a
disabled account, gets one sentence and a sign-out button, never the app.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from app_pages.components.feedback import plain, registry_text
from app_pages.i18n import t
from rollout.permissions import User
from rollout.registry import Registry


def _secret(name: str) -> Mapping[str, Any]:
    try:
        value = st.secrets.get(name)
    except Exception:  # noqa: BLE001 - no secrets file, or one that does not parse: no single sign-on
        return {}
    return value if isinstance(value, Mapping) else {}


def providers() -> list[str | None]:
    """The configured providers: their ``[auth.<name>]`` names, or ``[None]`` for a single ``[auth]``."""
    auth = _secret("auth")
    named: list[str | None] = [str(key) for key, value in auth.items() if isinstance(value, Mapping)]
    return named or ([None] if "client_id" in auth else [])


def role_mapping() -> dict[str, Any]:
    """``[campaign_planner.roles]`` as a plain dict (empty: nobody is let in by single sign-on)."""
    roles = _secret("campaign_planner").get("roles", {})
    return {str(k): v if isinstance(v, str) else list(v) for k, v in dict(roles).items()}


def identity() -> dict[str, Any] | None:
    """The claims of the identity signed in with ``st.login`` (``None`` when there is none)."""
    if not providers():
        return None
    claims = st.user.to_dict()
    return claims if claims.get("is_logged_in") and claims.get("email") else None


def signed_in_user(reg: Registry) -> User | None:
    """The registry account of the ``st.login`` identity; a refusal is one sentence with a way out."""
    claims = identity()
    if claims is None:
        return None
    try:
        user = reg.sign_in_oidc(claims, role_mapping())
    except Exception as exc:  # noqa: BLE001 - one sentence, never SQL
        st.error(registry_text(exc), icon=":material/error:")
        return None
    if user is None:
        st.error(t("auth.sso_refused", email=plain(claims["email"])), icon=":material/block:")
        st.button(t("auth.sign_out"), key="auth_sso_logout_btn", on_click=st.logout, icon=":material/logout:")
    return user


def buttons() -> None:
    """One "Sign in with ..." button per configured provider (``st.login`` redirects to it)."""
    for provider in providers():
        label = t("auth.sso_button", provider=plain(provider.title())) if provider else t("auth.sso_default")
        st.button(
            label,
            key=f"auth_sso_{provider or 'default'}_btn",
            on_click=st.login,
            args=(provider,) if provider else (),
            icon=":material/key:",
            width="stretch",
        )
