-- Issue 14: recordings and voicemail with everything the inbox shows and filters on, and the
-- playable recordings' links on the call log (so the CRM Task carries them).
-- Portable SQL: runs unchanged on H2 2.3 and PostgreSQL 15. Rows recorded before keep working:
-- every new NOT NULL column has a default.
ALTER TABLE recordings ADD COLUMN group_id UUID;
ALTER TABLE recordings ADD COLUMN from_party VARCHAR(255) DEFAULT '' NOT NULL;
ALTER TABLE recordings ADD COLUMN to_party VARCHAR(255) DEFAULT '' NOT NULL;
ALTER TABLE recordings ADD COLUMN checksum VARCHAR(100);
ALTER TABLE recordings ADD COLUMN size_bytes BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE recordings ADD COLUMN heard BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE recordings ADD COLUMN error VARCHAR(1000);

-- The inbox: "Recorded calls" / "Voicemail" newest first, a group's voicemail, and the work
-- queues (RAW to encode, RECORDING to recover after a crash) oldest first.
CREATE INDEX recordings_kind_started_ix ON recordings (kind, started_at);
CREATE INDEX recordings_group_started_ix ON recordings (group_id, started_at);
CREATE INDEX recordings_status_started_ix ON recordings (status, started_at);

-- The playable recordings of a call, one link a line: "<recording id> <CALL|VOICEMAIL>
-- <duration millis> <url>" (a URL holds no white space), written next to recording_ids.
ALTER TABLE call_logs ADD COLUMN recording_links VARCHAR(32000) DEFAULT '' NOT NULL;
