"""Build the embedded datasets ``changchun`` and ``china`` from ``../shared/data``.

Run from the repository root::

    .venv/bin/python tools/build_datasets.py [--shared PATH] [--out PATH] [--only NAME]

A thin entry point: the builder is the package ``tools/databuild`` (one module per source;
see ``src/metroscope/datasets/DATA.md``, "How the builder is organised").
"""

from databuild.cli import main

if __name__ == "__main__":
    main()
