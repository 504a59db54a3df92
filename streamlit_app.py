"""Campaign Planner: the router. Page config, language, sidebar, navigation; every page lives in app_pages/."""

import streamlit as st

from app_pages.i18n import current_lang, t
from app_pages.sidebar import render_sidebar
from app_pages.state import keep_widget_state

st.set_page_config(page_title="Campaign Planner", page_icon="📈", layout="wide")
keep_widget_state()
st.session_state["lang"] = current_lang()

render_sidebar()


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
    t("nav.measure"): [page("analyze", "analyze", ":material/analytics:")],
    t("nav.decide"): [page("decision", "rollout", ":material/rocket_launch:")],
    t("nav.programme"): [page("portfolio", "portfolio", ":material/view_list:")],
    t("nav.customers"): [
        page("customer_value", "customer_value", ":material/savings:"),
        page("satisfaction", "satisfaction", ":material/sentiment_satisfied:"),
    ],
}
st.navigation(pages).run()
