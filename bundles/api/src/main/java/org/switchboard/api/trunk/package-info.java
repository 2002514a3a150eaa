/** Carrier trunks as seen by admins. */
@org.osgi.annotation.versioning.Version("0.1.0")
package org.switchboard.api.trunk;
