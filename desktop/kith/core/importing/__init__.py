"""kith.core.importing: importing people: file detection, vCard, CSV, review, apply and undo."""
