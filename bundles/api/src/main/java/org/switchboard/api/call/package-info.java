/** Calls and legs, and the call-control contract that SIP, WebRTC and REST drive. */
@org.osgi.annotation.versioning.Version("0.5.0")
package org.switchboard.api.call;
