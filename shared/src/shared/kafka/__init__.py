"""Kafka plumbing: producer, topic administration, the consumer loop. Only workers use it, never use cases."""
