"""`python -m pkispec` is the `pkispec` command."""

from pkispec.cli import main

raise SystemExit(main())
