"""Demo images drawn with Pillow: abstract, on-palette and entirely local.

Each picture is a soft diagonal gradient, a few translucent circles, a row of
rooftops (the campaign is about places) and its title. The drawing is seeded
from the title, so the same title always gives the same picture.
"""

import functools
import io
import random
import zlib
from dataclasses import dataclass

from django.core.files.images import ImageFile
from django.utils.text import slugify

from wagtail.images import get_image_model

from PIL import Image, ImageDraw, ImageFont

CREAM = (255, 246, 230)

# Pairs of (from, to) gradient colours, with an accent for the shapes.
PALETTES = {
    "teal": ((11, 79, 74), (24, 128, 112), (242, 140, 40)),
    "plum": ((70, 30, 82), (128, 52, 110), (255, 196, 87)),
    "moss": ((36, 84, 44), (86, 142, 64), (255, 230, 160)),
    "dusk": ((28, 48, 96), (196, 88, 72), (255, 214, 140)),
    "sun": ((196, 92, 28), (242, 160, 48), (11, 79, 74)),
}


@dataclass(frozen=True)
class DemoImage:
    key: str
    title: str  # the stable key a second load looks images up by
    alt: str
    caption: str  # the words drawn on the picture
    palette: str = "teal"
    size: tuple[int, int] = (1600, 900)

    @property
    def filename(self):
        return f"{slugify(self.title)}.jpg"


IMAGES = [
    DemoImage(
        "home",
        "Keep it Local: home hero",
        "The words Keep it Local over teal and orange circles and a row of rooftops.",
        "Keep it Local",
    ),
    DemoImage(
        "share",
        "Keep it Local: default share image",
        "The words Keep it Local over teal shapes and rooftops.",
        "Keep it Local",
        size=(1200, 630),
    ),
    DemoImage(
        "author",
        "Keep it Local: Sam Ellery portrait placeholder",
        "A placeholder portrait: the initials SE on a plum background.",
        "SE",
        palette="plum",
        size=(800, 800),
    ),
    DemoImage(
        "wish-list",
        "Keep it Local: Christmas wish list hero",
        "The words Our Christmas wish list over glowing circles and rooftops at dusk.",
        "Our Christmas wish list",
        palette="dusk",
    ),
    DemoImage(
        "blog",
        "Keep it Local: local spending hero",
        "The words Money that stays local over green circles and a row of rooftops.",
        "Money that stays local",
        palette="moss",
    ),
    DemoImage(
        "news",
        "Keep it Local: councils join hero",
        "The words More councils join over orange circles and a row of rooftops.",
        "More councils join",
        palette="sun",
    ),
    DemoImage(
        "leeds",
        "Keep it Local: Leeds case study hero",
        "The word Leeds over teal circles and a row of rooftops with lit windows.",
        "Leeds",
    ),
    DemoImage(
        "newcastle",
        "Keep it Local: Newcastle case study hero",
        "The word Newcastle over plum and gold circles and a row of rooftops.",
        "Newcastle",
        palette="plum",
    ),
    DemoImage(
        "calderdale",
        "Keep it Local: Calderdale case study hero",
        "The word Calderdale over green circles and a row of rooftops.",
        "Calderdale",
        palette="moss",
    ),
    DemoImage(
        "council-pledge",
        "Keep it Local: council pledge hero",
        "The words Become a Keep it Local council over a dusk sky and rooftops.",
        "Become a Keep it Local council",
        palette="dusk",
    ),
    DemoImage(
        "network-pledge",
        "Keep it Local: network pledge hero",
        "The words Join the network over orange circles and a row of rooftops.",
        "Join the network",
        palette="sun",
    ),
]


def _font(size):
    for name in ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)  # Pillow's bundled font


def _gradient(size, start, end):
    # A 2x2 image stretched with bilinear filtering is a smooth diagonal blend.
    corner = tuple((a + b) // 2 for a, b in zip(start, end, strict=True))
    seed = Image.new("RGB", (2, 2))
    seed.putdata([start, corner, corner, end])
    return seed.resize(size, Image.Resampling.BILINEAR).convert("RGBA")


def _circles(canvas, rng, colours):
    width, height = canvas.size
    layer = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for _ in range(rng.randint(5, 8)):
        radius = rng.randint(height // 16, height // 3)
        x, y = rng.randint(0, width), rng.randint(-radius // 2, height * 2 // 3)
        colour = (*rng.choice(colours), rng.randint(40, 110))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    return Image.alpha_composite(canvas, layer)


def _rooftops(canvas, rng, colour, light):
    width, height = canvas.size
    layer = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    base = height - height // 9
    x = -rng.randint(0, 40)
    while x < width:
        w = rng.randint(width // 16, width // 8)
        wall = rng.randint(height // 14, height // 6)
        roof = rng.randint(height // 24, height // 10)
        top = base - wall
        draw.rectangle((x, top, x + w, height), fill=(*colour, 200))
        draw.polygon(
            [(x - 4, top), (x + w // 2, top - roof), (x + w + 4, top)], fill=(*colour, 200)
        )
        pane = max(w // 6, 6)
        for wx in range(x + pane, x + w - pane, pane * 2):
            if rng.random() < 0.5:  # some windows lit, some dark
                wy = top + pane
                draw.rectangle((wx, wy, wx + pane, wy + pane * 3 // 2), fill=(*light, 210))
        x += w + rng.randint(0, width // 60)
    return Image.alpha_composite(canvas, layer)


def _title(canvas, text, colour, shadow):
    width, height = canvas.size
    square = abs(width - height) < width // 10
    size = height // 4 if square else height // 11
    font = _font(size)
    draw = ImageDraw.Draw(canvas)
    words, lines = text.split(), [""]
    for word in words:
        trial = f"{lines[-1]} {word}".strip()
        if draw.textlength(trial, font=font) > width * 0.8 and lines[-1]:
            lines.append(word)
        else:
            lines[-1] = trial
    block = "\n".join(lines)
    if square:
        options = {"xy": (width // 2, height // 2), "anchor": "mm", "align": "center"}
    else:
        options = {"xy": (width // 14, height // 12), "spacing": size // 4}
    offset = max(size // 24, 2)
    x, y = options.pop("xy")
    # A soft offset copy keeps the words readable over the lighter circles.
    draw.multiline_text((x + offset, y + offset), block, font=font, fill=shadow, **options)
    draw.multiline_text((x, y), block, font=font, fill=colour, **options)
    return canvas


@functools.lru_cache(maxsize=32)
def render(spec):
    """The picture as JPEG bytes; cached because a test run draws each many times."""
    rng = random.Random(zlib.crc32(spec.title.encode()))
    start, end, accent = PALETTES[spec.palette]
    canvas = _gradient(spec.size, start, end)
    canvas = _circles(canvas, rng, [accent, CREAM, end])
    if spec.size[0] != spec.size[1]:
        canvas = _rooftops(canvas, rng, tuple(c // 2 for c in start), accent)
    canvas = _title(canvas, spec.caption, CREAM, tuple(c // 3 for c in start))
    buffer = io.BytesIO()
    canvas.convert("RGB").save(buffer, "JPEG", quality=86, optimize=True)
    return buffer.getvalue()


def load_images(tally):
    """Find each demo image by title, or draw and store it; returns them by key."""
    model = get_image_model()
    found = {}
    for spec in IMAGES:
        found[spec.key] = tally.once(
            "images",
            spec.title,
            model.objects.filter(title=spec.title).first(),
            lambda spec=spec: _create_image(model, spec),
        )
    return found


def _create_image(model, spec):
    image = model(title=spec.title, description=spec.alt)
    image.file = ImageFile(io.BytesIO(render(spec)), name=spec.filename)
    image.save()
    return image
