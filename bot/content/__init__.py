"""What the bot says and asks, as validated data: language packs, flows and their catalogue, texts, knowledge answers, and the YAML loader they share (understanding reads them too)."""
