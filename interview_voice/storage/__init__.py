"""What the app keeps on disk between sessions."""
