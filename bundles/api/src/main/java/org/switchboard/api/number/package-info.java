/** The number plan: extensions, DIDs, the main number, groups and routes. */
@org.osgi.annotation.versioning.Version("0.2.0")
package org.switchboard.api.number;
