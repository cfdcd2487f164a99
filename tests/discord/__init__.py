"""End-to-end tests of the Discord adapter: the real discord.py client against a fake Discord."""
