"""Credential definitions (versioned, effective-dated), their requirements and seeds."""
