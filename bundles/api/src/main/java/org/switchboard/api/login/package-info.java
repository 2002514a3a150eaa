/** Login protection shared by every way in (REST sessions, the SSH console). */
@org.osgi.annotation.versioning.Version("0.1.0")
package org.switchboard.api.login;
