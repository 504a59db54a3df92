"""End to end on a fresh registry: the first-start screen, then single sign-on through a real OIDC flow.

A second ``streamlit run`` starts on an empty registry with a secrets file whose ``[auth]`` section
points at ``_oidc.Provider``, an OpenID Connect provider on the loopback interface (discovery, an
authorization endpoint that signs in the identity the test sets, RS256 ID tokens with a nonce, JWKS).
Streamlit's own ``st.login`` / ``st.logout`` and Authlib run unchanged; only the provider is ours.
Oracles: the role table of the secrets file (``gerente@empresa.cl`` → leader, anyone else refused),
the registry read back after the flow, and the catalogs for every label.
"""

from __future__ import annotations

import pytest
from _browser import TIMEOUT_MS, free_port, start_streamlit, stop_process, wait_for_health, wait_idle
from _oidc import CLIENT_ID, CLIENT_SECRET, Provider
from playwright.sync_api import Page, expect

from app_pages.i18n import translate
from rollout.registry import Registry

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]


def es(key: str, **params: object) -> str:
    return translate(key, "es", **params)


@pytest.fixture(scope="module")
def sso_app(tmp_path_factory):
    """(app URL, provider, registry URL): a server on an empty registry with single sign-on configured."""
    folder = tmp_path_factory.mktemp("sso")
    port = free_port()
    registry = f"sqlite:///{folder / 'registry.sqlite'}"
    with Provider() as idp:
        secrets = folder / "secrets.toml"
        secrets.write_text(
            f"""[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "una-clave-larga-solo-para-esta-prueba"
client_id = "{CLIENT_ID}"
client_secret = "{CLIENT_SECRET}"
server_metadata_url = "{idp.url}/.well-known/openid-configuration"

[campaign_planner.roles]
leader = ["gerente@empresa.cl"]
""",
            encoding="utf-8",
        )
        log = folder / "server.log"
        proc = start_streamlit(port, log, env={"CAMPAIGN_PLANNER_DB_URL": registry},
                               args=("--secrets.files", str(secrets)))  # fmt: skip
        try:
            wait_for_health(f"http://127.0.0.1:{port}", proc, log)
            yield f"http://127.0.0.1:{port}", idp, registry
        finally:
            stop_process(proc)


def visit(browser, url: str) -> Page:
    context = browser.new_context(locale="es-CL", viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded")
    wait_idle(page)
    return page


def test_first_start_then_single_sign_on(browser, sso_app) -> None:
    url, idp, registry = sso_app
    page = visit(browser, url)  # a fresh machine: the app asks for its administrator
    expect(page.get_by_role("heading", name=es("auth.first_title"))).to_be_visible()
    form = page.get_by_test_id("stForm")
    form.get_by_label(es("auth.username")).fill("it@empresa.cl")
    form.get_by_label(es("auth.display_name")).fill("Ítalo Admin")
    form.get_by_label(es("auth.password"), exact=True).fill("clave-segura-1")
    form.get_by_label(es("auth.password_again")).fill("clave-segura-1")
    form.get_by_test_id("stBaseButton-primaryFormSubmit").click()
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav.get_by_text(es("nav.users"), exact=True)).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_test_id("stSidebar").get_by_text(f"Ítalo Admin · {es('role.admin')}")).to_be_visible()
    page.context.close()

    idp.identity = {"email": "gerente@empresa.cl", "email_verified": True, "name": "Marta Soto"}
    page = visit(browser, url)
    page.get_by_role("button", name=es("auth.sso_default")).click()  # → provider → /oauth2callback → app
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text(f"Marta Soto · {es('role.leader')}")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_test_id("stSidebarNav").get_by_text(es("nav.users"), exact=True)).to_have_count(0)
    leader = next(u for u in Registry(registry).list_users() if u.username == "gerente@empresa.cl")
    assert (leader.role, leader.display_name) == ("leader", "Marta Soto")
    sidebar.get_by_role("button", name=es("auth.sign_out")).click()  # st.logout: the cookie goes too
    expect(page.get_by_role("button", name=es("auth.sso_default"))).to_be_visible(timeout=TIMEOUT_MS)
    page.context.close()

    idp.identity = {"email": "intruso@otra.cl", "email_verified": True, "name": "Intruso"}
    page = visit(browser, url)
    page.get_by_role("button", name=es("auth.sso_default")).click()
    refused = es("auth.sso_refused", email="intruso@otra.cl")
    expect(page.get_by_text(refused)).to_be_visible(timeout=TIMEOUT_MS)
    assert not page.get_by_test_id("stSidebarNav").count()
    assert [u.username for u in Registry(registry).list_users()] == ["gerente@empresa.cl", "it@empresa.cl"]
    page.context.close()
