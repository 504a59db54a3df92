"""Campaign Planner: the router. Page config, language, navigation; every page lives in app_pages/."""

import streamlit as st

from app_pages._i18n import current_lang, t
from app_pages._sidebar import render_sidebar
from app_pages._state import keep_widget_state

st.set_page_config(page_title="Campaign Planner", page_icon="📈", layout="wide")
keep_widget_state()
st.session_state["lang"] = current_lang()

render_sidebar()


def page(file: str, key: str, icon: str, default: bool = False) -> st.Page:
    return st.Page(f"app_pages/{file}.py", title=t(f"nav.{key}"), icon=icon, url_path=file, default=default)


pages = {
    t("nav.plan"): [
        page("brief", "brief", ":material/campaign:"),
        page("design", "design", ":material/straighten:", default=True),
        page("assign", "assign", ":material/call_split:"),
    ],
    t("nav.measure"): [page("analyze", "analyze", ":material/analytics:")],
    t("nav.decide"): [page("rollout", "rollout", ":material/rocket_launch:")],
    t("nav.customers"): [
        page("customer_value", "customer_value", ":material/savings:"),
        page("satisfaction", "satisfaction", ":material/sentiment_satisfied:"),
    ],
}
st.navigation(pages).run()
