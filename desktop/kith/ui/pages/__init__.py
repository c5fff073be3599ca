"""kith.ui.pages: the pages of the main window (one Page base)."""
