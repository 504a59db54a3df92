"""Campaign Planner: the router. Page config, language, navigation; every page lives in app_pages/."""

import streamlit as st

from app_pages._i18n import LANGS, current_lang, t
from app_pages._state import CURRENCIES, campaign, keep_widget_state

st.set_page_config(page_title="Campaign Planner", page_icon="📈", layout="wide")
keep_widget_state()
st.session_state["lang"] = current_lang()

with st.sidebar:
    st.segmented_control(t("app.language"), LANGS, key="lang", format_func=str.upper)
    st.selectbox(t("app.currency"), CURRENCIES, key="app.currency")
    current = campaign()
    st.caption(f"{t('app.campaign')}: **{current.get('brief', {}).get('name') or t('app.no_campaign')}**")
    st.caption(f"{t('app.stage')}: {t('stage.' + current.get('stage', 'draft'))}")


def page(file: str, key: str, icon: str, default: bool = False) -> st.Page:
    return st.Page(f"app_pages/{file}.py", title=t(f"nav.{key}"), icon=icon, url_path=file,
                   default=default)


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
