"""Storage: the database and its models, migrations, the outbox, the spool, backup, retention, the scheduler's lease and heartbeats."""
