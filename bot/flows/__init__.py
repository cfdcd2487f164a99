"""Stateful flows: pure functions ``(request, catalog, state) -> (Reply, new_state)``.

They never touch storage; :mod:`bot.flows.service` loads the state, calls
them, and saves what they return (a returned state that ``is`` the one passed
in means "nothing changed").
"""
