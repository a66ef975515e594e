"""Outgoing notifications to sellers and buyers (SMS for now), one small adapter per provider."""
