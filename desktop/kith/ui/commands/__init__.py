"""kith.ui.commands: every change the user can undo: QUndoCommands and the *_actions helpers."""
