"""Moved to the `benchmarks.load` package (`python -m benchmarks.load`).

Kept as a thin alias so commands and notes that name the old module still run.
"""

import sys

from benchmarks.load.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
