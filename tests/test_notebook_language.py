"""Every notebook reads in Traditional Chinese and in English, zh-TW first.

The style (one source of truth, the source notebook): each markdown cell is

    ## heading (optional; Chinese and English on one line)

    the zh-TW text (Traditional Chinese, the terms of Taiwanese ML teaching: 梯度下降, 學習率, ...)

    ---

    the English text (the sentences the hidden checks require are English: they stay intact here)

Plot labels follow the same rule through ``zh_en(zh, en)`` (``solutions/plotting.py``).
"""

import re

import nbformat
import pytest

from autograder.course import build

IDS = build.assignment_ids()
CJK = re.compile(r"[\u4e00-\u9fff]")
SIMPLIFIED_ONLY = re.compile("[们这说为个时会对发过还进动图问题间数据习学]")  # common simplified forms


def markdown_cells(assignment_id):
    nb = nbformat.read(build.source_path(assignment_id), as_version=4)
    return [(index, cell.source) for index, cell in enumerate(nb.cells) if cell.cell_type == "markdown"]


def halves(text):
    """(zh part, en part) of a markdown cell, the heading left out; None if there is no separator."""
    lines = text.strip().split("\n")
    if lines[0].startswith("#"):
        lines = lines[1:]
    body = "\n".join(lines)
    parts = re.split(r"\n\s*\n---\s*\n\s*\n", "\n" + body + "\n", maxsplit=1)
    return None if len(parts) < 2 else (parts[0], parts[1])


@pytest.mark.parametrize("assignment_id", IDS)
def test_each_markdown_cell_is_zh_tw_then_english(assignment_id):
    for index, text in markdown_cells(assignment_id):
        split = halves(text)
        where = f"{assignment_id} markdown cell {index} ({text.strip().splitlines()[0][:50]!r})"
        assert split, f"{where}: no zh-TW part followed by a line `---` and the English part"
        zh, en = split
        assert len(CJK.findall(zh)) >= 3, f"{where}: the part above `---` should be in Traditional Chinese"
        assert len(re.findall(r"\b[A-Za-z]{2,}\b", en)) >= 4, f"{where}: the part below `---` should be English"
        assert not SIMPLIFIED_ONLY.search(zh), (
            f"{where}: simplified characters {sorted(set(SIMPLIFIED_ONLY.findall(zh)))}; write Traditional Chinese")
