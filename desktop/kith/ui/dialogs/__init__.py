"""kith.ui.dialogs: the forms, import, export, duplicates, warm paths, settings and its pages."""
