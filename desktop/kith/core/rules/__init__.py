"""kith.core.rules: the relationship rules — cadence, going cold, strength, give and ask, pester."""
