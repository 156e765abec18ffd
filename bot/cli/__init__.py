"""The command line behind ``python -m bot``: database option, officers, households, operations, doctor; developer tools in cli/tools."""
