"""reportgen: sourced investor and SDG briefs about the place a dataset describes, as PDF and Word."""
