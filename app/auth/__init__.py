"""Staff accounts, roles, sign-in, API tokens and registered devices (kiosks, boards).

Kept free of imports on purpose: `app.db.models` imports `app.auth.models` to register the
tables, so this package must not pull in the web layer when it is first imported."""
