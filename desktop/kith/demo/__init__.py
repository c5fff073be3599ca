"""The demo network: about 150 people and two years of history, for ``kith demo PATH``.

:mod:`kith.demo.data` holds the vocabulary and the hand-written people; :mod:`kith.demo.builder`
builds the network from it (deterministic for a seed and a day) and writes it in one transaction.
"""

from __future__ import annotations

from kith.demo.builder import DemoError, DemoNetwork, build_network, write_demo
from kith.demo.data import TABLES

__all__ = ["TABLES", "DemoError", "DemoNetwork", "build_network", "write_demo"]
