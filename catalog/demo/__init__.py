"""Demo marketplace content and its loader (`python manage.py load_demo_data`).

`data` holds the hand-written content, `generate` turns it into product and certificate plans
(pure Python, no database), `images` draws product pictures with Pillow and `services` writes
everything to the database idempotently.
"""
