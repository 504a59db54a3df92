"""User text is text: ``components.feedback.plain`` leaves nothing for a markdown renderer to interpret.

Oracle: an independent CommonMark implementation, markdown-it-py (CommonMark spec, the parser family
Streamlit's renderer follows), with strikethrough and tables on: the escaped text must render as one
paragraph with no tag at all, whose text is exactly the user's text (a property over arbitrary one-line
text), while the same text unescaped does produce images and links (the negative control).
"""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from app_pages.components.feedback import md, plain

RENDERER = MarkdownIt("commonmark").enable(["strikethrough", "table"])
ATTACK = "![p](http://host/pixel.png) [Aprobar aquí](http://host/phish) <img src=x> **ya** `c` $x$"
ONE_LINE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Zs"), blacklist_characters="\x7f")
    | st.just(" "),
    min_size=1,
    max_size=80,
).filter(lambda s: s == s.strip())


def rendered(text: str) -> tuple[list[str], str]:
    """The tags a CommonMark renderer emits for ``text`` and the text of its single paragraph."""
    out = RENDERER.render(text).strip()
    tags = re.findall(r"<(\w+)", out)
    body = out.removeprefix("<p>").removesuffix("</p>")
    return tags, html.unescape(body)


def test_the_markdown_name_of_the_issue_renders_as_itself() -> None:
    assert rendered(plain(ATTACK)) == (["p"], ATTACK)
    assert {"img", "a", "strong", "code"} <= set(rendered(ATTACK)[0])  # unescaped: images and links


@given(ONE_LINE)
def test_any_one_line_text_renders_as_itself(text: str) -> None:
    assert rendered(plain(text)) == (["p"], text)


@given(ONE_LINE)
def test_money_escaping_keeps_the_text_whole(text: str) -> None:
    """``md`` (used on whole sentences for ``$``) does not escape an already escaped ``$`` twice."""
    assert rendered(md(plain(text))) == (["p"], text)
