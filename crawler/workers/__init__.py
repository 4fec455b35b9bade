"""The cleaning worker processes: the pool, the work done in them, their warm-up."""
