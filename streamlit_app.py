"""Campaign Planner: the router. Page config, sign-in, language, sidebar, navigation; pages live in app_pages/."""

import streamlit as st

from app_pages import warmup
from app_pages.auth.session import can
from app_pages.auth.signin import require_user
from app_pages.components.style import apply_style
from app_pages.i18n import current_lang, t
from app_pages.sidebar import render_campaign_panel, render_sidebar
from app_pages.state import keep_widget_state

warmup.wait()  # the libraries imported while the sign-in screen was read: never two importing threads
st.set_page_config(page_title="Campaign Planner", page_icon="📈", layout="wide")
keep_widget_state()
st.session_state["lang"] = current_lang()
apply_style()  # after the language: the sheet writes catalog words

user = require_user()  # None: the first-start or sign-in screen was drawn instead of a page


def page(folder: str, url_path: str, icon: str, default: bool = False) -> st.Page:
    """The page in ``app_pages/<folder>/page.py``, titled from the catalog, at ``/<url_path>``."""
    return st.Page(
        f"app_pages/{folder}/page.py",
        title=t(f"nav.{url_path}"),
        icon=icon,
        url_path=url_path,
        default=default,
    )


pages = {
    t("nav.plan"): [
        page("brief", "brief", ":material/campaign:"),
        page("design", "design", ":material/straighten:", default=True),
        page("split", "assign", ":material/call_split:"),
    ],
    t("nav.measure"): [
        page("analyze", "analyze", ":material/analytics:"),
        page("monitor", "monitor", ":material/monitoring:"),
    ],
    t("nav.decide"): [page("decision", "rollout", ":material/rocket_launch:")],
    t("nav.programme"): [page("portfolio", "portfolio", ":material/view_list:")],
    t("nav.customers"): [
        page("customer_value", "customer_value", ":material/savings:"),
        page("satisfaction", "satisfaction", ":material/sentiment_satisfied:"),
    ],
}
if user is None or can("manage_users"):
    pages[t("nav.admin")] = [page("users", "users", ":material/group:")]
# Signed out, the pages are registered but hidden and not run: the address asked for is kept, and the
# page opens right after signing in.
navigation = st.navigation(pages, position="sidebar" if user else "hidden")
if user is None:
    warmup.start()  # what the first page needs, imported while the visitor signs in
    st.stop()
campaign_slot = render_sidebar()
try:
    navigation.run()
finally:  # also after a page's exception; pages return rather than st.stop(), which would end the run here
    render_campaign_panel(campaign_slot, navigation.url_path)
