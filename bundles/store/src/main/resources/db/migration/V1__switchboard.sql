-- Switchboard core schema. Portable SQL: runs unchanged on H2 2.3 and PostgreSQL 15.
-- Timestamps are TIMESTAMP WITH TIME ZONE bound as UTC OffsetDateTime; long text is VARCHAR.

CREATE TABLE agents (
    id            UUID                     NOT NULL,
    username      VARCHAR(32)              NOT NULL,
    display_name  VARCHAR(255)             NOT NULL,
    extension     VARCHAR(8)               NOT NULL,
    role          VARCHAR(16)              NOT NULL,
    enabled       BOOLEAN                  NOT NULL,
    password_hash VARCHAR(100)             NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT agents_pk PRIMARY KEY (id),
    CONSTRAINT agents_username_uk UNIQUE (username),
    CONSTRAINT agents_extension_uk UNIQUE (extension)
);

CREATE TABLE devices (
    id       UUID         NOT NULL,
    agent_id UUID         NOT NULL,
    kind     VARCHAR(16)  NOT NULL,
    address  VARCHAR(255) NOT NULL,
    label    VARCHAR(255) NOT NULL,
    CONSTRAINT devices_pk PRIMARY KEY (id),
    CONSTRAINT devices_agent_fk FOREIGN KEY (agent_id) REFERENCES agents (id) ON DELETE CASCADE
);
CREATE INDEX devices_agent_ix ON devices (agent_id);

-- Owned numbers. An agent's DID is the row that points at that agent.
CREATE TABLE numbers (
    e164        VARCHAR(16)  NOT NULL,
    target_kind VARCHAR(8)   NOT NULL,
    target_id   UUID         NOT NULL,
    label       VARCHAR(255) NOT NULL,
    CONSTRAINT numbers_pk PRIMARY KEY (e164),
    CONSTRAINT numbers_target_kind_ck CHECK (target_kind IN ('AGENT', 'GROUP'))
);
CREATE INDEX numbers_target_ix ON numbers (target_id);

CREATE TABLE groups (
    id                      UUID        NOT NULL,
    name                    VARCHAR(64) NOT NULL,
    strategy                VARCHAR(16) NOT NULL,
    ring_timeout_seconds    INTEGER     NOT NULL,
    auto_record             BOOLEAN     NOT NULL,
    voicemail_after_seconds INTEGER,
    CONSTRAINT groups_pk PRIMARY KEY (id),
    CONSTRAINT groups_name_uk UNIQUE (name)
);

CREATE TABLE group_members (
    group_id UUID    NOT NULL,
    agent_id UUID    NOT NULL,
    position INTEGER NOT NULL,
    CONSTRAINT group_members_pk PRIMARY KEY (group_id, agent_id),
    CONSTRAINT group_members_group_fk FOREIGN KEY (group_id) REFERENCES groups (id) ON DELETE CASCADE,
    CONSTRAINT group_members_agent_fk FOREIGN KEY (agent_id) REFERENCES agents (id) ON DELETE CASCADE
);
CREATE INDEX group_members_agent_ix ON group_members (agent_id);

CREATE TABLE agent_settings (
    agent_id              UUID         NOT NULL,
    microphone            VARCHAR(256) NOT NULL,
    speaker               VARCHAR(256) NOT NULL,
    ringer                VARCHAR(256) NOT NULL,
    click_to_call         BOOLEAN      NOT NULL,
    call_relation         VARCHAR(16)  NOT NULL,
    post_call_navigation  VARCHAR(16)  NOT NULL,
    incoming_notification BOOLEAN      NOT NULL,
    CONSTRAINT agent_settings_pk PRIMARY KEY (agent_id),
    CONSTRAINT agent_settings_agent_fk FOREIGN KEY (agent_id) REFERENCES agents (id) ON DELETE CASCADE
);

-- Only the SHA-256 (hex) of a bearer token is stored.
CREATE TABLE sessions (
    id         UUID                     NOT NULL,
    token_hash VARCHAR(64)              NOT NULL,
    agent_id   UUID                     NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT sessions_pk PRIMARY KEY (id),
    CONSTRAINT sessions_token_hash_uk UNIQUE (token_hash),
    CONSTRAINT sessions_agent_fk FOREIGN KEY (agent_id) REFERENCES agents (id) ON DELETE CASCADE
);
CREATE INDEX sessions_agent_ix ON sessions (agent_id);
CREATE INDEX sessions_expires_ix ON sessions (expires_at);

-- The id is the call id. No foreign key to agents: a log outlives the agent it names.
CREATE TABLE call_logs (
    id               UUID                     NOT NULL,
    direction        VARCHAR(16)              NOT NULL,
    from_address     VARCHAR(255)             NOT NULL,
    to_address       VARCHAR(255)             NOT NULL,
    agent_id         UUID,
    started_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    answered_at      TIMESTAMP WITH TIME ZONE,
    ended_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    talk_time_millis BIGINT                   NOT NULL,
    disposition      VARCHAR(16)              NOT NULL,
    subject          VARCHAR(255)             NOT NULL,
    notes            VARCHAR(32000)           NOT NULL,
    contact_id       VARCHAR(255),
    related_item_id  VARCHAR(255),
    recording_ids    VARCHAR(4000)            NOT NULL,
    CONSTRAINT call_logs_pk PRIMARY KEY (id)
);
CREATE INDEX call_logs_started_ix ON call_logs (started_at);
CREATE INDEX call_logs_agent_started_ix ON call_logs (agent_id, started_at);

-- Call logs on their way to the CRM; an entry is never deleted by delivery.
CREATE TABLE outbox (
    id              UUID                     NOT NULL,
    call_log_id     UUID                     NOT NULL,
    status          VARCHAR(16)              NOT NULL,
    attempts        INTEGER                  NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_error      VARCHAR(2000),
    crm_ref         VARCHAR(1024),
    delivered_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT outbox_pk PRIMARY KEY (id),
    CONSTRAINT outbox_call_log_fk FOREIGN KEY (call_log_id) REFERENCES call_logs (id) ON DELETE CASCADE
);
CREATE INDEX outbox_due_ix ON outbox (status, next_attempt_at);
CREATE INDEX outbox_call_log_ix ON outbox (call_log_id);

-- No foreign key to call_logs: media starts recording long before the call is logged.
CREATE TABLE recordings (
    id              UUID                     NOT NULL,
    call_id         UUID                     NOT NULL,
    agent_id        UUID,
    kind            VARCHAR(16)              NOT NULL,
    status          VARCHAR(16)              NOT NULL,
    started_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    duration_millis BIGINT,
    raw_path        VARCHAR(1024)            NOT NULL,
    playable_path   VARCHAR(1024),
    CONSTRAINT recordings_pk PRIMARY KEY (id)
);
CREATE INDEX recordings_call_ix ON recordings (call_id);
CREATE INDEX recordings_started_ix ON recordings (started_at);
CREATE INDEX recordings_agent_started_ix ON recordings (agent_id, started_at);
