"""Musical insight."""
