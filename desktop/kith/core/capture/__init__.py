"""Capture contact from the user's own mail and calendars: headers and events in, matched
against the people already in Kith, out as suggested interactions (see docs/capture.md)."""
