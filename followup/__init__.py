"""followup: what a job seeker may do now, and when, around a job interview.

The package is deliberately light to import: the rules core (`followup.rules`) and the
models (`followup.models`) are imported where they are used, so the CLI starts fast.
"""

__version__ = "0.1.0"
