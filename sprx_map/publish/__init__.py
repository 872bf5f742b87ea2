"""A survey round published as a static site: plain HTML in English and Welsh that opens with nothing to run.

:func:`~sprx_map.publish.site.build` writes it (``python -m sprx_map publish``):
an index for Wales, a profile of every board, authority and cluster, and a page
of definitions and methods, each with its tables' files. The figures come from
the dashboard's own builders; maps and charts are inline SVG
(:mod:`~sprx_map.publish.outlines`, :mod:`~sprx_map.publish.drawings`); the
pages are Jinja2 templates in ``sprx_map/templates/site/``.
"""
