"""``python -m databuild`` (from ``tools/``): the same as ``tools/build_datasets.py``."""

from .cli import main

main()
