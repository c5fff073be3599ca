"""kith.store: the SQLite file — models, opening and migration, backups, the change signal."""
