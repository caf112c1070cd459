"""The plugin folders here are distributions, not test modules of this suite: never collect them.

(Each one's own ``tests/test_conformance.py`` is run as its author would, by
``test_past_plugins.py``, against the installed wheel.)
"""

collect_ignore_glob = ["kinemotion-*"]
