import signal
import sys

from calculators.cli import main

# Behave like a Unix tool when piped into `head`: stop quietly, no traceback.
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
sys.exit(main())
