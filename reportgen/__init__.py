"""reportgen: sourced investor and SDG briefs about Beijing Future Science City, as PDF and Word."""
