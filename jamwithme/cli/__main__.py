"""``python -m jamwithme.cli``: the ``jamwithme`` command."""

import sys

from jamwithme.cli import main

if __name__ == "__main__":  # not when merely imported (the doctests walk every module)
    sys.exit(main())
