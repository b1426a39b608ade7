"""Built-in scenarios, one module each. Installed as `netsh.scenarios`."""
