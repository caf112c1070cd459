"""``python -m kinemotion`` runs the command line."""

from kinemotion.cli.launch import main

main()
