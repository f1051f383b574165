"""Models arrive with the issue that builds this center (see docs/ARCHITECTURE.md)."""
