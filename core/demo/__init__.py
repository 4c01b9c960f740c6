"""Demo content for the Keep it Local site, built by `manage.py load_demo_content`."""

from .loader import load_demo_content
from .tally import Tally

__all__ = ["Tally", "load_demo_content"]
