"""``python -m scarhelp``: the same entry point as the ``scarhelp`` command."""

import sys

from .cli import main

sys.exit(main())
