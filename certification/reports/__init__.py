"""Reports for RCO staff and the state network: figures, small-cell suppression, charts,
exports and the monthly summary."""
