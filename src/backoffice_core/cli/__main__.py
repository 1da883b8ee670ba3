"""``python -m backoffice_core.cli``: the same as the ``backoffice`` command."""

from backoffice_core.cli import main

raise SystemExit(main())
