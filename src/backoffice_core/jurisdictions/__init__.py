"""Jurisdiction packs: statutory rules of one country each, as pure typed calculations."""
