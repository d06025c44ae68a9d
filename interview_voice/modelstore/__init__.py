"""Default models: the manifest, installing from pinned packages, verifying."""
