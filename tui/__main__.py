"""``python -m tui``: the same as the ``margin`` command."""

import sys

from .cli import main

sys.exit(main())
