"""`python -m recorder`: the same as the `recorder` command."""

import sys

from recorder.cli.launch import main

sys.exit(main())
