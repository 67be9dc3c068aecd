"""`python -m scripts.tools.bench`: the whole benchmark (`make bench`), scripts/tools/bench/site.py's main."""

import sys

from scripts.tools.bench.site import main

if __name__ == "__main__":
    sys.exit(main())
