package org.switchboard.api.event;

/**
 * EventAdmin topics. Call events carry {@link EventProperties#CALL_ID} and the call's state;
 * agent events carry {@link EventProperties#AGENT_ID}. Property values are strings, numbers
 * and booleans only, so any bundle (and the WebSocket) can read them without our types.
 */
public final class Topics {
    public static final String CALL_ALL = "org/switchboard/call/*";
    public static final String CALL_RINGING = "org/switchboard/call/RINGING";
    public static final String CALL_ANSWERED = "org/switchboard/call/ANSWERED";
    public static final String CALL_HELD = "org/switchboard/call/HELD";
    public static final String CALL_RESUMED = "org/switchboard/call/RESUMED";
    public static final String CALL_MUTED = "org/switchboard/call/MUTED";
    public static final String CALL_TRANSFERRING = "org/switchboard/call/TRANSFERRING";
    public static final String CALL_TRANSFERRED = "org/switchboard/call/TRANSFERRED";
    public static final String CALL_ENDED = "org/switchboard/call/ENDED";
    /** An agent's side of the call moved to another of their devices (legId: the new leg). */
    public static final String CALL_SWITCHED = "org/switchboard/call/SWITCHED";
    /** The CRM matched the outside party's number to a contact (screen pop). */
    public static final String CALL_MATCHED = "org/switchboard/call/MATCHED";
    /** The agents' notes on a live call changed (a transferred call carries them to the next agent). */
    public static final String CALL_NOTED = "org/switchboard/call/NOTED";

    public static final String CRM_ALL = "org/switchboard/crm/*";
    /**
     * The outbox's backlog crossed its alarm level, or came back under it: properties
     * {@code pending}, {@code parked}, {@code oldestSeconds} and {@code growing} (boolean).
     */
    public static final String CRM_OUTBOX_BACKLOG = "org/switchboard/crm/OUTBOX_BACKLOG";

    public static final String AGENT_ALL = "org/switchboard/agent/*";
    public static final String AGENT_PRESENCE = "org/switchboard/agent/PRESENCE";

    /** The call's recording started, paused, resumed or stopped ({@code recordingId}). */
    public static final String CALL_RECORDING = "org/switchboard/call/RECORDING";
    /** The caller was sent to voicemail, or their message began recording after the beep. */
    public static final String CALL_VOICEMAIL = "org/switchboard/call/VOICEMAIL";

    public static final String RECORDING_ALL = "org/switchboard/recording/*";
    /**
     * A recording or voicemail is playable (its MP3 is written): properties {@code recordingId},
     * {@code callId}, {@code kind}, and {@code agentId} / {@code groupId} when set.
     */
    public static final String RECORDING_READY = "org/switchboard/recording/READY";
    /** A recording was marked heard or unheard, or deleted: same properties, plus {@code deleted}. */
    public static final String RECORDING_UPDATED = "org/switchboard/recording/UPDATED";
    /**
     * Recordings cannot be written: a capture failed ({@code file}, {@code error}) or free space
     * under the recordings directory fell below the limit ({@code freeBytes}). Calls go on.
     */
    public static final String RECORDING_STORAGE_ALERT = "org/switchboard/recording/STORAGE_ALERT";

    private Topics() {}
}
