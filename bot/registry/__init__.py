"""The scam-identifier registry: normalising what residents report, the database side, and sharing it with other units (import/export)."""
