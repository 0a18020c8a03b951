"""The store contract: what every backend promises through the port (graph/store/base.py).

One module per protocol (``test_<protocol>.py``), marked
``pytestmark = pytest.mark.protocol.with_args(P)`` (``with_args``: a bare class argument
would be taken as the thing to decorate); ``conftest.py`` runs every test once per backend
in ``tests.conftest.BACKENDS`` that implements ``P``. A new backend is a row in ``BACKENDS``;
a new protocol is a new module here. Tests use protocol methods only; what one backend
promises beyond the port lives in ``tests/store/<backend>/``. Values are valid here: the
service checks them before any store sees them (tests/graph/test_service_rejects.py).
"""
