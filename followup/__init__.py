"""followup: what a job seeker may do now, and when, around a job interview.

The package is deliberately light to import: the rules core (`followup.rules`) and the
models (`followup.models`) are imported where they are used, so the CLI starts fast.
"""

import logging

__version__ = "0.1.0"

# A library logs, the program decides where to: the CLI prints only its one sentence on stderr
# (contract.md), the page's server logs to its own stderr (followup.ui.main).
logging.getLogger("followup").addHandler(logging.NullHandler())
