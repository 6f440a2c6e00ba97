"""Is this reader a browser's (``margin serve``)? Then what it writes is on the server, and an
export is also sent to the browser as a download."""

from __future__ import annotations

import os


def served() -> bool:
    return (os.environ.get("MARGIN_SERVED") == "1"
            and "web_driver" in os.environ.get("TEXTUAL_DRIVER", ""))
