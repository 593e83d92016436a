"""Plot text in the students' language: given to every notebook in a provided cell (not graded).

``use_cjk_font()`` makes matplotlib draw with an installed font that has Traditional Chinese
glyphs; ``zh_en("中文", "English")`` is the Chinese text when the plots' font can draw every one of
its characters, the English text otherwise, so a plot never shows missing-glyph boxes nor warns.
"""


def use_cjk_font(names=("Noto Sans CJK TC", "Noto Sans TC", "Source Han Sans TC", "Microsoft JhengHei",
                         "PingFang TC", "Heiti TC", "Noto Sans CJK JP", "Noto Sans CJK SC", "Microsoft YaHei",
                         "AR PL UMing TW", "WenQuanYi Zen Hei")):
    """Draw the plots with the first installed font of `names`; returns its name, or None.

    `names` are fonts with Traditional Chinese glyphs, best first: Noto Sans CJK (Debian's and
    Ubuntu's fonts-noto-cjk), Windows' Microsoft JhengHei, macOS's PingFang TC, other Linux fonts.
    Fonts installed after matplotlib built its font cache are found too. Without any of them the
    plots keep matplotlib's default font and zh_en() gives their English text. Never raises.
    """
    import re
    from pathlib import Path

    import matplotlib
    from matplotlib import font_manager

    def installed():
        return {font.name for font in font_manager.fontManager.ttflist}

    try:
        found = [name for name in names if name in installed()]
        if not found:  # installed since matplotlib's font cache was built?
            known = {font.fname for font in font_manager.fontManager.ttflist}
            for path in font_manager.findSystemFonts():
                if path not in known and re.search(r"cjk|jhenghei|msjh|pingfang|heiti|hei|ming|sourcehan|notosanstc",
                                                   Path(path).name, re.IGNORECASE):
                    font_manager.fontManager.addfont(path)
            found = [name for name in names if name in installed()]
    except Exception:  # noqa: BLE001 - no font search may stop a notebook: the plots fall back to English
        return None
    if not found:
        return None
    matplotlib.rcParams["font.family"] = [found[0], "DejaVu Sans"]  # DejaVu (matplotlib's own) draws what it lacks
    return found[0]


def zh_en(zh, en):
    """`zh` if the plots' font (see use_cjk_font) has a glyph for each of its characters, else `en`."""
    import matplotlib
    from matplotlib import font_manager

    try:
        family = matplotlib.rcParams["font.family"]
        family = family if isinstance(family, str) else family[0]
        font = font_manager.get_font(font_manager.findfont(family, fallback_to_default=False))
    except (ValueError, OSError, RuntimeError, IndexError):
        return en
    return zh if all(font.get_char_index(ord(char)) for char in zh if not char.isspace()) else en
