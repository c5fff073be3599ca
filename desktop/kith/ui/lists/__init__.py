"""kith.ui.lists: item models, delegates and views of Kith's lists."""
