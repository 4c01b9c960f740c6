"""WCAG 2.2 colour contrast, for the accent colour partners choose for their widget.

The widget puts white text on the accent (its buttons) and the accent on a
white card (links, the progress bar), so an accent is usable only when it
contrasts with white by at least 4.5:1, the AA ratio for normal text.
"""

import re

from django.core.exceptions import ValidationError

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
WIDGET_BACKGROUND = "#ffffff"
AA_TEXT = 4.5


def _channel(value):
    value /= 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(colour):
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first, second):
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def validate_accent(colour):
    """Refuse anything but #RRGGBB, and colours that white text cannot sit on."""
    if not HEX_COLOUR.match(colour or ""):
        raise ValidationError("Enter a colour as #RRGGBB, e.g. #0b6e4f.", code="invalid")
    ratio = contrast_ratio(colour, WIDGET_BACKGROUND)
    if ratio < AA_TEXT:
        raise ValidationError(
            f"{colour} contrasts with white by only {ratio:.2f}:1; the widget needs at least "
            f"{AA_TEXT}:1 so its buttons and links stay readable. Choose a darker shade.",
            code="low_contrast",
        )
