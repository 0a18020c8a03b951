"""Webhooks: telling Slack, a CRM or any HTTP receiver about introduction transitions,
without a mail server.

``model`` (the event catalogue, subscriptions, delivery log lines, URL and event checks),
``signing`` (the signature headers and a receiver's ``verify``), ``retry`` (which failures
are retried, and when), ``directory`` (add, list, remove, read the log: admins only). The
delivery itself, over HTTP in background threads, is ``api.webhooks``.
"""
