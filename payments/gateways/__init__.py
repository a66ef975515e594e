"""Payment provider adapters: one package per provider behind the interface in base.py."""
