"""Telegram adapter tests: the real python-telegram-bot Application against a fake Bot API server."""
