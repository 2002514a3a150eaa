-- SIP registrar state. Portable SQL: runs unchanged on H2 2.3 and PostgreSQL 15.

-- One row per registered contact of an agent's phone; a refresh updates the row in place.
-- Kept in the database so that a restart of the SIP bundle loses no phone.
CREATE TABLE registrations (
    id            UUID                     NOT NULL,
    agent_id      UUID                     NOT NULL,
    contact       VARCHAR(1024)            NOT NULL,
    source        VARCHAR(255)             NOT NULL,
    transport     VARCHAR(8)               NOT NULL,
    user_agent    VARCHAR(255)             NOT NULL,
    call_id       VARCHAR(255)             NOT NULL,
    cseq          BIGINT                   NOT NULL,
    registered_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT registrations_pk PRIMARY KEY (id),
    CONSTRAINT registrations_agent_contact_uk UNIQUE (agent_id, contact),
    CONSTRAINT registrations_agent_fk FOREIGN KEY (agent_id) REFERENCES agents (id) ON DELETE CASCADE
);
CREATE INDEX registrations_expires_ix ON registrations (expires_at);

-- Digest HA1 = hex(H(username:realm:password)) for MD5 and SHA-256, written with the password.
-- The realm is the one the values were computed for; a row of another realm is useless.
CREATE TABLE sip_credentials (
    agent_id   UUID         NOT NULL,
    realm      VARCHAR(255) NOT NULL,
    ha1_md5    VARCHAR(32)  NOT NULL,
    ha1_sha256 VARCHAR(64)  NOT NULL,
    CONSTRAINT sip_credentials_pk PRIMARY KEY (agent_id),
    CONSTRAINT sip_credentials_agent_fk FOREIGN KEY (agent_id) REFERENCES agents (id) ON DELETE CASCADE
);
