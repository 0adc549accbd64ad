"""Transactional outbox (producer side) and inbox (consumer side) plumbing."""
