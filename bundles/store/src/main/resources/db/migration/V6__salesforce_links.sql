-- Salesforce connector: the agents linked to their Salesforce user ("Connect Switchboard and
-- Salesforce"). The refresh token is AES-256-GCM encrypted by the connector (key outside the
-- database). Portable SQL: runs unchanged on H2 2.3 and PostgreSQL 15.
CREATE TABLE crm_salesforce_links (
    agent_id          UUID                     NOT NULL,
    sf_user_id        VARCHAR(18)              NOT NULL,
    sf_user_name      VARCHAR(255)             NOT NULL,
    refresh_token_enc VARCHAR(2048)            NOT NULL,
    linked_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT crm_salesforce_links_pk PRIMARY KEY (agent_id),
    CONSTRAINT crm_salesforce_links_agent_fk FOREIGN KEY (agent_id) REFERENCES agents (id) ON DELETE CASCADE
);
