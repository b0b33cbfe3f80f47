"""``reader serve``: the reader in a web browser, read-only, over textual-serve.

The pieces, by role:

* :mod:`reader.serve.bind` opens the listening socket before anything else
  runs, so that a port in use or a host that cannot be bound is a one-line
  error, and decides whether a host is loopback (no warning) or not;
* :mod:`reader.serve.server` is the web server: one page, one websocket per
  browser tab (each runs its own app process, started by
  :mod:`reader.serve.child`), downloads, and the guards a local web server
  needs (Host and Origin checks, security headers, a cap on sessions);
* :mod:`reader.serve.child` is the app process: the usual app, in its
  read-only browser mode, with a reading state that lives only as long as
  the tab.

Only :mod:`reader.serve.bind` can be imported without the optional ``serve``
extra (``pip install 'reader[serve]'``): the others need aiohttp and
textual-serve.
"""
