"""The Python examples in README.md really run (oracle: the README's own code and its asserts).

Every fenced ``python`` block is executed in a fresh namespace from a temporary working directory that
sees the repository's ``examples/`` folder, as a user in a fresh clone would.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BLOCKS = re.findall(
    r"^```python\n(.*?)^```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.MULTILINE | re.DOTALL
)


def test_the_readme_has_the_sizing_example() -> None:
    assert any("sample_size_two_proportions" in block for block in BLOCKS)


@pytest.mark.parametrize("block", BLOCKS, ids=lambda block: block.splitlines()[0][:40])
def test_readme_python_block_runs(block: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "examples").symlink_to(ROOT / "examples")  # the examples' data, read-only use
    monkeypatch.chdir(tmp_path)
    exec(compile(block, "README.md", "exec"), {"__name__": "__readme__"})
