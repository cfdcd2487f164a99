"""careerbot: a self-hosted career-advice bot for people entering deep learning.

The package is the platform-neutral core: content loading and validation
(:mod:`bot.content`), the command registry (:mod:`bot.commands`), pure
handlers that turn a request into a :class:`bot.replies.Reply`, and free-text
understanding (:mod:`bot.ask`).  Platform adapters live in ``adapters/``.
"""

__version__ = "0.1.0"
