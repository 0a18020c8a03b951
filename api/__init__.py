"""HTTP app (``api.app.create_app``) and command line (``api.cli.main``) of warmgraph."""
