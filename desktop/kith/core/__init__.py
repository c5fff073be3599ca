"""kith.core: the domain in plain Python (no Qt) — rules, queries and services over kith.store."""
