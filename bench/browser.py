"""The Chromium that the browser benchmarks and tests drive: Debian's, found at
FOLLOWUP_CHROMIUM (/usr/bin/chromium by default), launched with FLAGS. IDLE matches the page
once its script has finished running."""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("FOLLOWUP_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
