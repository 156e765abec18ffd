"""Natural-language understanding: normalise text, match intents, extract entities."""
