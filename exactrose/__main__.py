"""``python -m exactrose`` runs the command-line interface."""

import sys

from exactrose.cli import main

sys.exit(main())
