"""The domain of Journey Bot: a guided journey-mapping session, with no Slack and no I/O in the engine.

The engine lives at the top of the package: `steps` (the method's steps, stage templates, map types),
`state` (a session's immutable state), `events` (what can happen to it), `flow` (the pure state
machine: state + event → new state + replies; `outcome` holds what it reads and returns, `moves` the
next/back/skip/undo moves, `editing` the list/delete/edit-by-number commands), `replies` and `summary`
(what the engine says), `ports` (what it needs from outside, e.g. tips and KPI suggestions) and
`service` (load → advance → save).
Beside it, one subpackage per job: `parsing/` reads what people type, `storage/` keeps sessions in
SQL, `export/` writes maps as JSON, Markdown and CSV, `picture/` draws the map.
"""
