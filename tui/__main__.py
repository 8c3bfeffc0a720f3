"""`python -m tui` does what the `unknot` command does."""

import sys

from tui.cli import main

sys.exit(main())
