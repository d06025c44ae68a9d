"""Pure interview logic: no Qt, no engine imports, no threads."""
