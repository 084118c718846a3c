"""What operators see of the running service: one JSON log line per event with the
request id, and /metrics for Prometheus. Nothing here records personal details: log
lines name the route's template, never the path or query a person sent."""
