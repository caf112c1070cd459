"""The ``kinemotion`` command line."""
