"""End-to-end helpers: emulated Linux machines on this host (machines.py, systemctl.py)."""
