"""Developer tools run as ``python -m bot.tools.<name>``: not used by the running helpline."""
