package org.switchboard.rest.internal.view;

import org.switchboard.api.agent.AgentSettings;
import org.switchboard.api.agent.CallRelation;
import org.switchboard.api.agent.PostCallNavigation;

/**
 * The softphone settings (SEED-FEATURES #2) in JSON. Every field is required on PUT, so a
 * client always sends the whole settings object it showed to the agent.
 */
public record SettingsView(
        String microphone,
        String speaker,
        String ringer,
        Boolean clickToCall,
        CallRelation callRelation,
        PostCallNavigation postCallNavigation,
        Boolean incomingNotification) {

    public static SettingsView of(AgentSettings s) {
        return new SettingsView(s.microphone(), s.speaker(), s.ringer(), s.clickToCall(), s.callRelation(),
                s.postCallNavigation(), s.incomingNotification());
    }

    public AgentSettings toSettings() {
        requirePresent(clickToCall, "clickToCall");
        requirePresent(callRelation, "callRelation");
        requirePresent(postCallNavigation, "postCallNavigation");
        requirePresent(incomingNotification, "incomingNotification");
        return new AgentSettings(microphone, speaker, ringer, clickToCall, callRelation, postCallNavigation,
                incomingNotification);
    }

    private static void requirePresent(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
    }
}
