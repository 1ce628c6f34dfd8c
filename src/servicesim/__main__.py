"""``python -m servicesim`` runs the CLI."""

from servicesim.cli import main

raise SystemExit(main())
