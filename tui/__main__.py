"""`python -m tui` does what the `unknot` command does."""

import sys

from tui.entry import main

sys.exit(main())
