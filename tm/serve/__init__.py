"""``tm serve``: the TM over HTTP (issue 16). See docs/serve.md.

- :mod:`tm.serve.tmserver`: the amaGama/Weblate tmserver protocol under ``/tmserver``;
- :mod:`tm.serve.api`: tm's JSON API under ``/api`` (described by :mod:`tm.serve.openapi`);
- :mod:`tm.serve.web`: the search page at ``/`` (works without JavaScript);
- :mod:`tm.serve.app`: the WSGI app (routing, token, limits, errors, log);
- :mod:`tm.serve.server`: the app on waitress; :mod:`tm.serve.tmapi`: the one adapter to tm's services.
"""
