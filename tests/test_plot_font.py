"""Plot text in Traditional Chinese where a CJK font is installed, in English otherwise, never a missing glyph.

Every ``zh_en("中文", "English")`` of the source notebooks is drawn both ways, in-process: with the
font ``use_cjk_font`` finds (Debian's fonts-noto-cjk on CI), and with matplotlib's own fonts only
(what a student without a CJK font gets). Matplotlib warns "Glyph ... missing" for a character its
font lacks; here that warning fails the test.
"""

import ast
import warnings

import matplotlib
import nbformat
import pytest
from matplotlib import font_manager

from autograder.course import build
from solutions.plotting import use_cjk_font, zh_en

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 - after choosing the backend


def notebook_texts():
    """[(zh, en)] of every zh_en call with literal arguments in the source notebooks' code cells."""
    pairs = []
    for assignment_id in build.assignment_ids():
        for cell in nbformat.read(build.source_path(assignment_id), as_version=4).cells:
            if cell.cell_type != "code" or "zh_en(" not in cell.source:
                continue
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "zh_en":
                    pairs.append(tuple(ast.literal_eval(argument) for argument in node.args))
    return pairs


TEXTS = notebook_texts()


@pytest.fixture
def fonts():
    """matplotlib's font settings and font list, restored after the test."""
    saved_list = list(font_manager.fontManager.ttflist)
    with matplotlib.rc_context():
        yield font_manager.fontManager
    font_manager.fontManager.ttflist[:] = saved_list
    font_manager.fontManager._findfont_cached.cache_clear()  # noqa: SLF001 - findfont's cache of the list


def draw_all(texts):
    """Draw each text as a title, label, legend entry and tick label; return the warnings raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig, ax = plt.subplots()
        for index, text in enumerate(texts):
            ax.plot([0, 1], [index, -index], label=text)
        ax.set(title=texts[0], xlabel=texts[-1], ylabel="‖x - x*‖ (log scale)")
        ax.legend()
        fig.canvas.draw()
        plt.close(fig)
    return [str(w.message) for w in caught]


def test_the_notebooks_label_their_plots_with_zh_en():
    assert len(TEXTS) >= 30 and all(len(pair) == 2 for pair in TEXTS), TEXTS


def test_chinese_plot_text_with_the_installed_cjk_font(fonts):
    name = use_cjk_font()
    if name is None:
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk); the English case is tested below")
    chosen = [zh_en(zh, en) for zh, en in TEXTS]
    assert chosen == [zh for zh, _ in TEXTS], f"{name} lacks a character of some Chinese text"
    assert draw_all(chosen) == []


def test_english_plot_text_without_a_cjk_font(fonts, monkeypatch):
    fonts.ttflist[:] = [font for font in fonts.ttflist if font.name == "DejaVu Sans"]  # matplotlib's own
    fonts._findfont_cached.cache_clear()  # noqa: SLF001
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *args, **kwargs: [])  # nothing to add either
    assert use_cjk_font() is None
    chosen = [zh_en(zh, en) for zh, en in TEXTS]
    assert chosen == [en for _, en in TEXTS]
    assert draw_all(chosen) == []
    assert any("Glyph" in message for message in draw_all([TEXTS[0][0]])), "the check cannot see a missing glyph"
