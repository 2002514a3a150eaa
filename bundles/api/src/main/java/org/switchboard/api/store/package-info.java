/** The store as an admin sees it: an online backup. */
@org.osgi.annotation.versioning.Version("0.1.0")
package org.switchboard.api.store;
