package org.switchboard.api.agent;

/** What the post-call CRM activity is attached to: a Case (service) or an Opportunity (sales). */
public enum CallRelation {
    CASE,
    OPPORTUNITY
}
