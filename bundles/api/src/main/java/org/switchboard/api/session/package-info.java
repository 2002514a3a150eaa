/** Authenticated agent sessions (REST and WebSocket tokens). */
@org.osgi.annotation.versioning.Version("0.1.0")
package org.switchboard.api.session;
