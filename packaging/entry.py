"""Entry point of the packaged app (the same as ``vitrine`` and ``python -m app``)."""

from __future__ import annotations

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from app.cli import main

    sys.exit(main())
