/** SIP registrations (where agents' phones can be reached) and the digest credentials that admit them. */
@org.osgi.annotation.versioning.Version("0.1.0")
package org.switchboard.api.registration;
