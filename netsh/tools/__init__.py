"""Pure command builders, one module per tool. Nothing here runs anything."""
