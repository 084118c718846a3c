"""What every feature's pages share: templates, layout, headers, errors, health."""
