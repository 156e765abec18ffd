"""The conversation core: the engine, its one state machine and named hook points, reading answers, asking instead of guessing, and the triage step of a turn."""
