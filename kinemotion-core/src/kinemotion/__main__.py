"""``python -m kinemotion`` runs the command line."""

from kinemotion.cli.main import main

main()
