"""Word clouds as PNG, with a CJK font that ships with the package."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from policytext.errors import ResourceError
from policytext.outputs.charts import clean_label
from policytext.outputs.files import atomic_path
from policytext.resources import FONT, resource_path


@dataclass(frozen=True)
class WordCloudStyle:
    width: int = 1920
    height: int = 1080
    font: str | None = None  # a .ttf/.otf path; None: the packaged Noto Sans SC
    mask: str | None = None  # an image whose white areas stay empty
    max_words: int = 200
    seed: int = 42  # fixed, so the same input lays out the same picture
    background: str = "white"
    colormap: str = "Dark2"

    def font_path(self) -> str:
        path = Path(self.font) if self.font else resource_path(FONT)
        if not path.is_file():
            raise ResourceError(f"font file not found: {path}")
        return str(path)

    def check(self) -> None:
        """Fail before a long run, not after it, when the font or mask cannot be used."""
        from PIL import ImageFont

        try:
            ImageFont.truetype(self.font_path(), 12)
        except OSError as exc:
            raise ResourceError(f"not a usable font file: {self.font_path()} ({exc})") from None
        if self.mask:
            _load_mask(self.mask, 10, 10)


def _layout_scale(width: int, height: int) -> int:
    """Words are placed on a canvas 1/scale of the target size and drawn at full size: the
    placement search is the slow part and grows with the pixel count (1920x1080: 2 s -> 1 s)."""
    return max(1, min(3, min(width, height) // 300))


def render_wordcloud(frequencies: Mapping[str, float], target: Path, style: WordCloudStyle = WordCloudStyle()) -> bool:
    """Write a PNG word cloud of ``frequencies`` to ``target``; False when there are no words."""
    from wordcloud import WordCloud

    words: dict[str, float] = {}
    for word, frequency in frequencies.items():
        label = clean_label(word)  # a tab or CR from the text would be drawn as a missing glyph
        if frequency > 0 and label:
            words[label] = words.get(label, 0) + frequency
    if not words:
        return False
    scale = _layout_scale(style.width, style.height)
    kwargs = {}
    if style.mask:
        kwargs["mask"] = _load_mask(style.mask, style.width // scale, style.height // scale)
    try:
        cloud = WordCloud(
            font_path=style.font_path(),
            width=style.width // scale,
            height=style.height // scale,
            scale=scale,
            max_words=style.max_words,
            random_state=style.seed,
            background_color=style.background,
            colormap=style.colormap,
            prefer_horizontal=0.95,  # vertical Chinese is hard to read on slides
            relative_scaling=0.5,
            margin=4,
            # a fixed ceiling spares wordcloud its first sizing pass (a third of the time)
            max_font_size=int(style.height // scale * 0.42),
            **kwargs,
        ).generate_from_frequencies(words)
    except OSError as exc:
        raise ResourceError(f"cannot use font {style.font_path()}: {exc}") from None
    with atomic_path(target) as tmp:
        cloud.to_image().save(tmp, format="PNG")
    return True


def _load_mask(path: str, width: int, height: int):
    import numpy as np
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(path).convert("L").resize((width, height))
    except (OSError, UnidentifiedImageError) as exc:
        raise ResourceError(f"cannot read mask image {path}: {exc}") from None
    # wordcloud leaves pure white (255) empty; threshold so anti-aliased edges count as white
    return np.where(np.asarray(image) > 200, 255, 0).astype("uint8")
