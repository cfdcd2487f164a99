"""``python -m bot``: the careerbot command line."""

import sys

from bot.cli import main

sys.exit(main())
