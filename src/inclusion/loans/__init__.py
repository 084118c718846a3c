"""Device lending: device types, stock, requests, loans, returns and data SIMs."""
