-- The outbox dispatcher reads the oldest due PENDING entries first. With this index the database
-- walks PENDING entries in that order and stops after one batch, instead of sorting the whole
-- backlog on every round (which made a backlog slow its own delivery).
CREATE INDEX outbox_pending_order_ix ON outbox (status, created_at, id);
