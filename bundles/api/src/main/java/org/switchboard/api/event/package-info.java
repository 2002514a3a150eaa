/** EventAdmin topics and property names that Switchboard bundles publish. */
@org.osgi.annotation.versioning.Version("0.2.0")
package org.switchboard.api.event;
