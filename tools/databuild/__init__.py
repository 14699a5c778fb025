"""The dataset builder: ``changchun`` and ``china`` from the shared data folder, by source.

Build time only (not part of the ``metroscope`` package); run ``tools/build_datasets.py`` or
``python -m databuild`` from ``tools/``. One module per source or concern:

- ``params``: model assumptions and source labels (written into ``region.toml``);
- ``names``: pinyin, English names, name stems, administrative levels;
- ``inputs``: the source tables loaded once (cpca, census, official statistics, stations);
- ``census``: census indicators (county files 2010/2020, the boundary-adjusted city file);
- ``official``: official statistics and the 2015 yearbook cross-section;
- ``rail_facts``, ``rail``: the rail lines, their stations and section lengths;
- ``expressways``, ``roads``: the road side of the network;
- ``counties``: county polygons and the ``china`` ordinary-road layer;
- ``areas``: the 18 national metropolitan areas;
- ``changchun``, ``china``: the two bundles; ``write``: writing; ``cli``: the command line.
"""
