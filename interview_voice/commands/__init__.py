"""CLI subcommands, one module each; they share the engines with the GUI."""
