"""`python -m followup`: see `followup.cli`."""

import sys

from followup.cli import main

sys.exit(main())
