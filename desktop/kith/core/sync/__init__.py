"""Sync with CardDAV/CalDAV servers: the DAV client, accounts, and the two-way sync engine."""
