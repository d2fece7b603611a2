"""Tools for maintainers, run by make: `make lock` (lock.py) and `make screenshots` (screenshots.py)."""
