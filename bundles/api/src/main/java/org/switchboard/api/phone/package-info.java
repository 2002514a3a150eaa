/**
 * The agents' browser phone lines: one WebRTC session per agent, held by one browser tab, that
 * calls are bridged onto and off without renegotiation.
 */
@org.osgi.annotation.versioning.Version("0.2.0")
package org.switchboard.api.phone;
