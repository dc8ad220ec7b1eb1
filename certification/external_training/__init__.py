"""Training a person took elsewhere, and its verification by staff."""
