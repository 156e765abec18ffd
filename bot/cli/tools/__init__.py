"""Developer tools run as ``python -m bot.cli.tools.<name>``: not used by the running helpline."""
