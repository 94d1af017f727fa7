"""`python -m ccaf` runs the command line."""

import sys

from ccaf.cli import main

sys.exit(main())
