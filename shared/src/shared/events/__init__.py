"""Event contracts and their plumbing: envelope, versioned payload base, registry, topics."""
