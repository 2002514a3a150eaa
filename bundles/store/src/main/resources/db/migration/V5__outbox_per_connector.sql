-- One delivery per call log per CRM connector (the key the outbox is idempotent on), a revision
-- that says which edit of the log a delivery carried, and connectors that subscribe to call logs.
-- Entries queued before this change, and any queued while no connector has subscribed, belong to
-- '*': the first connector to subscribe takes them.
ALTER TABLE outbox ADD COLUMN connector VARCHAR(64) DEFAULT '*' NOT NULL;
ALTER TABLE outbox ADD COLUMN revision INTEGER DEFAULT 0 NOT NULL;

-- Before: every save added an entry. Keep the newest per call log (delivery is idempotent on the
-- call id, so nothing is lost by delivering it once more).
DELETE FROM outbox o WHERE EXISTS (
    SELECT 1 FROM outbox n WHERE n.call_log_id = o.call_log_id
        AND (n.created_at > o.created_at OR (n.created_at = o.created_at AND n.id > o.id)));

ALTER TABLE outbox ADD CONSTRAINT outbox_delivery_uq UNIQUE (call_log_id, connector);
CREATE INDEX outbox_connector_pending_ix ON outbox (connector, status, created_at, id);

CREATE TABLE outbox_subscribers (
    connector     VARCHAR(64)              NOT NULL,
    subscribed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT outbox_subscribers_pk PRIMARY KEY (connector)
);
