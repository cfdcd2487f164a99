"""Languages: which ones the content has, which one a user speaks, and formatting for each.

* :mod:`bot.i18n.languages`: the supported languages (``en`` plus every folder of
  ``content/locales/``) and :func:`~bot.i18n.languages.language_of`, which maps a
  platform's tag (``es-419``, ``pt-BR``) to one of them.
* :mod:`bot.i18n.formatting`: numbers, money and CLDR plural forms, all from Babel.
* :mod:`bot.i18n.phrasebook`: ``content/locales/<lang>/phrases.yaml``, validated
  into a :class:`bot.phrases.Phrases` per language.
* :mod:`bot.i18n.coverage`: how much of each language is translated.

The localized content itself is built by :mod:`bot.content.translations`; a handler
reaches a language through ``catalog.for_language(code)``.
"""
