package org.switchboard.api.call;

/** The caller leg started the call; callee legs were offered it. */
public enum LegRole {
    CALLER,
    CALLEE
}
