package org.switchboard.api.event;

/** Property names used in Switchboard events. */
public final class EventProperties {
    public static final String CALL_ID = "callId";
    public static final String LEG_ID = "legId";
    public static final String STATE = "state";
    public static final String DIRECTION = "direction";
    public static final String FROM = "from";
    public static final String TO = "to";
    /** Comma-separated ids of the agents involved in a call. */
    public static final String AGENT_IDS = "agentIds";
    public static final String AGENT_ID = "agentId";
    public static final String USERNAME = "username";
    public static final String PRESENCE = "presence";
    public static final String REASON = "reason";
    public static final String HELD = "held";
    public static final String MUTED = "muted";
    public static final String TIMESTAMP = "timestamp";
    /** The CRM contact matched to the outside party, when there is one. */
    public static final String CONTACT_ID = "contactId";
    public static final String CONTACT_NAME = "contactName";
    /** Recording events and call events about a recording. */
    public static final String RECORDING_ID = "recordingId";
    /** {@code CALL} or {@code VOICEMAIL}. */
    public static final String KIND = "kind";
    public static final String GROUP_ID = "groupId";
    public static final String DELETED = "deleted";

    private EventProperties() {}
}
