"""``python -m metroscope`` runs the command line."""

from metroscope.cli import main

main()
