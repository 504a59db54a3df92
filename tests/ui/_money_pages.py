"""Helpers for the AppTests of the brief, roll-out, customer-value and satisfaction pages.

``open_page("rollout", "en")`` builds an AppTest of the whole app (the router, the sidebar and the
page) in that language, runs it once (the default page; ``st.navigation`` registers the pages) and
switches to the page at that url path, whose file is ``app_pages/<folder>/page.py`` (:data:`PAGES`).
The session is signed in as ``user`` (a role of ``_accounts.account``, a ``User``, or ``None``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from _accounts import account
from streamlit.testing.v1 import AppTest

from app_pages.components.inputs import READINGS

ROOT = Path(__file__).resolve().parents[2]
NBSP = "\u00a0"
MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # CommonMark: a backslash before ASCII punctuation
# url path → page file (url paths are unchanged; each page lives in its own folder)
PAGES = {
    "brief": "app_pages/brief/page.py",
    "design": "app_pages/design/page.py",
    "assign": "app_pages/split/page.py",
    "analyze": "app_pages/analyze/page.py",
    "monitor": "app_pages/monitor/page.py",
    "rollout": "app_pages/decision/page.py",
    "portfolio": "app_pages/portfolio/page.py",
    "customer_value": "app_pages/customer_value/page.py",
    "satisfaction": "app_pages/satisfaction/page.py",
    "users": "app_pages/users/page.py",
}


def open_page(
    name: str, lang: str = "es", *, campaign: dict[str, Any] | None = None, user: object = "leader"
) -> AppTest:
    """An AppTest of the page at url path ``name`` in ``lang``, optionally with a campaign in the session."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    if user is not None:
        at.session_state["auth.user"] = account(user) if isinstance(user, str) else user
    if campaign is not None:
        at.session_state["campaign"] = campaign
    at.run()
    return at.switch_page(PAGES[name]).run()


def clean(text: str) -> str:
    """Text as a reader sees it: non-breaking spaces as spaces, markdown's backslash escapes (``\\$``,
    and the ``\\.``, ``\\_``... that keep user text such as file names literal) as the character."""
    return MARKDOWN_ESCAPE.sub(r"\1", text.replace(NBSP, " "))


def metrics(at: AppTest) -> dict[str, str]:
    """Metric cards by label → big number."""
    return {clean(m.label): clean(str(m.value)) for m in at.metric}


def deltas(at: AppTest) -> dict[str, str]:
    """Metric cards by label → the small text under the number."""
    return {clean(m.label): clean(str(m.delta or "")) for m in at.metric}


def texts(elements) -> list[str]:
    """The values of a list of text elements (info, error, success, ...)."""
    return [clean(str(e.value)) for e in elements]


def load_example(at: AppTest, page: str) -> AppTest:
    """Click the page's "Load example" button."""
    return at.button(key=f"{page}.example_btn").click().run()


def assert_clean(at: AppTest) -> None:
    """No exception rendered anywhere on the page."""
    assert not at.exception, [e.value for e in at.exception]


def type_number(at: AppTest, key: str, text: str) -> AppTest:
    """Type ``text`` into the number box ``key`` (a text box read as the session's locale writes
    numbers) and run the page."""
    return at.text_input(key=key).input(text).run()


def number(at: AppTest, key: str) -> Any:
    """The number the box ``key`` holds, as the page read it (``None`` when empty or refused)."""
    return at.session_state[READINGS][key].value


def refuse_each(at: AppTest, cases: list[tuple[str, str, str]]) -> None:
    """Type each bad text, expect exactly one sentence containing the words, then restore the text.

    ``cases`` are ``(widget key, bad text, words of the sentence)``; restoring checks that the page
    comes back with no error, i.e. nothing typed was lost.
    """
    for key, value, words in cases:
        before = at.text_input(key=key).value
        type_number(at, key, value)
        assert_clean(at)
        errors = texts(at.error)
        assert len(errors) == 1 and words in errors[0], (key, errors)
        type_number(at, key, before)
        assert not at.error, (key, texts(at.error))


def saved(at: AppTest) -> dict[str, Any]:
    """The session's campaign in its plain saved form (``rollout.Campaign.to_dict``)."""
    from rollout import Campaign

    current = at.session_state["campaign"]
    return current.to_dict() if isinstance(current, Campaign) else Campaign.from_dict(current).to_dict()


def open_profit_tab(at: AppTest, lang: str) -> AppTest:
    """Select the Size-the-pilot page's "profit-maximising" tab (drawn only when open), as a click does."""
    from app_pages.i18n import translate

    at.session_state["design.tab"] = translate("design.tab_profit", lang)
    return at.run()


def open_power_tab(at: AppTest, lang: str) -> AppTest:
    """Select the Size-the-pilot page's power tab again."""
    from app_pages.i18n import translate

    at.session_state["design.tab"] = translate("design.tab_power", lang)
    return at.run()
