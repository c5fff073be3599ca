"""kith.ui.widgets: small reusable widgets: avatar, buttons, form rows, pickers, charts, chips."""
