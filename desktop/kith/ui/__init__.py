"""kith.ui: the Qt user interface — windows, pages, item models, delegates, dialogs, tray."""
