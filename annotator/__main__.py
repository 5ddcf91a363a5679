"""Allow ``python -m annotator`` (``launch`` opens the window without the whole CLI)."""

from annotator.launch import main

raise SystemExit(main())
