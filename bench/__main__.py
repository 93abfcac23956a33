"""``python -m bench``: see bench/run.py; ``python -m bench compare A.json B.json``: see
bench/compare.py."""

import sys

if sys.argv[1:2] == ["compare"]:
    from bench.compare import main as compare

    raise SystemExit(compare(sys.argv[2:]))

from bench.run import main

raise SystemExit(main())
