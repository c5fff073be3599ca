"""The one type for "an index into a Qt item model", used by every model and delegate.

Qt hands a model's ``rowCount``/``data``/``flags``/… and a delegate's ``paint``/
``sizeHint``/``editorEvent``/… either a :class:`QModelIndex` or a
:class:`QPersistentModelIndex`, so PySide6 declares those parameters as the union of both.
Every override in Kith spells it :data:`ModelIndex`.

The explicit :data:`~typing.TypeAlias` matters: mypy treats PySide6 as dynamic here
(``no_site_packages`` in pyproject.toml), and without the annotation ``ModelIndex = A | B``
of two dynamic classes is an ordinary variable, not a type.
"""

from __future__ import annotations

from typing import TypeAlias

from PySide6.QtCore import QModelIndex, QPersistentModelIndex

ModelIndex: TypeAlias = QModelIndex | QPersistentModelIndex

__all__ = ["ModelIndex"]
