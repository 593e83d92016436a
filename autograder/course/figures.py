"""The small pictures of the feedback: a student's failing result beside the reference's, as PNG.

A check that fails may carry figure data (``autograder.engine.checking.Figure``: the student's series,
the reference's, a title and axis labels in English); this draws it with matplotlib's Agg backend
into a PNG of about 3-4 KB, for the test cell's output (nbgrader's feedback shows ``image/png``) and the
feedback page. Labels are translated when matplotlib has a font that can draw the translation (a CJK
font for zh-TW); otherwise they stay English, without a missing-glyph warning.

Drawing one takes about 40 ms (a fixed layout, see MARGINS, on one picture emptied for each, see _blank), more
than anything else in recording a submission, and each is shown twice (under the test cell, on the feedback
page): so each is drawn once (:func:`png_base64` keeps the last few), and ``grade --course`` has its grading
workers draw the figures of each record (:func:`drawn`) and hands them to the recording process (:func:`keep`).
"""

import base64
import collections
import functools
import io
import json
from pathlib import Path

import PIL.Image

from autograder.engine import feedback
from autograder.engine.i18n import N_, _, current_language

SIZE = (4.2, 2.6)  # inches, at DPI: a picture beside the text, not a page
DPI = 72
# Where the axes sit, in fractions of the picture: fixed room for the title, the axis labels and tick labels
# of up to 7 characters ("−0.0025"), in English and in a CJK font, and the title placed at a fixed height
# (raised by RAISED where the y axis shows an offset or a factor, "1e−5", above it). Matplotlib's constrained
# layout and automatic title position fit these to each picture instead, but measure every text for it, and
# savefig then draws the picture twice: most of a figure's time.
MARGINS = {"left": 0.2, "right": 0.95, "bottom": 0.18, "top": 0.89}
TITLE_PAD, RAISED = 6, 0.07  # points above the axes; a fraction of the picture's height
COLORS = 32
MARKERS = 40  # a line of at most this many points shows each point: an off-by-one step is seen
FONTS_FOR = {"zh-TW": ("Noto Sans CJK TC", "Noto Sans CJK JP", "Noto Sans CJK SC", "Noto Serif CJK TC",
                       "AR PL UMing TW", "AR PL UKai TW", "WenQuanYi Zen Hei", "Microsoft JhengHei", "PingFang TC")}
FONT_FILES_FOR = {"zh-TW": ("CJK", "uming", "ukai", "wqy", "msjh", "PingFang")}  # their files' names


@functools.lru_cache(maxsize=None)
def _font(language):
    """The first installed font that draws ``language`` (None: English labels, matplotlib's default font)."""
    if language not in FONTS_FOR:
        return None
    from matplotlib import font_manager

    def known():
        installed = {font.name for font in font_manager.fontManager.ttflist}
        return next((name for name in FONTS_FOR[language] if name in installed), None)

    if known() is None:  # matplotlib's font cache may predate the fonts: look at the system's fonts once
        for path in font_manager.findSystemFonts():
            if any(word in Path(path).name for word in FONT_FILES_FOR[language]):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):  # a font file matplotlib cannot read
                    continue
    return known()


def labels_and_font():
    """``(translate, font)``: how to put a label on a figure in the current language."""
    language = current_language()
    if language == "en":
        return (lambda text: text), None
    font = _font(language)
    return ((_, font) if font else ((lambda text: text), None))


def png(figure):
    """The PNG bytes of ``figure`` (the data a failing check attached)."""
    import matplotlib
    matplotlib.use("Agg", force=False)
    from matplotlib.ticker import MaxNLocator

    translate, font = labels_and_font()
    canvas, axes, pixels = _blank(font)
    text = {"fontfamily": font} if font else {}
    # the expected line dashed over the student's, so both show where they agree
    for side, style, label in (("yours", {"color": "#b42318", "linewidth": 1.6, "zorder": 2},
                                translate(N_("your result"))),
                               ("expected", {"color": "#1a7f37", "linestyle": "--", "linewidth": 1.6, "zorder": 3},
                                translate(N_("expected (the reference)")))):
        series = figure[side]
        for index, line in enumerate(series["lines"]):
            values = [float("nan") if value is None else value for value in line]
            axes.plot(series["x"], values, marker="o" if len(values) <= MARKERS else None, markersize=3,
                      label=label if index == 0 else None, **style)
    axes.set_xlabel(translate(figure["xlabel"]), fontsize=9, **text)
    axes.set_ylabel(translate(figure["ylabel"]), fontsize=9, **text)
    axes.tick_params(labelsize=8)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))  # steps, calls and epochs are whole numbers
    ticks = axes.yaxis.get_major_formatter()
    ticks.format_ticks(axes.yaxis.get_majorticklocs())  # the tick labels the drawing will show
    raised = RAISED if ticks.get_offset() else 0
    canvas.subplots_adjust(top=MARGINS["top"] - raised)
    axes.set_title(translate(figure["title"]), fontsize=10, y=1, pad=TITLE_PAD + raised * SIZE[1] * 72, **text)
    axes.legend(prop={"family": font, "size": 8} if font else {"size": 8})
    # drawn into Agg's pixels and encoded once, by PIL: savefig's own PNG would be decoded again for the palette
    pixels.draw()
    buffer = io.BytesIO()
    # a palette of COLORS instead of 24-bit colour: a quarter of the bytes, the same picture to the eye
    PIL.Image.frombuffer("RGBA", pixels.get_width_height(), pixels.buffer_rgba(), "raw", "RGBA", 0, 1).convert(
        "RGB").quantize(COLORS, method=PIL.Image.Quantize.FASTOCTREE).save(buffer, format="png", optimize=True)
    return buffer.getvalue()


_blanks = {}  # {font: (figure, axes, canvas)}: one picture per process, emptied for each figure


def _blank(font):
    """An empty picture to draw a figure on: made once per font, then emptied (making the figure, its axes and
    their ticks again each time was a fifth of a figure's time)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure  # no pyplot: no global state, nothing left open

    if font not in _blanks:
        canvas = Figure(figsize=SIZE, dpi=DPI)
        _blanks[font] = canvas, canvas.subplots(), FigureCanvasAgg(canvas)
    canvas, axes, pixels = _blanks[font]
    for artist in [*axes.lines, *([axes.get_legend()] if axes.get_legend() else [])]:
        artist.remove()
    axes.relim()
    axes.set_xlim(0, 1, auto=True)  # the limits of an empty picture, fitted to the lines again when drawn
    axes.set_ylim(0, 1, auto=True)
    axes.set_prop_cycle(None)
    canvas.subplots_adjust(**MARGINS)
    return canvas, axes, pixels


KEPT = 64  # figures kept drawn: a few submissions' worth, so memory stays flat over a class
_kept = collections.OrderedDict()  # {key(figure): base64 PNG}, oldest first


def key(figure):
    """What a figure's picture depends on: its data and the language of its labels."""
    return current_language() + "\0" + json.dumps(figure, sort_keys=True)


def png_base64(figure):
    """:func:`png` as base64 text, as a notebook's ``image/png`` output and an HTML ``data:`` URL hold it."""
    name = key(figure)
    if name not in _kept:
        keep({name: base64.b64encode(png(figure)).decode("ascii")})
    return _kept[name]


def drawn(record):
    """``{key: base64 PNG}`` of every figure the feedback of ``record`` (a grading record) shows."""
    return {key(graded.figure): png_base64(graded.figure) for graded in feedback.functions(record) if graded.figure}


def keep(drawings):
    """Remember ``drawings`` (as :func:`drawn` returns them) for :func:`png_base64`, forgetting the oldest."""
    _kept.update(drawings)
    while len(_kept) > KEPT:
        _kept.popitem(last=False)


def alt_text(figure):
    """What the picture shows, in words (the image's alt text)."""
    translate, _font_name = labels_and_font()
    return _("{title}: your result beside the expected one").format(title=translate(figure["title"]))
