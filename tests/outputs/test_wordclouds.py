import numpy as np
import pytest
from PIL import Image

from policytext.errors import ResourceError
from policytext.outputs.wordclouds import WordCloudStyle, render_wordcloud

FREQS = {"乡村振兴": 30, "高质量发展": 25, "营商环境": 20, "数字经济": 18, "人工智能": 15, "新质生产力": 12}


def test_bundled_font_has_the_glyphs():
    from matplotlib.ft2font import FT2Font

    font = FT2Font(WordCloudStyle().font_path())
    charmap = font.get_charmap()
    assert all(ord(ch) in charmap for ch in "乡村振兴高质量发展营商环境数字经济")


def test_wordcloud_png_has_presentation_size_and_ink(tmp_path):
    path = tmp_path / "wc.png"
    assert render_wordcloud(FREQS, path, WordCloudStyle(width=800, height=450))
    img = Image.open(path)
    assert img.size == (800, 450)
    assert img.format == "PNG"
    gray = img.convert("L")
    ink = int((np.asarray(gray) < 200).sum())
    assert ink > 0.03 * 800 * 450  # words were drawn, not an empty canvas


def test_same_input_same_picture(tmp_path):
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    render_wordcloud(FREQS, a, WordCloudStyle(width=400, height=300))
    render_wordcloud(FREQS, b, WordCloudStyle(width=400, height=300))
    assert a.read_bytes() == b.read_bytes()


def test_mask_limits_the_drawing(tmp_path):
    mask = Image.new("L", (400, 300), 255)
    mask.paste(0, (0, 0, 200, 300))  # left half dark: words go only there
    mask_path = tmp_path / "mask.png"
    mask.save(mask_path)
    out = tmp_path / "wc.png"
    render_wordcloud(FREQS, out, WordCloudStyle(width=400, height=300, mask=str(mask_path)))
    gray = Image.open(out).convert("L")
    right = gray.crop((220, 0, 400, 300))
    assert np.asarray(right).min() > 200


def test_no_words_no_file(tmp_path):
    assert not render_wordcloud({}, tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()


def test_missing_font_is_a_resource_error(tmp_path):
    with pytest.raises(ResourceError):
        render_wordcloud(FREQS, tmp_path / "x.png", WordCloudStyle(font=str(tmp_path / "none.ttf")))


def test_unreadable_mask_fails_the_check(tmp_path):
    mask = tmp_path / "mask.png"
    mask.write_text("not an image", encoding="utf-8")
    with pytest.raises(ResourceError, match="cannot read mask image"):
        WordCloudStyle(mask=str(mask)).check()
