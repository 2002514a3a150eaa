-- Embedded CRM (bundle org.switchboard.crm.local). Owned by crm-local; depends on no V1 table.
-- Portable between H2 2.x and PostgreSQL 15: ids are UUID text, long text is VARCHAR(32000),
-- timestamps are TIMESTAMP WITH TIME ZONE written in UTC.

CREATE TABLE crm_accounts (
    id   VARCHAR(36)  NOT NULL PRIMARY KEY,
    name VARCHAR(255) NOT NULL
);

CREATE TABLE crm_contacts (
    id         VARCHAR(36)  NOT NULL PRIMARY KEY,
    account_id VARCHAR(36)  REFERENCES crm_accounts (id),
    first_name VARCHAR(100) NOT NULL,
    last_name  VARCHAR(100) NOT NULL,
    email      VARCHAR(255),
    title      VARCHAR(255)
);

-- Numbers are stored in E.164 form, so an inbound caller ID is found by equality.
CREATE TABLE crm_contact_phones (
    contact_id VARCHAR(36) NOT NULL REFERENCES crm_contacts (id) ON DELETE CASCADE,
    e164       VARCHAR(16) NOT NULL,
    kind       VARCHAR(16) NOT NULL,
    PRIMARY KEY (contact_id, e164)
);
CREATE INDEX crm_contact_phones_e164 ON crm_contact_phones (e164);

CREATE TABLE crm_cases (
    id          VARCHAR(36)              NOT NULL PRIMARY KEY,
    contact_id  VARCHAR(36)              NOT NULL REFERENCES crm_contacts (id) ON DELETE CASCADE,
    subject     VARCHAR(255)             NOT NULL,
    status      VARCHAR(40)              NOT NULL,
    description VARCHAR(32000)           NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX crm_cases_contact ON crm_cases (contact_id);

CREATE TABLE crm_opportunities (
    id         VARCHAR(36)              NOT NULL PRIMARY KEY,
    contact_id VARCHAR(36)              NOT NULL REFERENCES crm_contacts (id) ON DELETE CASCADE,
    account_id VARCHAR(36)              REFERENCES crm_accounts (id),
    name       VARCHAR(255)             NOT NULL,
    stage      VARCHAR(40)              NOT NULL,
    amount     NUMERIC(15, 2),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX crm_opportunities_contact ON crm_opportunities (contact_id);

-- Mirrors a Salesforce Task with TaskSubtype=Call: call_id plays CallObject (one task per call),
-- contact_id plays WhoId and what_id plays WhatId. Neither has a foreign key: WhatId is a case
-- or an opportunity, and a call log must never be refused for a reference the agent picked.
CREATE TABLE crm_tasks (
    id                    VARCHAR(36)              NOT NULL PRIMARY KEY,
    call_id               VARCHAR(36)              NOT NULL,
    contact_id            VARCHAR(255),
    what_id               VARCHAR(255),
    subject               VARCHAR(255)             NOT NULL,
    description           VARCHAR(32000)           NOT NULL,
    call_type             VARCHAR(16)              NOT NULL,
    call_duration_seconds INTEGER                  NOT NULL,
    disposition           VARCHAR(16)              NOT NULL,
    agent_id              VARCHAR(36),
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT crm_tasks_call_id UNIQUE (call_id),
    CONSTRAINT crm_tasks_call_type CHECK (call_type IN ('INBOUND', 'OUTBOUND', 'INTERNAL'))
);
CREATE INDEX crm_tasks_contact ON crm_tasks (contact_id);
